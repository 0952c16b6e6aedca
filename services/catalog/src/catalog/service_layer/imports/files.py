"""An uploaded catalog file on disk, read as a stream: checked once, then section by section.

JSON goes through ijson's C parser. The first pass checks the document's shape and depth
from parser events alone (nothing is built: a 100,000-deep array would otherwise take all the
memory there is); later passes build one row at a time. CSV is read line by line. Nothing
here ever holds the whole file. Reading is CPU work: callers run it off the event loop.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ijson

from catalog.domain.catalog_file import (
    CSV_COLUMNS,
    SECTIONS,
    FileError,
    item_from_cells,
    unknown_sections,
)

# Nesting deeper than any valid row (item details are three levels down at most).
MAX_DEPTH = 32
CSV_TYPES = ("text/csv", "application/csv")
CSV_FIELD_LIMIT = 1024 * 1024
REQUIRED_CSV_COLUMNS = {"kind", "title", "language", "duration_minutes"}


class CatalogFile:
    """A JSON document or a CSV of items, at `path`."""

    def __init__(self, path: Path, content_type: str) -> None:
        self.path = path
        self.content_type = content_type
        self.csv = content_type in CSV_TYPES

    def check(self) -> dict[str, int]:
        """Rows per section; FileError naming the problem when the file cannot be read."""
        return self._check_csv() if self.csv else self._check_json()

    def rows(self, section: str) -> Iterator[Any]:
        """The raw rows of a section (dicts as the file has them), one at a time."""
        if self.csv:
            if section == "items":
                yield from self._csv_rows()
            return
        with self.path.open("rb") as handle:
            try:
                yield from ijson.items(handle, f"{section}.item", use_float=True)
            except (ijson.JSONError, UnicodeDecodeError) as exc:
                raise FileError(f"not a JSON document: {_first_line(exc)}") from exc

    # -- JSON ----------------------------------------------------------------------------

    def _check_json(self) -> dict[str, int]:
        counts = dict.fromkeys(SECTIONS, 0)
        depth = 0
        key: str | None = None
        seen: list[str] = []
        started = False
        with self.path.open("rb") as handle:
            try:
                for event, value in ijson.basic_parse(handle, use_float=True):
                    if depth == 0 and (started or event != "start_map"):
                        raise FileError(
                            "the document must be a JSON object with skills, roles, items and paths"
                        )
                    if depth == 1 and event == "map_key":
                        key = value
                        seen.append(value)
                        continue
                    if depth == 1 and key in SECTIONS and event not in ("start_array", "end_map"):
                        raise FileError(f"{key!r} must be a list")
                    if depth == 2 and key in counts and event not in ("end_array", "end_map"):
                        counts[key] += 1
                    if event in ("start_map", "start_array"):
                        started = True
                        depth += 1
                        if depth > MAX_DEPTH:
                            raise FileError(f"the document nests deeper than {MAX_DEPTH} levels")
                    elif event in ("end_map", "end_array"):
                        depth -= 1
                        if depth == 1:
                            key = None  # the section's value ended
            except (ijson.JSONError, UnicodeDecodeError) as exc:
                raise FileError(f"not a JSON document: {_first_line(exc)}") from exc
        if depth != 0 or not started:
            raise FileError("not a JSON document: it is empty or ends too early")
        unknown = unknown_sections(seen)
        if unknown:
            raise FileError(f"unknown sections {unknown}")
        return counts

    # -- CSV -----------------------------------------------------------------------------

    def _open_csv(self) -> Iterator[dict[str, str | None]]:
        csv.field_size_limit(CSV_FIELD_LIMIT)
        with self.path.open("r", encoding="utf-8-sig", newline="") as text:
            reader = csv.DictReader(text, strict=True)
            try:
                if reader.fieldnames is None:
                    raise FileError("the CSV file is empty")
                missing = REQUIRED_CSV_COLUMNS - set(reader.fieldnames)
                if missing:
                    raise FileError(f"the CSV header lacks the columns {sorted(missing)}")
                extra = set(reader.fieldnames) - set(CSV_COLUMNS)
                if extra:
                    raise FileError(f"unknown CSV columns {sorted(extra)}")
                yield from reader
            except csv.Error as exc:
                raise FileError(f"not a CSV file: after line {reader.line_num}: {exc}") from exc
            except UnicodeDecodeError as exc:
                raise FileError(f"a CSV file must be UTF-8: {exc}") from exc

    def _check_csv(self) -> dict[str, int]:
        counts = dict.fromkeys(SECTIONS, 0)
        counts["items"] = sum(1 for _ in self._open_csv())
        return counts

    def _csv_rows(self) -> Iterator[dict[str, Any]]:
        for cells in self._open_csv():
            yield item_from_cells(cells)


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
