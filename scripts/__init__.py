"""Run and test entry points, the evaluation, benchmarks and generators of VTE Match.

A package so that the scripts import `vte` and each other without patching sys.path: run them from
the repository root as modules, e.g. `python -m scripts.evaluate --help`.
"""
