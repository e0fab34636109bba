"""Export: a drawn mix leaves as a CSV of its documents and a JSON manifest that describes it.

:mod:`~mixscope.export.writers` writes the documents (spreadsheet formulas escaped and counted on
request); :mod:`~mixscope.export.manifest` records inputs with content hashes, the config, counts
and software versions.
"""

from mixscope.export.manifest import (
    VERSIONED_PACKAGES,
    build_manifest,
    package_versions,
    write_manifest,
)
from mixscope.export.writers import (
    CSV_ESCAPING_NOTE,
    FORMULA_PREFIXES,
    escape_formula_cells,
    mix_to_csv,
    write_csv,
)

__all__ = [
    "CSV_ESCAPING_NOTE",
    "FORMULA_PREFIXES",
    "VERSIONED_PACKAGES",
    "build_manifest",
    "escape_formula_cells",
    "mix_to_csv",
    "package_versions",
    "write_csv",
    "write_manifest",
]
