# One-word tasks. `make run` and `make test` work on a fresh machine: they build .venv first.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# The demo corpora's MiniLM vectors, embedded once here (not kept in git) so the app's first view
# needs no embedding; remade when the corpora, the generator or the installed packages change.
DEMO_VECTORS := data/demo_vectors.parquet
DEMO_CSV := data/real.csv data/synthetic_templated.csv data/synthetic_skewed.csv
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: install run test check lint typecheck bench demo-data clean

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --upgrade pip
	$(PY) -m pip install -r requirements-dev.txt
	$(PY) -m pip install --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

$(DEMO_VECTORS): $(STAMP) $(DEMO_CSV) data/generate_demo.py
	$(PY) data/generate_demo.py --vectors-only

run: install $(DEMO_VECTORS)  ## start the app on the bundled demo corpora
	$(VENV)/bin/streamlit run app.py

check: install  ## lint, type-check and check the layering (import-linter contracts)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

test: check $(DEMO_VECTORS)  ## the whole suite: unit, page (AppTest), real model, browser
	$(VENV)/bin/pytest

bench: install  ## every benchmark: embedding -> results.md, metrics -> results_metrics.md, decide -> results_decide.md
	$(PY) -m benchmarks

demo-data: install  ## regenerate the demo corpora in data/ (seeded, deterministic)
	$(PY) data/generate_demo.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
