"""Saved mixes side by side: their metric tables with the change against the first, their
composition, and what makes two of them not comparable."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

import pandas as pd

from mixscope.store.record import SavedMix

__all__ = ["COMPARE_COLUMNS", "comparability", "compare_table", "composition", "side_by_side"]

#: Columns of :func:`compare_table`.
COMPARE_COLUMNS = (
    "mix", "version", "metric", "group", "value", "ci_low", "ci_high", "status", "delta",
)  # fmt: skip


def compare_table(mixes: Sequence[SavedMix]) -> pd.DataFrame:
    """Every metric of every mix in long form, columns :data:`COMPARE_COLUMNS`, in the first
    mix's metric order (metrics only later mixes have come after). ``delta`` is the value minus
    the first mix's value (NaN where either is NaN or the first lacks the metric).

    Examples
    --------
    >>> from mixscope.store.record import MixRecord, Input
    >>> def saved(name, value):
    ...     table = pd.DataFrame({"metric": ["vendi"], "group": ["diversity"], "value": [value],
    ...                           "ci_low": [None], "ci_high": [None], "noise_floor": [None],
    ...                           "status": ["pass"], "settings": ["{}"]})
    ...     spec = ('[mix]\\nsynthetic_share = 0.0\\nsize = 1\\n[[corpus]]\\npath = "r.csv"\\n'
    ...             'role = "real"\\n')
    ...     counts = pd.DataFrame({"source": ["r"], "role": ["real"], "n": [1]})
    ...     record = MixRecord(spec, (Input("r", "real", "r.csv", "h", 1),), table, counts)
    ...     return SavedMix(name, 1, record, "", "", "draft", "")
    >>> compare_table([saved("a", 10.0), saved("b", 12.5)])["delta"].tolist()
    [0.0, 2.5]
    """
    if not mixes:
        raise ValueError("compare needs at least one saved mix")
    frames = []
    names = mix_labels(mixes)
    for saved, label in zip(mixes, names, strict=True):
        table = saved.record.table.drop(columns=["noise_floor", "settings"])
        frames.append(table.assign(mix=label, version=saved.version))
    long = pd.concat(frames, ignore_index=True)
    reference = frames[0].drop_duplicates("metric").set_index("metric")["value"]
    long["delta"] = long["value"] - long["metric"].map(reference).astype(float)
    order = list(dict.fromkeys(long["metric"]))
    long["_m"], long["_n"] = long["metric"].map(order.index), long["mix"].map(names.index)
    long = long.sort_values(["_m", "_n"], kind="stable").drop(columns=["_m", "_n"])
    return long.loc[:, list(COMPARE_COLUMNS)].reset_index(drop=True)


def mix_labels(mixes: Sequence[SavedMix]) -> list[str]:
    """What names each mix in a comparison: its name, or ``NAME@VERSION`` where versions of
    one name are compared with each other.

    Examples
    --------
    >>> from types import SimpleNamespace as Saved
    >>> mix_labels([Saved(name="a", version=1), Saved(name="a", version=2),
    ...             Saved(name="b", version=3)])
    ['a@1', 'a@2', 'b']
    """
    counts = Counter(saved.name for saved in mixes)
    return [f"{m.name}@{m.version}" if counts[m.name] > 1 else m.name for m in mixes]


def side_by_side(long: pd.DataFrame) -> pd.DataFrame:
    """:func:`compare_table` as one row per metric: ``metric, group``, then per mix ``<mix>
    value``, ``<mix> status`` and, after the first, ``<mix> delta``."""
    mixes = list(dict.fromkeys(long["mix"]))
    metrics = long.drop_duplicates("metric")[["metric", "group"]].reset_index(drop=True)
    out = metrics.copy()
    for position, name in enumerate(mixes):
        rows = long[long["mix"] == name].drop_duplicates("metric").set_index("metric")
        out[f"{name} value"] = metrics["metric"].map(rows["value"]).astype(float)
        out[f"{name} status"] = metrics["metric"].map(rows["status"])
        if position:
            out[f"{name} delta"] = metrics["metric"].map(rows["delta"]).astype(float)
    return out


def composition(mixes: Sequence[SavedMix]) -> pd.DataFrame:
    """Documents per source of each mix: ``mix, source, role, n, share`` (share of its mix)."""
    frames = []
    for saved, label in zip(mixes, mix_labels(mixes), strict=True):
        counts = saved.record.counts
        total = int(counts["n"].sum())
        share = counts["n"] / total if total else counts["n"] * 0.0
        frames.append(counts.assign(mix=label, share=share.astype(float)))
    columns = ["mix", "source", "role", "n", "share"]
    if not frames:
        return pd.DataFrame(columns=columns)
    return pd.concat(frames, ignore_index=True).loc[:, columns]


def relative_changes(long: pd.DataFrame) -> pd.DataFrame:
    """Each later mix's change against the first, in % of the first's value: ``metric, mix,
    change %`` from :func:`compare_table`'s long form (the first mix is the first ``mix``).

    Metrics whose first value is 0 or missing, and NaN changes, are left out: a percentage of
    nothing says nothing.

    Examples
    --------
    >>> long = pd.DataFrame({"metric": ["vendi", "vendi", "tvd", "tvd"],
    ...                      "mix": ["a", "b", "a", "b"], "value": [40.0, 30.0, 0.0, 0.1],
    ...                      "delta": [0.0, -10.0, 0.0, 0.1]})
    >>> relative_changes(long).to_dict("records")
    [{'metric': 'vendi', 'mix': 'b', 'change %': -25.0}]
    """
    columns = ["metric", "mix", "change %"]
    if long.empty:
        return pd.DataFrame(columns=columns)
    first = long["mix"].iloc[0]
    reference = long[long["mix"] == first].drop_duplicates("metric").set_index("metric")["value"]
    later = long[long["mix"] != first].copy()
    base = later["metric"].map(reference).astype(float)
    later["change %"] = 100 * later["delta"].astype(float) / base.abs()
    kept = later[base.notna() & (base != 0) & later["change %"].notna()]
    return kept.loc[:, columns].reset_index(drop=True)


def comparability(mixes: Sequence[SavedMix]) -> list[str]:
    """Sentences naming what differs between the mixes besides the mix itself: the embedding
    model (or, for one model, its files or backend), the evaluation options, the real corpus
    (each makes some values incomparable)."""
    notes = []
    labelled = dict(zip(mix_labels(mixes), mixes, strict=True))
    models = {label: m.record.model_id for label, m in labelled.items()}
    if len(set(models.values())) > 1:
        notes.append(f"Measured with different embedding models ({_pairs(models)}): the "
                     "embedding-based values are not comparable.")  # fmt: skip
    else:  # the same model, but its vectors from other files or another backend (records
        # saved before the evaluation named its embedder have none and are not compared)
        embedders = {label: m.record.evaluation.get("embedder_id") for label, m in labelled.items()}
        if len({e for e in embedders.values() if e}) > 1:
            notes.append(f"Embedded by different builds or backends of the model "
                         f"({_pairs(embedders)}): embedding-based values can differ slightly "
                         "for that reason.")  # fmt: skip
    options = ("sample_size", "n_boot", "n_boot_expensive", "label_column")  # seed: the mix's
    evaluations = {label: {k: m.record.evaluation.get(k) for k in options}
                   for label, m in labelled.items()}  # fmt: skip
    if len({tuple(e.values()) for e in evaluations.values()}) > 1:
        differing = [k for k in options if len({str(e[k]) for e in evaluations.values()}) > 1]
        notes.append(f"Evaluated with different options ({', '.join(differing)}): sampled "
                     "values and intervals differ for that reason too.")  # fmt: skip
    reals = {label: next((i.content_hash[:12] for i in m.record.inputs if i.role == "real"), "")
             for label, m in labelled.items()}  # fmt: skip
    if len(set(reals.values())) > 1:
        notes.append(f"The real corpora differ (content hashes {_pairs(reals)}): fidelity and "
                     "bias are judged against different references.")  # fmt: skip
    return notes


def _pairs(values: Mapping[str, object]) -> str:
    return ", ".join(f"{name}: {value}" for name, value in values.items())
