"""Importers: turn other formats into interchange records (FORMAT.md).

The contract (entry-point group ``cxaudit.importers``)::

    convert(path, **options) -> Iterator[dict]

yields plain dicts exactly in the interchange shape (``{"kind": "message", "id": ...}``).
Importers do not validate what the reader validates: a value they cannot make sense of
(an unreadable date, say) is passed through so that the reader rejects that record with a
reason and the counts still reconcile. Problems with the input as a whole (file missing,
a required column absent, an unknown option) raise :class:`ImporterError` at once, before
anything is yielded.

Built-ins: ``twcs`` (Customer Support on Twitter) and ``csv`` (any CSV of messages with a
column mapping). Plugins add more with an entry point in the same group.
"""

from __future__ import annotations

import csv as _csv
import sys
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, TextIO

import orjson

from ..plugins import iter_entry_points

__all__ = [
    "ImporterError",
    "ImportError_",
    "Importer",
    "available_importers",
    "get_importer",
    "write_jsonl",
    "iter_csv_rows",
]

Importer = Callable[..., Iterator[dict]]


class ImporterError(ValueError):
    """The input or the options cannot be imported; the message says what and where."""


ImportError_ = ImporterError  # alias under the name the CLI may use


def available_importers() -> list[str]:
    return [name for name, _ in _entry_points()]


def _entry_points() -> list[tuple[str, Any]]:
    return [(ep.name, ep) for ep in iter_entry_points("cxaudit.importers")]


def get_importer(name: str) -> Importer:
    """The ``convert`` callable registered under ``name`` in ``cxaudit.importers``."""
    # Only the named entry point is loaded: a broken third-party importer must not stop
    # the others from working (``load_entry_points`` would load them all).
    for ep_name, ep in _entry_points():
        if ep_name == name:
            fn = ep.load()
            if not callable(fn):
                raise ImporterError(f"importer {name!r} ({ep.value}) is not callable")
            return fn
    known = ", ".join(available_importers()) or "none"
    raise ImporterError(f"unknown import format {name!r} (available: {known})")


def write_jsonl(records: Iterable[dict], out_path: str | Path) -> int:
    """Write records as JSON Lines to ``out_path`` ('-' for stdout); return how many."""
    n = 0
    opt = orjson.OPT_APPEND_NEWLINE
    if str(out_path) == "-":
        fh = sys.stdout.buffer
        for rec in records:
            fh.write(orjson.dumps(rec, option=opt))
            n += 1
        fh.flush()
        return n
    out = Path(out_path)
    if out.parent and not out.parent.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb", buffering=1 << 20) as fh:
        for rec in records:
            fh.write(orjson.dumps(rec, option=opt))
            n += 1
    return n


# --------------------------------------------------------------------------- CSV reading

# A bare carriage return inside an unquoted field (TWCS has one) makes Python's csv module
# end the record there (universal newlines) or fail ("new-line character seen in unquoted
# field"). Records are separated by "\n" only: lines are read with newline="\n", every "\r"
# that is not part of a line-ending "\r\n" is swapped for a private-use character that the
# csv module ignores, and swapped back in the field values.
_CR_STANDIN = "\ue000"


def _cr_safe_lines(fh: TextIO) -> Iterator[str]:
    for line in fh:
        if "\r" in line:
            if line.endswith("\r\n"):
                line = line[:-2].replace("\r", _CR_STANDIN) + "\n"
            else:
                line = line.replace("\r", _CR_STANDIN)
        yield line


def open_input(path: str | Path, encoding: str = "utf-8") -> TextIO:
    p = Path(path)
    if not p.exists():
        raise ImporterError(f"input not found: {path}")
    if p.is_dir():
        raise ImporterError(f"input is a directory, expected a CSV file: {path}")
    # utf-8-sig strips a byte-order mark that spreadsheet exports often start with
    enc = "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
    return open(p, "r", encoding=enc, errors="replace", newline="\n")


def iter_csv_rows(
    path: str | Path,
    required: Iterable[str] = (),
    *,
    delimiter: str = ",",
    encoding: str = "utf-8",
    purpose: dict[str, str] | None = None,
) -> Iterator[tuple[int, dict[str, str | None]]]:
    """Yield (line number of the record's first line, row dict) for a CSV file with a header.

    Raises ImporterError naming any column of ``required`` that the header lacks (with what
    it was for, from ``purpose``: column -> field).
    Values are strings; a row with fewer fields than the header has None for the rest.
    """
    fh = open_input(path, encoding)
    with fh:
        reader = _csv.reader(_cr_safe_lines(fh), delimiter=delimiter)
        try:
            header = next(reader)
        except StopIteration:
            raise ImporterError(f"{path}: empty file, expected a header line") from None
        except _csv.Error as exc:
            raise ImporterError(f"{path}: cannot read the header: {exc}") from None
        header = [h.strip() for h in header]
        missing = [c for c in required if c not in header]
        if missing:
            purpose = purpose or {}
            named = [f"{c!r} (for {purpose[c]})" if c in purpose else repr(c) for c in missing]
            raise ImporterError(
                f"{path}: missing column{'s' if len(missing) > 1 else ''} {', '.join(named)} "
                f"(the header has: {', '.join(repr(h) for h in header if h)})"
            )
        names = header
        width = len(names)
        line = reader.line_num + 1
        while True:
            try:
                fields = next(reader)
            except StopIteration:
                return
            except _csv.Error as exc:
                raise ImporterError(f"{path}:{reader.line_num}: malformed CSV: {exc}") from None
            start, line = line, reader.line_num + 1
            if not fields or (len(fields) == 1 and not fields[0].strip()):
                continue
            row: dict[str, str | None] = {}
            for i, name in enumerate(names):
                if i < width and i < len(fields):
                    v = fields[i]
                    if _CR_STANDIN in v:
                        v = v.replace(_CR_STANDIN, "\r")
                    row[name] = v
                else:
                    row[name] = None
            yield start, row


def reject_options(importer: str, options: dict[str, Any], allowed: Iterable[str]) -> None:
    unknown = sorted(set(options) - set(allowed))
    if unknown:
        raise ImporterError(
            f"{importer}: unknown option{'s' if len(unknown) > 1 else ''} {', '.join(unknown)} "
            f"(known: {', '.join(sorted(allowed))})"
        )
