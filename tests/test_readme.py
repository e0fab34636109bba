"""The README stays true: its two commands, and every metric the registry evaluates."""

import re
from pathlib import Path

from mixscope.evaluation import REGISTRY

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_quickstart_is_the_two_make_commands_and_ci_calls_the_test_one():
    quickstart = README.split("## Quickstart", 1)[1].split("##", 1)[0]
    block = re.search(r"```bash\n(.*?)```", quickstart, re.S)
    assert block is not None
    commands = [line.split("#")[0].strip() for line in block[1].splitlines() if line.strip()]
    assert commands == ["make run", "make test"]
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_registered_metric_is_documented():
    documented = set(re.findall(r"^\| `([a-z0-9_]+)`", README, re.M))
    assert documented == set(REGISTRY)


def test_every_readme_image_exists():
    for path in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", README):
        assert (ROOT / path).is_file(), path


def test_the_python_example_runs(tmp_path, monkeypatch):
    section = README.split("## Python", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S)
    assert code is not None and "get_embedder()" in code[1]
    # The same code with the fast embedder, so the suite does not embed 5,400 texts with MiniLM.
    source = code[1].replace("get_embedder()", 'get_embedder("lexical")')
    (tmp_path / "data").symlink_to(ROOT / "data")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MIXSCOPE_CACHE_DIR", str(tmp_path / "cache"))
    namespace: dict[str, object] = {}
    exec(compile(source, "README.md", "exec"), namespace)
    table = namespace["result"].table  # type: ignore[attr-defined]
    assert set(table["status"]) <= {"pass", "warn", "fail", "n/a"}
    assert (tmp_path / "mix.csv").is_file()
