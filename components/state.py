"""Session state: the one module that names every session key and holds every default.

Pages and components read and write the session through these names, and every page gets the
mix it shows from :func:`mix_config`, so the Mix page's widgets and the metric pages can never
disagree about defaults. :func:`reset` clears everything the user set.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import streamlit as st

from components import data
from mixscope.corpus import Corpus
from mixscope.evaluation import REGISTRY
from mixscope.mixing import MixConfig, parse_strategy

# --- keys --------------------------------------------------------------------------------------
CORPORA = "corpora"
#: Widget key of the sidebar's model choice (tests set it to ``"lexical (fast)"``).
MODEL = "model"
# the Mix page's controls (kept across pages with persist_state="session")
SHARE = "mix_share"
SIZE = "mix_size"
MODE = "mix_mode"
STRATEGY = "mix_strategy"
STRATIFY_BY = "mix_stratify_by"
SEED = "mix_seed"
REAL = "mix_real"
USE_UNIFORM = "mix_use_uniform"  # the button offered when stratified sampling has no column
# metric settings
SAMPLE_SIZE = "metrics_sample_size"
N_BOOT = "metrics_n_boot"
LABEL_COLUMN = "metrics_label_column"
COMPUTE = "metrics_compute_embeddings"
CANCEL_EMBEDDING = "cancel_embedding"
CANCEL_INDEX = "cancel_index"
RESUME_INDEX = "resume_index"
# page widgets
BIAS_AXIS = "bias_axis"
DUPLICATE_KIND = "dup_kind"
DUPLICATE_CLUSTER = "dup_cluster"
# the add-a-corpus section: source, path input, uploader generation, messages of the last add
ADD_SOURCE = "add_source"
ADD_PATH = "add_path"
UPLOAD_ROUND = "add_upload_round"
ADDED_UPLOADS = "add_uploads_added"  # file ids of the uploader's files already added
REMOVED = "removed_corpus"  # (position, corpus) of the last removal, until undone or replaced
UNDO_REMOVE = "undo_remove"
ADDED = "add_message"
FAILED = "add_error"
# the Decide page: guardrails (a list of Guardrail), the editor's generation, the last loaded
# guardrails file, the sweep's and the weight search's Cancel buttons, and their start buttons
GUARDRAILS = "decide_guardrails"
GUARDRAILS_ROUND = "decide_guardrails_round"
GUARDRAILS_FILE = "decide_guardrails_file"
GUARDRAILS_JUDGED = "decide_guardrails_judged"  # as edited in the table: what was judged
CANCEL_SWEEP = "cancel_sweep"
SEARCH_WEIGHTS = "decide_search_weights"
CANCEL_WEIGHTS = "cancel_weights"
APPLY = "decide_apply"
APPLY_WEIGHTS = "decide_apply_weights"
APPLIED = "decide_applied"  # the message the Mix page shows after an apply
# mix specs (components/spec_io.py): the uploader, and the file already opened
SPEC_UPLOAD = "spec_upload"
SPEC_OPENED = "spec_opened"
SPEC_MESSAGES = "spec_messages"  # what opening the last spec did, shown once after the rerun
# the URL (components/url_state.py): read once per session; what it could not restore
URL_RESTORED = "url_restored"
URL_NOTES = "url_notes"
URL_DISMISS = "url_notes_dismiss"
# the Review page: the saved mix shown and the mixes compared; the review's status, comment and
# author (the author also signs saves) and its button; opening a saved mix in the Mix page and
# loading its missing corpora; the last message; archiving the shown mix and restoring an
# archived one, with their message. The Mix page's save form: name, comment,
# replace, its button and its message.
REVIEW_CHOSEN = "review_chosen"
REVIEW_COMPARED = "review_compared"
REVIEW_STATUS = "review_status"
REVIEW_COMMENT = "review_comment"
REVIEW_AUTHOR = "review_author"
REVIEW_SUBMIT = "review_submit"
REVIEW_OPEN = "review_open"
REVIEW_LOAD = "review_load"
REVIEW_MESSAGE = "review_message"
ARCHIVE_COMMENT = "archive_comment"
ARCHIVE_SUBMIT = "archive_submit"
ARCHIVE_MESSAGE = "archive_message"
RESTORE_CHOSEN = "restore_chosen"
RESTORE_SUBMIT = "restore_submit"
SAVE_NAME = "save_name"
SAVE_COMMENT = "save_comment"
SAVE_REPLACE = "save_replace"
SAVE_SUBMIT = "save_submit"
SAVE_MESSAGE = "save_message"


def weight_key(corpus: str) -> str:
    """Key of a synthetic corpus's weight slider."""
    return f"mix_weight_{corpus}"


def threshold_key(metric: str, level: str) -> str:
    """Key of a metric's ``"warn"`` or ``"fail"`` threshold."""
    return f"threshold_{metric}_{level}"


def upload_key(generation: int) -> str:
    """Key of the file uploader; a new generation empties it."""
    return f"add_upload_{generation}"


#: Name of the add form of the server path (an uploaded file's form: :func:`upload_form`).
PATH_FORM = "path"


def upload_form(file_id: str) -> str:
    """Name of an uploaded file's add form."""
    return f"upload_{file_id}"


def form_key(form: str, field: str) -> str:
    """Key of a field (name, role, column, add) of one file's add form."""
    return f"{form}_{field}"


def documents_key(table: str) -> str:
    """Key of a documents table (its selected row opens the whole text)."""
    return f"docs_{table}"


def remove_key(corpus: str) -> str:
    """Key of a corpus's remove button."""
    return f"remove_{corpus}"


# --- defaults ----------------------------------------------------------------------------------
#: Sidebar label -> name understood by ``mixscope.embed.get_embedder``.
MODEL_CHOICES = {
    "all-MiniLM-L6-v2": "all-MiniLM-L6-v2",
    "preview (fast, approximate)": "preview",
    "lexical (fast)": "lexical",
}
DEFAULT_MODEL = "all-MiniLM-L6-v2"
DEFAULT_SHARE = 0.25
DEFAULT_SIZE = 1_000
DEFAULT_MODE = "replace"
DEFAULT_STRATEGY = "uniform"
DEFAULT_SEED = 0
DEFAULT_WEIGHT = 1.0
DEFAULT_SAMPLE_SIZE = 1_000
DEFAULT_N_BOOT = 200
NO_LABEL = "(none)"


def init() -> None:
    """First run of a session: the bundled demo corpora and the default model."""
    if CORPORA not in st.session_state:
        st.session_state[CORPORA] = list(data.demo_corpora())
    st.session_state.setdefault(MODEL, DEFAULT_MODEL)


def reset() -> None:
    """Back to the bundled demo corpora and every default: mix, metric settings, thresholds,
    model and forms (all keys the session holds are cleared)."""
    for key in list(st.session_state):
        del st.session_state[key]
    st.query_params.clear()  # or the next run would read the old mix back from the URL
    st.session_state[URL_RESTORED] = True
    init()


# --- corpora -----------------------------------------------------------------------------------
def corpora() -> list[Corpus]:
    """The corpora loaded in this session, in the order they were added."""
    return list(st.session_state[CORPORA])


def add(corpus: Corpus) -> None:
    """Add a corpus; raises ValueError if the name is already taken (names key a mix)."""
    taken = [c.name for c in corpora()]
    if corpus.name in taken:
        raise ValueError(
            f"a corpus named {corpus.name!r} is already loaded; choose another name "
            f"(loaded: {taken})"
        )
    st.session_state[CORPORA] = [*corpora(), corpus]
    if corpus.role == "real":  # the user's own real corpus, never the demo's, is mixed
        st.session_state[REAL] = corpus.name


def identity(corpus: Corpus) -> tuple[str, str, str]:
    """Name, role and origin: what tells a corpus from the demo's of the same name."""
    return (corpus.name, corpus.role, corpus.origin)


def demo_loaded() -> bool:
    """Whether any bundled demo corpus is loaded (its note is shown only then)."""
    demo = {identity(c) for c in data.demo_corpora()}
    return any(identity(c) in demo for c in corpora())


def user_real_loaded() -> bool:
    """Whether the user loaded a real corpus of their own (not the demo's)."""
    demo = {identity(c) for c in data.demo_corpora()}
    return any(c.role == "real" and identity(c) not in demo for c in corpora())


def remove(name: str) -> None:
    """Remove the corpus called ``name`` (nothing happens if there is none); :func:`undo_remove`
    puts the last one removed back where it was."""
    loaded = corpora()
    found = [i for i, c in enumerate(loaded) if c.name == name]
    if not found:
        return
    st.session_state[REMOVED] = (found[0], loaded[found[0]])
    st.session_state[CORPORA] = [c for c in loaded if c.name != name]


def removed() -> Corpus | None:
    """The last corpus removed, while it can be put back."""
    entry = st.session_state.get(REMOVED)
    return None if entry is None else entry[1]


def undo_remove() -> None:
    """Put the last removed corpus back at its position (unless its name was taken since)."""
    entry = st.session_state.pop(REMOVED, None)
    if entry is None:
        return
    position, corpus = entry
    loaded = corpora()
    if any(c.name == corpus.name for c in loaded):
        return
    st.session_state[CORPORA] = [*loaded[:position], corpus, *loaded[position:]]


def model_name() -> str:
    """Name of the chosen embedding model as ``get_embedder`` understands it."""
    return MODEL_CHOICES[st.session_state[MODEL]]


# --- the mix -----------------------------------------------------------------------------------
def real_choices() -> list[str]:
    """Names of the loaded real corpora (the Mix page asks which one when there are several)."""
    return [c.name for c in corpora() if c.role == "real"]


def mix_corpora() -> list[Corpus]:
    """The corpora the mix uses: the chosen real corpus (the first if none was chosen), then
    every synthetic one."""
    loaded = corpora()
    real = [c for c in loaded if c.role == "real"]
    if len(real) > 1:
        real = [c for c in real if c.name == st.session_state.get(REAL)] or real[:1]
    return [*real, *(c for c in loaded if c.role == "synthetic")]


def set_mix_defaults(corpora: Sequence[Corpus]) -> None:
    """Put the defaults of the mix controls in the session (widgets then read them): the size
    follows the real corpus, so it is not a widget ``value=``."""
    real = next((c for c in corpora if c.role == "real"), None)
    st.session_state.setdefault(SHARE, DEFAULT_SHARE)
    st.session_state.setdefault(SEED, DEFAULT_SEED)
    st.session_state.setdefault(MODE, DEFAULT_MODE)
    st.session_state.setdefault(STRATEGY, DEFAULT_STRATEGY)
    st.session_state.setdefault(SIZE, max(min(DEFAULT_SIZE, len(real)), 1) if real else 1)
    for corpus in corpora:
        if corpus.role == "synthetic":
            st.session_state.setdefault(weight_key(corpus.name), DEFAULT_WEIGHT)


def mix_config(corpora: Sequence[Corpus], *, share: float | None = None) -> MixConfig:
    """The session's mix config (the Mix page's controls, or their defaults); ``share``
    replaces the session's synthetic share.

    Raises ValueError for an impossible request, e.g. stratified sampling without a column.
    """
    set_mix_defaults(corpora)
    session = st.session_state
    mode, strategy = session[MODE], str(session[STRATEGY])
    if strategy == "stratified":
        column = session.get(STRATIFY_BY)
        if column is None:
            raise ValueError("stratified sampling needs a column: choose it on the Mix page")
        strategy = f"stratified:{column}"
    synthetic = [c for c in corpora if c.role == "synthetic"]
    weights = None
    if len(synthetic) > 1:
        weights = tuple(float(session[weight_key(c.name)]) for c in synthetic)
    return MixConfig(
        synthetic_share=float(session[SHARE]) if share is None else share,
        size=int(session[SIZE]) if mode == "replace" else None,
        weights=weights,
        mode=mode,
        strategy=strategy,
        seed=int(session[SEED]),
    )


def apply_config(
    config: MixConfig, real: str, weights: Mapping[str, float], *, step: float | None = None
) -> dict[str, float]:
    """Set every Mix page control to ``config``: the real corpus, share, size, mode, sampling
    and seed, and each loaded synthetic corpus's weight from ``weights`` by name (0 for one not
    named), scaled so the largest is 1 (the sliders span 0 to 1) and, with ``step``, moved onto
    the sliders' grid. Returns the weights set, by corpus name."""
    session = st.session_state
    session[REAL] = real
    session[SHARE] = config.synthetic_share
    session[MODE] = config.mode
    session[SEED] = config.seed
    if config.size is not None:
        session[SIZE] = config.size
    strategy, column = parse_strategy(config.strategy)
    session[STRATEGY] = strategy
    if column is not None:
        session[STRATIFY_BY] = column
    top = max(weights.values(), default=1.0) or 1.0
    shown = {}
    for corpus in (c for c in corpora() if c.role == "synthetic"):
        weight = weights.get(corpus.name, 0.0) / top
        if step is not None:
            weight = round(round(weight / step) * step, 10)
        session[weight_key(corpus.name)] = shown[corpus.name] = weight
    return shown


def apply_mix(share: float, weights: Sequence[float] | None, corpora: Sequence[Corpus]) -> None:
    """Set the Mix page's share (and the synthetic weights, in corpus order) to a decision."""
    st.session_state[SHARE] = float(share)
    synthetic = [c for c in corpora if c.role == "synthetic"]
    if weights is not None:
        for corpus, weight in zip(synthetic, weights, strict=True):
            st.session_state[weight_key(corpus.name)] = float(weight)


# --- metric settings ---------------------------------------------------------------------------
def set_metric_defaults() -> None:
    """Put the defaults of the metric settings and thresholds in the session."""
    st.session_state.setdefault(SAMPLE_SIZE, DEFAULT_SAMPLE_SIZE)
    st.session_state.setdefault(N_BOOT, DEFAULT_N_BOOT)
    st.session_state.setdefault(LABEL_COLUMN, NO_LABEL)
    for name, metric in REGISTRY.items():
        st.session_state.setdefault(threshold_key(name, "warn"), metric.warn)
        st.session_state.setdefault(threshold_key(name, "fail"), metric.fail)


def thresholds() -> dict[str, tuple[float, float]]:
    """The user's (warn, fail) per metric that was changed from the registry default."""
    set_metric_defaults()
    out = {}
    for name, metric in REGISTRY.items():
        warn = float(st.session_state[threshold_key(name, "warn")])
        fail = float(st.session_state[threshold_key(name, "fail")])
        if (warn, fail) != (metric.warn, metric.fail):
            out[name] = (warn, fail)
    return out


def label_columns(corpora: Sequence[Corpus]) -> list[str]:
    """Metadata columns of the real corpus that label_tvd can compare."""
    return [c for corpus in corpora if corpus.role == "real" for c in corpus.metadata_columns]


def metric_options(corpora: Sequence[Corpus]) -> data.MetricOptions:
    """The session's evaluation options: sample size, resamples, label column (the chosen one if
    the real corpus still has it) and changed thresholds."""
    set_metric_defaults()
    chosen = st.session_state[LABEL_COLUMN]
    return data.MetricOptions(
        sample_size=int(st.session_state[SAMPLE_SIZE]),
        n_boot=int(st.session_state[N_BOOT]),
        label_column=chosen if chosen in label_columns(corpora) else None,
        thresholds=tuple(sorted(thresholds().items())),
    )
