"""An HRIS export (CSV) as employee events, for a replay through the broker.

Two kinds of rows, told apart by the optional `event` column:
- a snapshot row (`event` empty or absent): the employee as the export shows them, giving
  `hired` effective `hire_date`, then `left` effective `termination_date` when there is one;
- a change row (`event` = hired, role_changed, manager_changed or left): that one event,
  effective `effective_date` (`hire_date` for a hire).

Columns are the contract's field names (`employee_id`, `email`, `given_name`, `family_name`,
`display_name`, `role_id`, `role_title`, `manager_id`, `department`, `location`,
`employment_type`, `preferred_language`, `previous_role_id`, `previous_manager_id`) plus
`hire_date`, `termination_date`, `event`, `effective_date`, `occurred_at` and `event_id`;
header names are read case-insensitively, with spaces and hyphens as underscores. Other
columns are ignored. Each row yields its events or its problems, each naming the column, so
one bad row never stops a replay. Replaying the same export twice gives the same CloudEvent
ids (from `event_id`, else from the row's content), so consumers apply each change once.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from continuum_contracts.events.hris import (
    EmployeeEvent,
    EmployeeHired,
    EmployeeLeft,
    EmployeeManagerChanged,
    EmployeeRoleChanged,
)
from continuum_runtime.errors import FieldError
from gateway.hris.mapped import MappedEvent, MappingError, build

EVENT_MODELS: Mapping[str, type[EmployeeEvent]] = {
    "hired": EmployeeHired,
    "role_changed": EmployeeRoleChanged,
    "manager_changed": EmployeeManagerChanged,
    "left": EmployeeLeft,
}
_FIELD_COLUMNS = (
    "email", "given_name", "family_name", "display_name", "role_id", "role_title", "manager_id",
    "department", "location", "employment_type", "preferred_language", "previous_role_id",
    "previous_manager_id",
)  # fmt: skip
_OWN_COLUMNS = ("employee_id", "hire_date", "termination_date", "event", "effective_date",
                "occurred_at", "event_id")  # fmt: skip
KNOWN_COLUMNS = frozenset(_FIELD_COLUMNS + _OWN_COLUMNS)


@dataclass(frozen=True)
class RowOutcome:
    line: int  # where the row starts in the file; the header is line 1
    employee_id: str | None
    events: tuple[MappedEvent, ...] = ()
    problems: tuple[FieldError, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


def column_name(header: str) -> str:
    return re.sub(r"[\s-]+", "_", header.strip().lower())


class CsvExport:
    """Rows of an export, read lazily so that a replay of a large file streams."""

    def __init__(self, lines: Iterable[str], *, source_system: str, exported_at: datetime) -> None:
        self._reader = csv.reader(iter(lines))
        self.source_system = source_system
        self.source = f"/hris/{source_system}"
        self.exported_at = exported_at if exported_at.tzinfo else exported_at.replace(tzinfo=UTC)
        header = next(self._reader, None)
        if not header:
            raise MappingError.one(("header",), "the export is empty: a header row is required")
        self.columns = [column_name(h) for h in header]
        duplicates = sorted({c for c in self.columns if self.columns.count(c) > 1})
        if duplicates:
            raise MappingError.one(("header",), f"columns appear twice: {', '.join(duplicates)}")
        if "employee_id" not in self.columns:
            raise MappingError.one(("header",), "the column employee_id is required", "missing")
        self.ignored_columns = [c for c in self.columns if c not in KNOWN_COLUMNS]

    def rows(self) -> Iterator[RowOutcome]:
        line = self._reader.line_num + 1
        for values in self._reader:
            if any(v.strip() for v in values):
                yield self._row(line, values)
            line = self._reader.line_num + 1

    def _row(self, line: int, values: list[str]) -> RowOutcome:
        if len(values) > len(self.columns):
            return RowOutcome(line, None, problems=(FieldError(
                ("row",), f"{len(values)} values for {len(self.columns)} columns"),))  # fmt: skip
        row = {c: v.strip() for c, v in zip(self.columns, values, strict=False) if v.strip()}
        employee_id = row.get("employee_id")
        try:
            events = self._events(row)
        except MappingError as exc:
            return RowOutcome(line, employee_id, problems=exc.errors)
        return RowOutcome(line, employee_id, tuple(events))

    def _events(self, row: dict[str, str]) -> list[MappedEvent]:
        problems: list[FieldError] = []
        kind = row.get("event", "").lower()
        if kind and kind not in EVENT_MODELS:
            raise MappingError.one(("event",), f"must be one of {', '.join(EVENT_MODELS)}")
        occurred_at = self._moment(row, problems)
        hire_date = _day(row, "hire_date", problems)
        if not kind:
            termination = _day(row, "termination_date", problems)
            plan: list[tuple[str, date | None, str]] = [("hired", hire_date, "hire_date")]
            if termination is not None:
                plan.append(("left", termination, "termination_date"))
        else:
            effective = _day(row, "effective_date", problems)
            if kind == "hired" and effective is None:
                plan = [("hired", hire_date, "hire_date")]
            else:
                plan = [(kind, effective, "effective_date")]
        events = []
        for event_kind, effective_date, date_column in plan:
            if effective_date is None and not any(p.loc == (date_column,) for p in problems):
                problems.append(FieldError((date_column,), "a date is required", "missing"))
            if problems:
                continue
            data: dict[str, Any] = {
                "employee_id": row.get("employee_id"),
                "effective_date": effective_date,
                "occurred_at": occurred_at,
                "source_system": self.source_system,
                **{c: row[c] for c in _FIELD_COLUMNS if c in row},
            }
            event = build(EVENT_MODELS[event_kind], data, ())
            events.append(MappedEvent(event, self.source, _identity(row, event_kind, event)))
        if problems:
            raise MappingError(problems)
        return events

    def _moment(self, row: Mapping[str, str], problems: list[FieldError]) -> datetime:
        raw = row.get("occurred_at")
        if raw is None:
            return self.exported_at
        try:
            moment = datetime.fromisoformat(raw)
        except ValueError:
            problems.append(FieldError(("occurred_at",), f"{raw!r} is not an ISO 8601 time"))
            return self.exported_at
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _identity(row: Mapping[str, str], kind: str, event: EmployeeEvent) -> str:
    """The HRIS's id for the change, else what tells this change from the employee's others."""
    if "event_id" in row:
        return row["event_id"]
    target = getattr(event, {"role_changed": "role_id", "manager_changed": "manager_id"}.get(
        kind, "employee_id"), "")  # fmt: skip
    return f"{event.employee_id}|{kind}|{event.effective_date}|{target or ''}"


def _day(row: Mapping[str, str], column: str, problems: list[FieldError]) -> date | None:
    raw = row.get(column)
    if raw is None:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        problems.append(FieldError((column,), f"{raw!r} is not a date (YYYY-MM-DD)"))
        return None
