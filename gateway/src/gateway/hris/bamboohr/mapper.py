"""BambooHR-style employee webhooks as `hris.employees.v1` events.

The shape is BambooHR's field-based webhook, in JSON:

    {"employees": [{"id": "312", "action": "Updated", "timestamp": "2026-01-31T18:42:00+0000",
                    "changedFields": ["Job Title"], "fields": {"Job Title": "Data Analyst"}}]}

- `Created` becomes `employee.hired`; the webhook must post the fields a hire needs (names,
  work email, job title or role id, department, location; hire date, supervisor optional).
- `Updated` becomes one event per kind of change: the job title (or role id) changing gives
  `role_changed`, the supervisor changing `manager_changed`, the status turning "Inactive" or a
  termination date appearing `left`, the status turning "Active" a re-hire. Other changed
  fields have no event of their own and are reported as ignored.
- `Deleted` becomes `employee.left`, effective the day of the timestamp.

BambooHR never sends previous values, and `role_changed` needs the previous role: the caller
passes what the platform knows (`known`) for the employees `employees_needing_history` names.
A delivery maps whole or not at all; every problem names the entry and the field.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
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
from gateway.hris.bamboohr.fields import BambooHRFields, EntryFields, Names, slug
from gateway.hris.mapped import MappedEvent, MappingError, build

Loc = tuple[str | int, ...]
ACTIONS = ("Created", "Updated", "Deleted")
MAX_ENTRIES = 1000


@dataclass(frozen=True)
class KnownEmployee:
    """What the platform already knows of an employee (from earlier HRIS events)."""

    role_id: str | None = None
    manager_id: str | None = None


@dataclass(frozen=True)
class IgnoredChange:
    employee_id: str
    fields: tuple[str, ...]  # changed fields that no contract event carries


@dataclass(frozen=True)
class BambooHRResult:
    events: list[MappedEvent]
    ignored: list[IgnoredChange]


@dataclass(frozen=True)
class _Entry:
    loc: Loc
    employee_id: str
    action: str
    occurred_at: datetime
    fields: EntryFields
    changed: tuple[str, ...]
    hris_event_id: str

    def at(self, names: Names) -> Loc:
        return (*self.loc, "fields", self.fields.name_of(names))


def is_bamboohr(document: Any) -> bool:
    return isinstance(document, dict) and isinstance(document.get("employees"), list)


def employees_needing_history(document: Any, config: BambooHRFields | None = None) -> set[str]:
    """Employees whose role changes in this delivery: look up their current role first."""
    config = config or BambooHRFields()
    wanted = set(config.job_title) | set(config.role_id)
    needing = set()
    for raw in document.get("employees", []) if is_bamboohr(document) else []:
        if isinstance(raw, dict) and raw.get("action") == "Updated":
            changed = raw.get("changedFields")
            if isinstance(changed, list) and wanted.intersection(map(str, changed)):
                needing.add(_employee_id(raw, config) or "")
    return needing - {""}


def map_bamboohr(
    document: Any,
    *,
    config: BambooHRFields | None = None,
    known: Mapping[str, KnownEmployee] | None = None,
) -> BambooHRResult:
    config = config or BambooHRFields()
    known = known or {}
    if not is_bamboohr(document):
        raise MappingError.one(("employees",), "must be a list of employee changes", "missing")
    raws = document["employees"]
    if not raws:
        raise MappingError.one(("employees",), "is empty: no change to map")
    if len(raws) > MAX_ENTRIES:
        raise MappingError.one(("employees",), f"holds at most {MAX_ENTRIES} changes")
    events: list[MappedEvent] = []
    ignored: list[IgnoredChange] = []
    problems: list[FieldError] = []
    for index, raw in enumerate(raws):
        try:
            entry = _parse(raw, ("employees", index), config)
            built, unused = _events(entry, config, known.get(entry.employee_id))
        except MappingError as exc:
            problems.extend(exc.errors)
            continue
        events += [MappedEvent(e, config.source, entry.hris_event_id) for e in built]
        if unused:
            ignored.append(IgnoredChange(entry.employee_id, unused))
    if problems:
        raise MappingError(problems)
    return BambooHRResult(events, ignored)


def _employee_id(raw: Mapping[str, Any], config: BambooHRFields) -> str | None:
    fields = raw.get("fields")
    if config.employee_id and isinstance(fields, dict):
        return EntryFields(fields, set()).text(config.employee_id)
    value = raw.get("id")
    return str(value).strip() or None if isinstance(value, str | int) else None


def _parse(raw: Any, loc: Loc, config: BambooHRFields) -> _Entry:
    if not isinstance(raw, dict):
        raise MappingError.one(loc, "must be an object", "type_error")
    problems: list[FieldError] = []
    employee_id = _employee_id(raw, config)
    if employee_id is None:
        where = (*loc, "fields", config.employee_id[0]) if config.employee_id else (*loc, "id")
        problems.append(FieldError(where, "the employee id is missing", "missing"))
    action = raw.get("action")
    if action not in ACTIONS:
        problems.append(FieldError((*loc, "action"), f"must be one of {', '.join(ACTIONS)}"))
    occurred_at = _timestamp(raw.get("timestamp"))
    if occurred_at is None:
        problems.append(FieldError((*loc, "timestamp"), "must be an ISO 8601 date and time"))
    fields = raw.get("fields", {})
    if not isinstance(fields, dict):
        problems.append(FieldError((*loc, "fields"), "must be an object", "type_error"))
    changed = raw.get("changedFields", [])
    if not isinstance(changed, list):
        problems.append(FieldError((*loc, "changedFields"), "must be a list", "type_error"))
    if problems or employee_id is None or occurred_at is None:
        raise MappingError(problems)
    names = tuple(str(c) for c in changed)
    # The entry itself is the change's identity: a redelivery carries the same entry.
    digest = hashlib.sha256(json.dumps(raw, sort_keys=True, default=str).encode()).hexdigest()
    return _Entry(
        loc,
        employee_id,
        str(action),
        occurred_at,
        EntryFields(fields, set(names)),
        names,
        digest[:32],
    )


def _timestamp(raw: Any) -> datetime | None:
    if not isinstance(raw, str):
        return None
    try:
        moment = datetime.fromisoformat(raw.strip())
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _events(
    entry: _Entry, config: BambooHRFields, known: KnownEmployee | None
) -> tuple[list[EmployeeEvent], tuple[str, ...]]:
    if entry.action == "Created":
        return [_hired(entry, config)], ()
    if entry.action == "Deleted":
        return [_left(entry, config, entry.occurred_at.date())], ()
    return _updated(entry, config, known)


def _base(entry: _Entry, config: BambooHRFields, effective: date) -> dict[str, Any]:
    return {
        "employee_id": entry.employee_id,
        "effective_date": effective,
        "occurred_at": entry.occurred_at,
        "source_system": config.source_system,
    }


def _day_or_problem(entry: _Entry, names: Names, problems: list[FieldError]) -> date | None:
    value = entry.fields.day(names)
    if isinstance(value, str):
        problems.append(FieldError(entry.at(names), f"{value!r} is not a date (YYYY-MM-DD)"))
        return None
    return value


def _role_id(entry: _Entry, config: BambooHRFields) -> str | None:
    explicit = entry.fields.text(config.role_id)
    if explicit:
        return explicit
    title = entry.fields.text(config.job_title)
    if title is None:
        return None
    return config.roles_by_title.get(title) or slug(title) or None


def _hired(entry: _Entry, config: BambooHRFields) -> EmployeeEvent:
    f = entry.fields
    problems: list[FieldError] = []
    hire_date = _day_or_problem(entry, config.hire_date, problems)
    status = f.text(config.employment_status)
    employment_type = config.employment_types.get(status.lower()) if status else "full_time"
    if employment_type is None:
        known_values = ", ".join(sorted(config.employment_types))
        problems.append(
            FieldError(
                entry.at(config.employment_status),
                f"unknown employment status {status!r}; known: {known_values}",
            )
        )
    preferred, family = f.text(config.preferred_name), f.text(config.family_name)
    data = {
        **_base(entry, config, hire_date or entry.occurred_at.date()),
        "email": f.text(config.email),
        "given_name": f.text(config.given_name),
        "family_name": family,
        "display_name": f"{preferred} {family}" if preferred and family else None,
        "role_id": _role_id(entry, config),
        "role_title": f.text(config.job_title),
        "manager_id": f.text(config.manager_id),
        "department": f.text(config.department),
        "location": f.text(config.location),
        "employment_type": employment_type,
    }
    role_names = config.role_id if f.text(config.role_id) else config.job_title
    origins = {
        "email": entry.at(config.email),
        "given_name": entry.at(config.given_name),
        "family_name": entry.at(config.family_name),
        "role_id": entry.at(role_names),
        "manager_id": entry.at(config.manager_id),
        "department": entry.at(config.department),
        "location": entry.at(config.location),
    }
    return _build(EmployeeHired, data, entry, origins, problems)


def _left(entry: _Entry, config: BambooHRFields, effective: date) -> EmployeeEvent:
    return _build(EmployeeLeft, _base(entry, config, effective), entry, {}, [])


def _updated(
    entry: _Entry, config: BambooHRFields, known: KnownEmployee | None
) -> tuple[list[EmployeeEvent], tuple[str, ...]]:
    f = entry.fields
    status = (f.text(config.status) or "").lower()
    if f.changed(config.status) and status == "active":
        return [_hired(entry, config)], ()  # a re-hire: the whole record is needed again
    problems: list[FieldError] = []
    events: list[EmployeeEvent] = []
    handled: set[str] = set()
    effective = _day_or_problem(entry, config.job_date, problems) or entry.occurred_at.date()
    department = f.text(config.department) if f.changed(config.department) else None
    if f.changed(config.job_title) or f.changed(config.role_id):
        handled |= {*config.job_title, *config.role_id}
        role_event = _role_changed(entry, config, known, effective, department, problems)
        if role_event is not None:
            events.append(role_event)
            handled |= {*config.department, *config.location}
    if f.changed(config.manager_id):
        handled |= {*config.manager_id, *config.department}
        data = {
            **_base(entry, config, effective),
            "manager_id": f.text(config.manager_id),
            "previous_manager_id": known.manager_id if known else None,
            "department": department,
        }
        events.append(_build(EmployeeManagerChanged, data, entry, {}, problems))
    termination = _day_or_problem(entry, config.termination_date, problems)
    ends = f.changed(config.termination_date) and termination is not None
    if ends or (f.changed(config.status) and status == "inactive"):
        handled |= {*config.status, *config.termination_date}
        events.append(_left(entry, config, termination or entry.occurred_at.date()))
    if problems:
        raise MappingError(problems)
    return events, tuple(name for name in entry.changed if name not in handled)


def _role_changed(
    entry: _Entry,
    config: BambooHRFields,
    known: KnownEmployee | None,
    effective: date,
    department: str | None,
    problems: list[FieldError],
) -> EmployeeEvent | None:
    f = entry.fields
    role_id = _role_id(entry, config)
    where = entry.at(config.role_id if f.text(config.role_id) else config.job_title)
    if role_id is None:
        problems.append(FieldError(where, "changed to nothing: the new role is unknown"))
        return None
    previous = known.role_id if known else None
    if previous is None:
        problems.append(
            FieldError(
                where,
                f"changed, but the platform knows no earlier role of employee "
                f"{entry.employee_id!r} to report as the previous role",
                "unknown_previous_value",
            )
        )
        return None
    if previous == role_id:
        return None  # a new wording of the same role
    data = {
        **_base(entry, config, effective),
        "role_id": role_id,
        "previous_role_id": previous,
        "role_title": f.text(config.job_title),
        "department": department,
        "location": f.text(config.location) if f.changed(config.location) else None,
    }
    return _build(EmployeeRoleChanged, data, entry, {"role_id": where}, problems)


def _build(
    model: type[EmployeeEvent],
    data: dict[str, Any],
    entry: _Entry,
    origins: Mapping[str, Loc],
    problems: list[FieldError],
) -> EmployeeEvent:
    present = {k: v for k, v in data.items() if v is not None}
    try:
        event = build(model, present, entry.loc, origins=origins)
    except MappingError as exc:
        raise MappingError([*problems, *exc.errors]) from None
    if problems:
        raise MappingError(problems)
    return event
