"""The rows of an import file's sections, validated one by one; duplicates within a section."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from catalog.service_layer.imports.report import ImportReport, RowError

M = TypeVar("M", bound=BaseModel)


def parse_rows(
    rows: Sequence[Any], model: type[M], section: str, report: ImportReport
) -> list[tuple[int, M]]:
    """(index, validated row) of every valid row; each invalid one's errors go to the report."""
    parsed: list[tuple[int, M]] = []
    for index, raw in enumerate(rows):
        try:
            parsed.append((index, model.model_validate(raw)))
        except ValidationError as exc:
            key = raw_key(raw)
            for error in exc.errors(include_url=False):
                report.errors.append(
                    RowError(section, index + 1, key, list(error["loc"]), error["msg"])
                )
    return parsed


def raw_key(raw: Any) -> str | None:
    """What a raw row is known by in the report: its external id, else its id."""
    if isinstance(raw, dict):
        value = raw.get("external_id") or raw.get("id")
        return str(value) if value is not None else None
    return None


def report_duplicates(section: str, rows: Sequence[Any], report: ImportReport) -> None:
    """Rows naming an entry an earlier row already named (checked even on invalid rows)."""
    first: dict[str, int] = {}
    for index, raw in enumerate(rows):
        key = raw_key(raw) if section == "items" else _raw_id(raw)
        if key is None:
            continue
        if key in first:
            field = "id" if section != "items" or "external_id" not in raw else "external_id"
            report.errors.append(
                RowError(section, index + 1, key, [field], f"duplicate of row {first[key] + 1}")
            )
        else:
            first[key] = index


def _raw_id(raw: Any) -> str | None:
    return str(raw["id"]) if isinstance(raw, dict) and raw.get("id") is not None else None
