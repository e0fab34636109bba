"""all-MiniLM-L6-v2 through OpenVINO: the stock model, converted once, verified once per machine.

The stock SentenceTransformer's transformer, mean pooling and L2 normalisation are converted as
one torch module with ``openvino.convert_model`` (dynamic batch and sequence length) and
compiled for CPU with the ``LATENCY`` performance hint (``THROUGHPUT`` with one synchronous
request leaves a core idle). Texts are tokenised by the stock tokenizer (same truncation to
256 tokens), sorted by length and encoded in batches, so padding is short.

Files, under ``<cache root>/openvino/<slug of the stock cache id>-ov<openvino version>/``:
``model.xml`` and ``model.bin``, the converted model (written to a temporary folder and renamed
into place, so concurrent processes never see half a model; the loser of a race discards its
copy), and ``verified-<machine key>.json``, the verification on one machine.

Verification embeds :data:`PROBE_TEXTS` with both backends. The OpenVINO backend is used only
if every probe vector has cosine >= :data:`MIN_COSINE` to the stock vector and the measured
speed-up is >= :data:`MIN_SPEEDUP` (timed again, up to :data:`SPEED_ROUNDS` rounds, while it is
under: a burst of load should not decide for good); the result (numbers and reason) is
stored, keyed by CPU model, core count and the openvino, torch and sentence-transformers
versions, so later processes on the same machine only read it (``check_again=True``, or
``mixscope backend --check``, verifies again and replaces it, e.g. after a failure measured on
a busy machine). The first verification stored wins: processes verifying at the same time
adopt it, so they embed under one cache key.

Cache key. The embedding cache stays that of the stock model (``cache_id`` unchanged) only when
the probe vectors agree with the stock ones within float rounding (max coordinate difference
<= :data:`SAME_VECTORS_ATOL`, e.g. when OpenVINO runs in f32). On CPUs with bfloat16 (where
OpenVINO picks bf16 by default, and where its speed comes from) the vectors differ by ~1e-3 per
coordinate (cosine > 0.9999): equivalent, but not equal, so the key gets a tag
(``+openvino-bf16``) and a cache never mixes vectors of both backends.
"""

from __future__ import annotations

import functools
import json
import os
import platform
import shutil
import time
import uuid
import warnings
from collections.abc import Sequence
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import xxhash

from mixscope.embed.cache import default_cache_root, model_slug, remove_stale_folders
from mixscope.embed.load_noise import quiet_known_noise
from mixscope.embed.sentence_transformer import SentenceTransformerEmbedder

#: Every probe text's vector must have at least this cosine to the stock vector.
MIN_COSINE = 0.999
#: Measured speed-up over stock encode on the probe below which the stock backend is kept: the
#: issue asks for 3x on long runs; on 64 probe texts 1.5x still means it pays.
MIN_SPEEDUP = 1.5
#: Rounds of timing (each best of two interleaved runs) before a speed-up under the bar counts.
SPEED_ROUNDS = 3
#: Largest coordinate difference that counts as float rounding (f32 OpenVINO differs ~2e-7).
SAME_VECTORS_ATOL = 1e-5
#: The performance hint: issue 11 measured LATENCY at 3.8x stock, THROUGHPUT (one request) 2.0x.
COMPILE_CONFIG = {"PERFORMANCE_HINT": "LATENCY"}
_VERIFY_VERSION = 1
#: What the cache id of vectors that differ from stock ends with, before the precision.
CACHE_TAG = "+openvino-"

_SENTENCES = (
    "The committee postponed the budget vote after a long debate.",
    "A small bakery on the corner sells bread before sunrise.",
    "Interest rates rose again, and mortgage holders are worried.",
    "The river flooded the lower fields despite the new levee.",
    "Our software team fixed the login bug with surprising speed.",
    "Her grandmother painted the garden fence a pale shade of blue.",
    "Fans cheered as the underdogs won the final in extra time.",
    "Is the late train still running on Sundays, or was it cut?",
    "Volunteers repaired the old bridge while the market was closed.",
    "The survey results suggest most people prefer shorter meetings.",
)
#: 64 texts of varied length (a few characters to ~2,000, so some are truncated at 256
#: tokens), with very short, non-English and emoji texts.
PROBE_TEXTS: tuple[str, ...] = (
    *(
        " ".join(_SENTENCES[i % 10 :] + _SENTENCES * 3)[: 4 + (i * i * 37) % 2400]
        for i in range(58)
    ),
    "ok",
    "?",
    "Überraschung: das Café öffnet um 8 Uhr.",
    "東京で雨が降っています。",
    "🙂👍",
    "a" * 600,
)


class OpenVINOEmbedder:
    """all-MiniLM-L6-v2 converted to OpenVINO and compiled for CPU (module docstring).

    Build it with :func:`load_openvino_embedder`, which converts, caches and verifies.

    Attributes
    ----------
    model_id : str
        The stock model's, DEFAULT_MODEL_ID.
    cache_id : str
        The stock model's cache id, tagged ``+openvino-<precision>`` when vectors differ from
        stock beyond float rounding.
    dim : int
    backend : str
        ``"openvino"``.
    verification : dict
        The stored verification: speed-up, min cosine, max difference, precision, machine.
    """

    backend = "openvino"

    def __init__(
        self, stock: SentenceTransformerEmbedder, compiled: Any, verification: dict[str, Any]
    ) -> None:
        self._stock = stock
        self._compiled = compiled
        self.model_id = stock.model_id
        self.dim = stock.dim
        self.verification = verification
        self.cache_id = stock.cache_id + verification.get("cache_tag", "")

    def __repr__(self) -> str:
        return f"OpenVINOEmbedder({self.model_id!r}, dim={self.dim})"

    def encode(self, texts: Sequence[str], *, batch_size: int = 32) -> np.ndarray:
        """Embed texts; returns float32 array of shape (len(texts), dim), unit rows."""
        if batch_size < 1:
            raise ValueError(f"batch_size must be >= 1, got {batch_size}")
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        request = self._compiled.create_infer_request()  # per call: one may be shared by threads
        order = np.argsort([-len(t) for t in texts], kind="stable")  # similar lengths batched
        for start in range(0, len(texts), batch_size):
            rows = order[start : start + batch_size]
            features = _tokenize(self._stock, [texts[i] for i in rows])
            result = request.infer(features)
            out[rows] = np.asarray(result[0], dtype=np.float32)
        # bf16 inference leaves norms ~1e-3 off 1: renormalise in float32 for the cache's check
        out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), np.float32(1e-12))
        return out


def load_openvino_embedder(
    stock: SentenceTransformerEmbedder,
    *,
    cache_root: str | os.PathLike[str] | None = None,
    check_again: bool = False,
) -> OpenVINOEmbedder:
    """The OpenVINO twin of the stock default model, converted and verified if not done yet.

    Check ``verification["passed"]`` before preferring it to the stock model (``reason``
    says why not).

    Parameters
    ----------
    stock : SentenceTransformerEmbedder
        The loaded stock all-MiniLM-L6-v2 (converted, and the reference of the verification).
    cache_root : str or path, optional
        Where the converted model and verification live (``<root>/openvino/``); defaults to
        :func:`~mixscope.embed.default_cache_root`.
    check_again : bool, default=False
        Verify now and replace the stored verdict (say after a check on a busy machine fell
        back, or after an upgrade): processes already running keep the backend they loaded.

    Raises
    ------
    ImportError
        If openvino is not installed.
    """
    ov = _import_openvino()
    folder = model_folder(stock.cache_id, cache_root)
    xml = ensure_converted(stock, folder)
    compiled = ov.Core().compile_model(str(xml), "CPU", COMPILE_CONFIG)
    path = verification_path(stock.cache_id, cache_root)
    if check_again:
        verification = _store_first(path, verify(stock, compiled), replace=True)
    else:
        verification = _read_json(path) or _store_first(path, verify(stock, compiled))
    return OpenVINOEmbedder(stock, compiled, verification)


def model_folder(stock_cache_id: str, cache_root: str | os.PathLike[str] | None = None) -> Path:
    """Folder of the converted model and its verifications (module docstring)."""
    root = Path(cache_root).expanduser() if cache_root is not None else default_cache_root()
    version = metadata.version("openvino")
    return root / "openvino" / f"{model_slug(stock_cache_id)}-ov{version}"


def verification_path(
    stock_cache_id: str, cache_root: str | os.PathLike[str] | None = None
) -> Path:
    """Where this machine's verification of the converted model is stored (JSON)."""
    return model_folder(stock_cache_id, cache_root) / f"verified-{_machine_key()}.json"


def stored_verification(
    stock_cache_id: str, cache_root: str | os.PathLike[str] | None = None
) -> dict[str, Any] | None:
    """This machine's stored verification, without importing openvino or torch; None if none.

    With it, the cache key the default embedder uses is known without loading it:
    ``stock_cache_id + verification["cache_tag"]`` when ``verification["passed"]``.
    """
    try:
        return _read_json(verification_path(stock_cache_id, cache_root))
    except metadata.PackageNotFoundError:
        return None


def ensure_converted(stock: SentenceTransformerEmbedder, folder: Path) -> Path:
    """``folder/model.xml``, converting the stock model first if it is not there."""
    xml = folder / "model.xml"
    if xml.exists() and xml.with_suffix(".bin").exists():
        return xml
    folder.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_folders(folder.parent)
    temp = folder.parent / f".{folder.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.tmp"
    try:
        _convert(stock, temp / "model.xml")
        try:
            os.rename(temp, folder)  # atomic; fails if another process got there first
        except OSError:
            if not xml.exists():
                raise
    finally:
        shutil.rmtree(temp, ignore_errors=True)
    return xml


def verify(stock: SentenceTransformerEmbedder, compiled: Any) -> dict[str, Any]:
    """Embed :data:`PROBE_TEXTS` with both backends: agreement, speed-up, and the verdict."""
    texts = list(PROBE_TEXTS)
    twin = OpenVINOEmbedder(stock, compiled, {})
    stock.encode(texts[:8])  # warm-up, untimed
    twin.encode(texts[:8])
    stock_s, ov_s = float("inf"), float("inf")
    rounds = 0
    # interleaved, best of two, so background load hits both alike; a speed-up under the bar
    # may be a burst of load (the verdict is kept), so it is measured again, up to SPEED_ROUNDS
    while rounds < SPEED_ROUNDS and (rounds == 0 or stock_s / ov_s < MIN_SPEEDUP):
        rounds += 1
        for _ in range(2):
            start = time.perf_counter()
            reference = stock.encode(texts)
            stock_s = min(stock_s, time.perf_counter() - start)
            start = time.perf_counter()
            vectors = twin.encode(texts)
            ov_s = min(ov_s, time.perf_counter() - start)
    cosine = float(np.einsum("ij,ij->i", vectors, reference).min())
    max_diff = float(np.abs(vectors - reference).max())
    speedup = stock_s / ov_s
    precision = _type_name(compiled.get_property("INFERENCE_PRECISION_HINT"))
    reason = "ok"
    if not cosine >= MIN_COSINE:
        reason = f"min cosine to stock {cosine:.6f} < {MIN_COSINE}"
    elif speedup < MIN_SPEEDUP:
        reason = f"speed-up {speedup:.2f}x < {MIN_SPEEDUP}x on this CPU"
    return {
        "version": _VERIFY_VERSION,
        "passed": reason == "ok",
        "reason": reason,
        "speedup": speedup,
        "min_cosine": cosine,
        "max_abs_diff": max_diff,
        "precision": precision,
        "cache_tag": "" if max_diff <= SAME_VECTORS_ATOL else f"{CACHE_TAG}{precision}",
        "probe_texts": len(texts),
        "speed_rounds": rounds,
        "stock_seconds": stock_s,
        "openvino_seconds": ov_s,
        "performance_hint": COMPILE_CONFIG["PERFORMANCE_HINT"],
        "machine": _machine(),
        "checked_utc": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def _tokenize(stock: SentenceTransformerEmbedder, texts: list[str]) -> dict[str, np.ndarray]:
    """The stock tokenisation (strip, truncate to max_seq_length, pad to the longest)."""
    model = stock._model
    prepare = getattr(model, "preprocess", None) or model.tokenize
    features = prepare(texts)
    return {k: features[k].numpy() for k in ("input_ids", "attention_mask")}


def _convert(stock: SentenceTransformerEmbedder, xml: Path) -> None:
    import torch

    ov = _import_openvino()
    model = stock._model
    pooling = model[1].get_config_dict() if len(model) == 3 else {}
    if (
        pooling.get("pooling_mode", "mean" if pooling.get("pooling_mode_mean_tokens") else "")
        != "mean"
    ):
        raise ValueError(f"expected Transformer, mean Pooling, Normalize; got {model}")

    class _Pooled(torch.nn.Module):
        def __init__(self, encoder: torch.nn.Module) -> None:
            super().__init__()
            self.encoder = encoder

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask)[0]
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            mean = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, p=2.0, dim=1)

    example = {k: torch.from_numpy(v) for k, v in _tokenize(stock, ["a probe", "two"]).items()}
    dynamic = [(name, ov.PartialShape([-1, -1]), ov.Type.i64) for name in example]
    with torch.no_grad(), warnings.catch_warnings(), quiet_known_noise():
        warnings.simplefilter("ignore")  # tracing warnings about masks that do not apply here
        converted = ov.convert_model(
            _Pooled(model[0].auto_model).eval(), example_input=example, input=dynamic
        )
    xml.parent.mkdir(parents=True, exist_ok=True)
    ov.save_model(converted, str(xml), compress_to_fp16=False)


def _type_name(element_type: Any) -> str:
    """ "bf16", "f32", ...: the short name of an OpenVINO element type."""
    name = getattr(element_type, "get_type_name", None)
    return str(name() if callable(name) else element_type).lower()


def _import_openvino() -> Any:
    try:
        import openvino
    except ImportError:
        raise ImportError(
            "the OpenVINO backend needs the openvino package: pip install openvino "
            "(or MIXSCOPE_EMBED_BACKEND=stock)"
        ) from None
    return openvino


def _machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            names = [ln.split(":", 1)[1].strip() for ln in handle if ln.startswith("model name")]
        cpu = names[0] if names else cpu
    except OSError:
        pass
    versions: dict[str, str | None] = {}
    for package in ("openvino", "torch", "sentence-transformers"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    return {"cpu": cpu, "cores": os.cpu_count(), "versions": versions}


@functools.cache  # the CPU and the installed packages do not change under a running process
def _machine_key() -> str:
    blob = json.dumps([_VERIFY_VERSION, _machine()], sort_keys=True)
    return xxhash.xxh3_64_hexdigest(blob.encode("utf-8"))


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    ok = isinstance(data, dict) and data.get("version") == _VERIFY_VERSION
    return data if ok and {"passed", "reason", "cache_tag"} <= data.keys() else None


def _store_first(path: Path, data: dict[str, Any], *, replace: bool = False) -> dict[str, Any]:
    """Store a verification unless another process stored one first; returns the stored one.

    Processes that verify at the same time (Ray actors, an app and a CLI) can measure different
    speed-ups; the first verdict on disk wins, so they all embed under the same cache key. With
    ``replace`` (an explicit check again) it replaces whatever is stored.
    """
    temp = path.with_name(f".{path.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.tmp")
    try:
        temp.write_text(json.dumps(data, indent=2), "utf-8")
        if replace:
            os.replace(temp, path)
        else:
            os.link(temp, path)  # atomic, and fails if the file exists
    except FileExistsError:
        return _read_json(path) or data
    except OSError as err:
        if replace:
            raise OSError(f"could not store the verification in {path}: {err}") from None
        try:  # a file system without hard links: the last writer wins instead
            if temp.exists():
                os.replace(temp, path)
        except OSError:
            pass  # read-only cache: verified again next time
    finally:
        temp.unlink(missing_ok=True)
    return data
