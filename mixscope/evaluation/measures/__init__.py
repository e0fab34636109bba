"""Each registered metric as a measure over the index: one module per family, each holding its
measures (private) and their registry entries (``METRICS``); see
:mod:`~mixscope.evaluation.measures.base` for the two shapes a measure takes."""
