"""Deterministic, realistic French demo data (`flask --app vte seed-demo`)."""

from .generator import DemoDataError, seed_demo

__all__ = ["DemoDataError", "seed_demo"]
