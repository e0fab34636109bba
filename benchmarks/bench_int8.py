"""Could int8 give the default model the 3x that bfloat16 does not? Speed against agreement.

The shipped OpenVINO backend (:mod:`mixscope.embed.openvino_backend`) runs all-MiniLM-L6-v2 in
bfloat16 where the CPU has it. This benchmark asks whether int8 would pass the same bar
(cosine >= :data:`~mixscope.embed.openvino_backend.MIN_COSINE` to the stock vectors for every
text) at a higher speed. It compiles, from the same converted model, with NNCF (``pip install
nncf``: not a MixScope dependency, so this benchmark is not part of ``make bench``):

- ``bf16`` (or ``f32``): the shipped backend, for reference;
- ``int8 weights, dynamic activations``: ``nncf.compress_weights`` (per-channel int8 weights)
  compiled with ``DYNAMIC_QUANTIZATION_GROUP_SIZE=32`` (activations quantised per group of 32
  at run time);
- ``int8 static``: ``nncf.quantize`` (post-training quantisation, ``ModelType.TRANSFORMER``,
  ``MIXED`` preset) calibrated on 300 demo texts not among those measured.

Each is timed against a stock ``SentenceTransformer.encode`` of the same texts in the same run
(best of two interleaved runs), on 600 demo texts and on the backend's 64 probe texts.
Written to benchmarks/results_int8.md.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

RESULTS = Path(__file__).resolve().parent / "results_int8.md"
MEASURED = 600  # demo texts measured
CALIBRATION = 300  # further demo texts for static quantisation


def _best_ratio(
    stock: Callable[[list[str]], np.ndarray],
    other: Callable[[list[str]], np.ndarray],
    texts: list[str],
) -> tuple[float, float]:
    """(speed-up of ``other`` over ``stock``, min cosine between them) on ``texts``."""
    other(texts[:32])  # warm-up
    stock_s = other_s = float("inf")
    for _ in range(2):
        start = time.perf_counter()
        reference = stock(texts)
        stock_s = min(stock_s, time.perf_counter() - start)
        start = time.perf_counter()
        vectors = other(texts)
        other_s = min(other_s, time.perf_counter() - start)
    return stock_s / other_s, float(np.einsum("ij,ij->i", vectors, reference).min())


def run() -> tuple[list[tuple[str, dict[str, tuple[float, float]]]], str]:
    """Rows (variant, {text set: (speed-up, min cosine)}) and the shipped precision."""
    import nncf
    import openvino as ov

    from benchmarks.bench_embed import load_texts
    from mixscope.embed import SentenceTransformerEmbedder
    from mixscope.embed.openvino_backend import (
        COMPILE_CONFIG,
        PROBE_TEXTS,
        OpenVINOEmbedder,
        _tokenize,
        _type_name,
        ensure_converted,
        model_folder,
    )

    stock = SentenceTransformerEmbedder()
    texts, _ = load_texts(MEASURED + CALIBRATION)
    sets = {"600 demo texts": texts[:MEASURED], "64 probe texts": list(PROBE_TEXTS)}
    calibration = texts[MEASURED:]
    core = ov.Core()
    with tempfile.TemporaryDirectory() as scratch:
        xml = str(ensure_converted(stock, model_folder(stock.cache_id, scratch)))

        def twin(model: Any, config: dict[str, Any]) -> OpenVINOEmbedder:
            return OpenVINOEmbedder(stock, core.compile_model(model, "CPU", config), {})

        shipped = twin(xml, COMPILE_CONFIG)
        precision = _type_name(shipped._compiled.get_property("INFERENCE_PRECISION_HINT"))
        weights = nncf.compress_weights(
            core.read_model(xml), mode=nncf.CompressWeightsMode.INT8_ASYM
        )
        batches = [_tokenize(stock, calibration[i : i + 16]) for i in range(0, CALIBRATION, 16)]
        static = nncf.quantize(
            core.read_model(xml),
            nncf.Dataset(batches),
            model_type=nncf.ModelType.TRANSFORMER,
            preset=nncf.QuantizationPreset.MIXED,
            subset_size=len(batches),
        )
        variants: Sequence[tuple[str, OpenVINOEmbedder]] = [
            (f"shipped backend ({precision})", shipped),
            (
                "int8 weights, dynamic activations (group 32)",
                twin(weights, COMPILE_CONFIG | {"DYNAMIC_QUANTIZATION_GROUP_SIZE": 32}),
            ),
            ("int8 static (NNCF post-training, MIXED)", twin(static, COMPILE_CONFIG)),
        ]
        rows = [
            (name, {k: _best_ratio(stock.encode, model.encode, v) for k, v in sets.items()})
            for name, model in variants
        ]
    return rows, precision


def main(argv: list[str] | None = None) -> int:
    from benchmarks.bench_embed import machine_info
    from mixscope.embed.openvino_backend import MIN_COSINE

    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args(argv)
    try:
        import nncf

        rows, _ = run()
    except ImportError as err:
        print(f"needs nncf, which MixScope does not depend on: pip install nncf ({err})")
        return 2
    names = list(rows[0][1])
    lines = [
        "# int8 against bfloat16 for all-MiniLM-L6-v2",
        "",
        "Written by `python -m benchmarks.bench_int8` (benchmarks/bench_int8.py; needs "
        f"`pip install nncf`, here nncf {nncf.__version__}): speed-up over a stock "
        "`SentenceTransformer.encode` of the same texts in the same run, and the minimum "
        f"cosine to its vectors (the backend's bar: >= {MIN_COSINE} for every text).",
        "",
        "| variant | " + " | ".join(f"{n}: speed-up | {n}: min cosine" for n in names) + " |",
        "|---|" + "---:|---:|" * len(names),
    ]
    for name, cells in rows:
        values = " | ".join(f"{s:.2f}x | {c:.5f}" for s, c in (cells[n] for n in names))
        lines.append(f"| {name} | {values} |")
    lines += ["", "## Machine", ""] + [f"- {k}: {v}" for k, v in machine_info().items()]
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
