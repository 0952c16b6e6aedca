"""Canonical HRIS input: CloudEvents in structured JSON, validated against the contracts."""

from __future__ import annotations

from typing import Any

import pytest

from continuum_contracts.events.hris import EmployeeHired, EmployeeLeft
from gateway.hris.canonical import is_canonical, map_canonical
from gateway.hris.mapped import MappingError


def hired(event_id: str = "wd-1", **changes: Any) -> dict[str, Any]:
    data = {
        "employee_id": "E20001",
        "effective_date": "2026-02-02",
        "occurred_at": "2026-01-20T09:00:00Z",
        "source_system": "workday",
        "email": "ana.lima@example.com",
        "given_name": "Ana",
        "family_name": "Lima",
        "role_id": "software-developer",
        "department": "Engineering",
        "location": "remote",
    }
    data.update(changes)
    return {
        "specversion": "1.0",
        "id": event_id,
        "source": "/hris/workday",
        "type": "io.continuum.hris.employee.hired.v1",
        "data": data,
    }


def left(event_id: str = "wd-2") -> dict[str, Any]:
    return {
        "specversion": "1.0",
        "id": event_id,
        "source": "/hris/workday",
        "type": "io.continuum.hris.employee.left.v1",
        "data": {
            "employee_id": "E20001",
            "effective_date": "2026-06-30",
            "occurred_at": "2026-06-01T09:00:00Z",
        },
    }


def problems_of(document: Any) -> dict[str, str]:
    with pytest.raises(MappingError) as caught:
        map_canonical(document)
    return {p.field: p.msg for p in caught.value.errors}


def test_one_event_maps_to_its_contract_model_with_a_stable_id() -> None:
    [mapped] = map_canonical(hired())
    assert isinstance(mapped.event, EmployeeHired)
    assert mapped.event.employee_id == "E20001"
    assert (mapped.source, mapped.hris_event_id) == ("/hris/workday", "wd-1")
    assert mapped.event_id == map_canonical(hired())[0].event_id
    assert mapped.event_id != map_canonical(hired("wd-9"))[0].event_id


def test_a_batch_keeps_its_order() -> None:
    mapped = map_canonical([hired(), left()])
    assert [type(m.event) for m in mapped] == [EmployeeHired, EmployeeLeft]
    assert is_canonical([hired()]) and is_canonical(hired())
    assert not is_canonical({"employees": []})


def test_bad_fields_are_named_inside_data_and_by_batch_index() -> None:
    assert problems_of(hired(email="not-an-address")) == {
        "data.email": "String should match pattern '^[^@\\s]+@[^@\\s]+$'"
    }
    found = problems_of([hired(), left(), hired(given_name="", location=None)])
    assert set(found) == {"2.data.given_name", "2.data.location"}


def test_envelope_problems_are_named() -> None:
    broken = hired()
    broken.update(specversion="0.3", id="", type="io.continuum.catalog.item.published.v1")
    del broken["data"]
    assert set(problems_of(broken)) == {"specversion", "id", "type", "data"}
    assert "unknown HRIS event type" in problems_of({**hired(), "type": "hired"})["type"]
    assert problems_of([]) == {"": "an empty batch carries no event"}
    assert problems_of(["text"]) == {"0": "must be a CloudEvent object"}
