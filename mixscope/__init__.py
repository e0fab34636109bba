"""MixScope: see how healthy a mix of real and synthetic text is before you train on it.

The package is UI-free: loading (:mod:`mixscope.corpus`), embedding (:mod:`mixscope.embed`),
mixing (:mod:`mixscope.mixing`) and export (:mod:`mixscope.export`) all work from Python and
from the ``mixscope`` command line.
"""

__version__ = "0.1.0"
