"""Health metrics of a mix: diversity, duplication, fidelity and bias.

Every metric takes arrays or frames (never paths, models or widgets), checks its input once,
takes keyword-only options and returns unrounded floats.
"""
