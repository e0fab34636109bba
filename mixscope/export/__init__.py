"""Export: a drawn mix leaves as a file of its documents and a JSON manifest that describes it.

:mod:`~mixscope.export.chunks` cuts the documents (and, on request, the per-document findings)
into chunks of rows; :mod:`~mixscope.export.formats` writes them as CSV, Parquet
(:mod:`~mixscope.export.parquet`) or JSONL, byte-exact, and says what it wrote;
:mod:`~mixscope.export.writers` holds the CSV writer and the spreadsheet escaping, applied only
on request; :mod:`~mixscope.export.manifest` records inputs with content hashes, the config,
the file's SHA-256, counts and software versions; :mod:`~mixscope.export.reproduce` draws a
mix again from its manifest; :mod:`~mixscope.export.report` writes the self-contained HTML
health report.
"""

from mixscope.export.chunks import CHUNK_ROWS, document_chunks, findings_frame
from mixscope.export.formats import (
    OUTPUT_FORMATS,
    Written,
    file_sha256,
    mix_bytes,
    output_format,
    write_mix,
)
from mixscope.export.manifest import (
    VERSIONED_PACKAGES,
    build_manifest,
    data_hash,
    package_versions,
    write_manifest,
)
from mixscope.export.report import health_report_html
from mixscope.export.reproduce import Reproduction, read_manifest, recorded_model, reproduce
from mixscope.export.writers import (
    CSV_ESCAPING_NOTE,
    FORMULA_PREFIXES,
    escape_formula_cells,
    mix_to_csv,
    write_csv,
)

__all__ = [
    "CHUNK_ROWS",
    "CSV_ESCAPING_NOTE",
    "FORMULA_PREFIXES",
    "OUTPUT_FORMATS",
    "VERSIONED_PACKAGES",
    "Reproduction",
    "Written",
    "build_manifest",
    "data_hash",
    "document_chunks",
    "escape_formula_cells",
    "file_sha256",
    "findings_frame",
    "health_report_html",
    "mix_bytes",
    "mix_to_csv",
    "output_format",
    "package_versions",
    "read_manifest",
    "recorded_model",
    "reproduce",
    "write_csv",
    "write_manifest",
    "write_mix",
]
