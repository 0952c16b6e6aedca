"""The platform's canonical HRIS input: employee events as CloudEvents in structured JSON.

    {"specversion": "1.0", "id": "wd-7781", "source": "/hris/workday",
     "type": "io.continuum.hris.employee.hired.v1", "time": "2026-01-02T09:00:00Z",
     "data": {... the contract's fields ...}}

One such object, or a JSON array of them (applied in order). `id` is the HRIS's event id: the
unit of idempotency. `data` is validated against the contract model of `type`.
"""

from __future__ import annotations

from typing import Any

from continuum_contracts import event_class
from continuum_contracts.events.hris import EmployeeEvent
from continuum_runtime.errors import FieldError
from gateway.hris.mapped import MappedEvent, MappingError, build

HRIS_TYPE_PREFIX = "io.continuum.hris."
MAX_BATCH = 1000


def is_canonical(document: Any) -> bool:
    """Whether `document` looks like canonical input (as opposed to a vendor's webhook)."""
    first = document[0] if isinstance(document, list) and document else document
    return isinstance(first, dict) and "specversion" in first


def map_canonical(document: Any) -> list[MappedEvent]:
    """Contract events from one canonical CloudEvent or a batch; MappingError naming fields."""
    batch = isinstance(document, list)
    entries = document if batch else [document]
    if not entries:
        raise MappingError.one((), "an empty batch carries no event")
    if len(entries) > MAX_BATCH:
        raise MappingError.one((), f"a batch holds at most {MAX_BATCH} events")
    mapped: list[MappedEvent] = []
    problems: list[FieldError] = []
    for index, entry in enumerate(entries):
        loc: tuple[str | int, ...] = (index,) if batch else ()
        try:
            mapped.append(_map_one(entry, loc))
        except MappingError as exc:
            problems.extend(exc.errors)
    if problems:
        raise MappingError(problems)
    return mapped


def _map_one(entry: Any, loc: tuple[str | int, ...]) -> MappedEvent:
    if not isinstance(entry, dict):
        raise MappingError.one(loc, "must be a CloudEvent object", "type_error")
    problems: list[FieldError] = []
    if entry.get("specversion") != "1.0":
        problems.append(FieldError((*loc, "specversion"), "must be '1.0'"))
    for name in ("id", "source", "type"):
        value = entry.get(name)
        if not isinstance(value, str) or not value.strip() or len(value) > 256:
            problems.append(FieldError((*loc, name), "must be a non-empty string", "missing"))
    event_type = entry.get("type")
    model = event_class(event_type) if isinstance(event_type, str) else None
    known = isinstance(event_type, str) and event_type.startswith(HRIS_TYPE_PREFIX) and model
    if isinstance(event_type, str) and event_type.strip() and not known:
        problems.append(FieldError((*loc, "type"), f"unknown HRIS event type {event_type!r}"))
    data = entry.get("data")
    if not isinstance(data, dict):
        problems.append(FieldError((*loc, "data"), "must be an object", "type_error"))
    if problems or model is None or not issubclass(model, EmployeeEvent):
        raise MappingError(problems)
    event = build(model, data if isinstance(data, dict) else {}, (*loc, "data"))
    return MappedEvent(event=event, source=entry["source"].strip(), hris_event_id=entry["id"])
