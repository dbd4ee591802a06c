"""The one place hooks are declared. Built-ins use the same entry-point groups as plugins.

Entry-point groups:

- ``cxaudit.detectors``: a Detector subclass (see ``cxaudit.detectors.base``).
- ``cxaudit.signals``: a callable ``factory(config) -> Recognizer`` (see ``cxaudit.signals.base``).
- ``cxaudit.importers``: a callable ``convert(input_path, **options) -> Iterator[dict]`` yielding
  interchange records (see ``cxaudit.importers``).
"""

from __future__ import annotations

from importlib.metadata import entry_points
from typing import Any, Iterator

HOOKS = {
    "cxaudit.detectors": "Detector subclasses; one per finding code.",
    "cxaudit.signals": "Recognizer factories: factory(config) -> Recognizer.",
    "cxaudit.importers": "Importers: convert(path, **options) -> iterator of interchange records.",
}


def iter_entry_points(group: str):
    if group not in HOOKS:
        raise KeyError(f"undeclared hook group {group!r}")
    return sorted(entry_points(group=group), key=lambda ep: ep.name)


def load_entry_points(group: str) -> Iterator[tuple[str, Any]]:
    for ep in iter_entry_points(group):
        yield ep.name, ep.load()
