"""cxaudit: audit a company's customer service across channels, systems and published content."""

from __future__ import annotations

__version__ = "0.1.0"

from .api import Result, analyze  # noqa: E402

__all__ = ["Result", "analyze", "__version__"]
