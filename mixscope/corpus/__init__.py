"""Corpora: reading files into a :class:`Corpus` of documents, with every unusable record kept.

Stage one of the pipeline. Files (CSV, TSV, JSON, JSONL, Parquet, text) are read in chunks by
:mod:`~mixscope.corpus.formats` (decoding in :mod:`~mixscope.corpus.encoding`, one parser per
text format in :mod:`~mixscope.corpus.parsers`, Parquet in :mod:`~mixscope.corpus.parquet`),
within the limits of :mod:`~mixscope.corpus.limits`; the text column is found by
:mod:`~mixscope.corpus.detect`, and :mod:`~mixscope.corpus.assemble` sorts records into documents
and dropped rows. :func:`load_corpus` ties them together; :func:`load_hf_dataset` reads Hugging
Face datasets (offline unless asked). :mod:`~mixscope.corpus.text` holds the text normalisation and
hashing every later stage keys on; :mod:`~mixscope.corpus.demo` the bundled demo corpora.
"""

from mixscope.corpus.assemble import assemble
from mixscope.corpus.corpus import BASE_COLUMNS, DROPPED_COLUMNS, ROLES, Corpus, CorpusError, Role
from mixscope.corpus.demo import DEMO_DIR, DEMO_FILES, DEMO_NOTE, DemoFile, load_demo_corpora
from mixscope.corpus.describe import describe
from mixscope.corpus.detect import PREFERRED_TEXT_COLUMNS, detect_text_column
from mixscope.corpus.formats import EXTENSIONS, SUPPORTED_FORMATS, TxtMode, format_for, iter_records
from mixscope.corpus.hub import load_hf_dataset
from mixscope.corpus.limits import MAX_COLUMNS
from mixscope.corpus.load import load_corpus
from mixscope.corpus.records import DEFAULT_CHUNK_ROWS, BadRecord, Chunk
from mixscope.corpus.text import normalize_text, text_key

__all__ = [
    "BASE_COLUMNS",
    "DEFAULT_CHUNK_ROWS",
    "DEMO_DIR",
    "DEMO_FILES",
    "DEMO_NOTE",
    "DROPPED_COLUMNS",
    "EXTENSIONS",
    "MAX_COLUMNS",
    "PREFERRED_TEXT_COLUMNS",
    "ROLES",
    "SUPPORTED_FORMATS",
    "BadRecord",
    "Chunk",
    "Corpus",
    "CorpusError",
    "DemoFile",
    "Role",
    "TxtMode",
    "assemble",
    "describe",
    "detect_text_column",
    "format_for",
    "iter_records",
    "load_corpus",
    "load_demo_corpora",
    "load_hf_dataset",
    "normalize_text",
    "text_key",
]
