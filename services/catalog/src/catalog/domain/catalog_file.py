"""Catalog files: the JSON document and the CSV of items, read into rows and written back.

JSON: {"format": "continuum-catalog/1", "skills": [...], "roles": [...], "items": [...],
"paths": [...]}.
CSV (items only): one item per line; lists are `;`-separated, skills as `skill_id:level`, details as JSON.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

FORMAT = "continuum-catalog/1"
SECTIONS = ("skills", "roles", "items", "paths")
CSV_SCOPE = "items only: skills, roles and paths are in the JSON export"
CSV_COLUMNS = (
    "external_id",
    "id",
    "kind",
    "title",
    "summary",
    "language",
    "duration_minutes",
    "skills",
    "prerequisites",
    "tags",
    "url",
    "provider",
    "activity_iri",
    "status",
    "details",
)


# A cell a spreadsheet would run as a formula starts with one of these (OWASP's list). The
# export prefixes such a cell with an apostrophe, which spreadsheets show as text; the import
# takes the apostrophe off again, so an export imports back unchanged.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def restore(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell


class FileError(ValueError):
    """The file cannot be read at all (bad JSON, missing CSV header...)."""


def read_json(data: bytes) -> dict[str, list[Any]]:
    try:
        document = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FileError(f"not a JSON document: {exc}") from exc
    if not isinstance(document, dict):
        raise FileError("the document must be a JSON object with skills, roles, items and paths")
    sections: dict[str, list[Any]] = {}
    for name in SECTIONS:
        value = document.get(name, [])
        if not isinstance(value, list):
            raise FileError(f"{name!r} must be a list")
        sections[name] = value
    unknown = unknown_sections(document)
    if unknown:
        raise FileError(f"unknown sections {unknown}")
    return sections


def unknown_sections(keys: Iterable[str]) -> list[str]:
    return sorted(set(keys) - {"format", "source", *SECTIONS})


def read_csv(data: bytes) -> dict[str, list[Any]]:
    """CSV rows as item dicts; cells that do not parse are left for validation to report."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileError(f"a CSV file must be UTF-8: {exc}") from exc
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames is None:
        raise FileError("the CSV file is empty")
    missing = {"kind", "title", "language", "duration_minutes"} - set(reader.fieldnames)
    if missing:
        raise FileError(f"the CSV header lacks the columns {sorted(missing)}")
    extra = set(reader.fieldnames) - set(CSV_COLUMNS)
    if extra:
        raise FileError(f"unknown CSV columns {sorted(extra)}")
    return {
        "skills": [],
        "roles": [],
        "items": [item_from_cells(row) for row in reader],
        "paths": [],
    }


def item_from_cells(cells: dict[str, str | None]) -> dict[str, Any]:
    item: dict[str, Any] = {}
    for name, raw in cells.items():
        value = restore((raw or "").strip())
        if name is None or value == "":
            continue
        if name in ("tags", "prerequisites"):
            item[name] = [v.strip() for v in value.split(";") if v.strip()]
        elif name == "skills":
            item[name] = [_skill_cell(v.strip()) for v in value.split(";") if v.strip()]
        elif name == "details":
            try:
                item[name] = json.loads(value)
            except (json.JSONDecodeError, RecursionError):
                item[name] = value  # reported by validation as "not an object"
        else:
            item[name] = value
    return item


def _skill_cell(value: str) -> dict[str, Any] | str:
    skill_id, sep, level = value.rpartition(":")
    if not sep:
        return value
    return {"skill_id": skill_id, "level": level}


def write_json(
    skills: Iterable[dict[str, Any]],
    roles: Iterable[dict[str, Any]],
    items: Iterable[dict[str, Any]],
    source: str | None = None,
    paths: Iterable[dict[str, Any]] = (),
) -> bytes:
    document: dict[str, Any] = {"format": FORMAT}
    if source:
        document["source"] = source
    document.update(skills=list(skills), roles=list(roles), items=list(items), paths=list(paths))
    return json.dumps(document, ensure_ascii=False, indent=1).encode()


def write_csv(items: Iterable[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for item in items:
        cells = {
            **{k: item.get(k) for k in CSV_COLUMNS},
            "skills": ";".join(f"{s['skill_id']}:{s['level']}" for s in item["skills"]),
            "prerequisites": ";".join(item["prerequisites"]),
            "tags": ";".join(item["tags"]),
            "details": json.dumps(item["details"], ensure_ascii=False, sort_keys=True),
        }
        writer.writerow({k: neutralise(v) if isinstance(v, str) else v for k, v in cells.items()})
    return out.getvalue().encode()
