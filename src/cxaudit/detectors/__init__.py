"""Detectors: one module per finding code. The registry loads them from entry points."""

from .base import Context, Detector, NoSettings, load_detectors

__all__ = ["Context", "Detector", "NoSettings", "load_detectors"]
