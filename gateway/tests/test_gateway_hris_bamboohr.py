"""BambooHR-style webhooks mapped to `hris.employees.v1` events."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from continuum_contracts.events.hris import (
    EmployeeHired,
    EmployeeLeft,
    EmployeeManagerChanged,
    EmployeeRoleChanged,
)
from gateway.hris.bamboohr import (
    BambooHRFields,
    KnownEmployee,
    employees_needing_history,
    map_bamboohr,
)
from gateway.hris.mapped import MappingError

TIMESTAMP = "2026-01-31T18:42:00+0000"
NEW_HIRE = {
    "First Name": "Bryony",
    "Last Name": "Hale",
    "Preferred Name": "Bry",
    "Work Email": "bryony.hale@example.com",
    "Job Title": "Software Developer",
    "Department": "Engineering",
    "Location": "Lisbon",
    "Supervisor EID": "M20001",
    "Hire Date": "2026-02-02",
    "Employment Status": "Full-Time",
}


def entry(action: str, changed: list[str] | None = None, fields: dict[str, Any] | None = None,
          employee_id: str = "312", timestamp: str = TIMESTAMP) -> dict[str, Any]:  # fmt: skip
    return {
        "id": employee_id,
        "action": action,
        "timestamp": timestamp,
        "changedFields": changed or [],
        "fields": fields or {},
    }


def webhook(*entries: dict[str, Any]) -> dict[str, Any]:
    return {"employees": list(entries)}


def problems_of(document: Any, **options: Any) -> dict[str, str]:
    with pytest.raises(MappingError) as caught:
        map_bamboohr(document, **options)
    return {p.field: p.msg for p in caught.value.errors}


def test_a_created_employee_is_hired() -> None:
    result = map_bamboohr(webhook(entry("Created", fields=NEW_HIRE)))
    [mapped] = result.events
    hired = mapped.event
    assert isinstance(hired, EmployeeHired)
    assert hired.employee_id == "312"
    assert hired.role_id == "software-developer" and hired.role_title == "Software Developer"
    assert hired.display_name == "Bry Hale"
    assert hired.manager_id == "M20001"
    assert hired.effective_date == date(2026, 2, 2)
    assert hired.occurred_at.isoformat() == "2026-01-31T18:42:00+00:00"
    assert hired.employment_type == "full_time" and hired.source_system == "bamboohr"
    assert mapped.source == "/hris/bamboohr"
    assert result.ignored == []


def test_api_aliases_and_a_role_table_are_understood() -> None:
    fields = {"firstName": "Ana", "lastName": "Lima", "workEmail": "ana@example.com",
              "jobTitle": "Sr. Engineer II", "department": "R&D", "location": "remote"}  # fmt: skip
    config = BambooHRFields(roles_by_title={"Sr. Engineer II": "esco:2512.4"})
    [mapped] = map_bamboohr(webhook(entry("Created", fields=fields)), config=config).events
    assert mapped.event.role_id == "esco:2512.4"  # type: ignore[attr-defined]
    assert mapped.event.effective_date == date(2026, 1, 31)  # no hire date: the event's day


def test_a_created_employee_without_the_needed_fields_names_each_one() -> None:
    found = problems_of(webhook(entry("Created"), entry("Created", fields={
        **NEW_HIRE, "Work Email": "nobody", "Hire Date": "31/01/2026",
        "Employment Status": "Seasonal"})))  # fmt: skip
    assert set(found) == {
        "employees.0.fields.First Name",
        "employees.0.fields.Last Name",
        "employees.0.fields.Work Email",
        "employees.0.fields.Job Title",
        "employees.0.fields.Department",
        "employees.0.fields.Location",
        "employees.1.fields.Work Email",
        "employees.1.fields.Hire Date",
        "employees.1.fields.Employment Status",
    }
    assert found["employees.1.fields.Hire Date"] == "'31/01/2026' is not a date (YYYY-MM-DD)"
    assert "unknown employment status 'Seasonal'" in found["employees.1.fields.Employment Status"]


def test_a_new_job_title_is_a_role_change_from_the_known_role() -> None:
    document = webhook(entry("Updated", ["Job Title", "Department", "Job Information: Date"], {
        "Job Title": "Data Analyst", "Department": "Analytics",
        "Job Information: Date": "2026-03-01"}))  # fmt: skip
    assert employees_needing_history(document) == {"312"}
    known = {"312": KnownEmployee(role_id="software-developer", manager_id="M20001")}
    result = map_bamboohr(document, known=known)
    [mapped] = result.events
    change = mapped.event
    assert isinstance(change, EmployeeRoleChanged)
    assert (change.role_id, change.previous_role_id) == ("data-analyst", "software-developer")
    assert change.department == "Analytics"
    assert change.effective_date == date(2026, 3, 1)
    assert result.ignored[0].fields == ("Job Information: Date",)


def test_a_role_change_without_a_known_previous_role_is_refused_by_name() -> None:
    document = webhook(entry("Updated", ["Job Title"], {"Job Title": "Data Analyst"}))
    found = problems_of(document)
    assert list(found) == ["employees.0.fields.Job Title"]
    assert "no earlier role of employee '312'" in found["employees.0.fields.Job Title"]


def test_a_retitled_but_same_role_gives_no_event() -> None:
    document = webhook(entry("Updated", ["Job Title"], {"Job Title": "Software  Developer"}))
    result = map_bamboohr(document, known={"312": KnownEmployee(role_id="software-developer")})
    assert result.events == [] and result.ignored == []


def test_a_new_supervisor_is_a_manager_change() -> None:
    document = webhook(entry("Updated", ["Supervisor EID"], {"Supervisor EID": "M20009"}))
    assert employees_needing_history(document) == set()
    [mapped] = map_bamboohr(document, known={"312": KnownEmployee(manager_id="M20001")}).events
    change = mapped.event
    assert isinstance(change, EmployeeManagerChanged)
    assert (change.manager_id, change.previous_manager_id) == ("M20009", "M20001")
    removed = webhook(entry("Updated", ["Supervisor EID"], {"Supervisor EID": ""}))
    assert map_bamboohr(removed).events[0].event.manager_id is None  # type: ignore[attr-defined]


def test_termination_inactivity_and_deletion_mean_the_employee_left() -> None:
    terminated = webhook(entry("Updated", ["Termination Date", "Status"],
                               {"Termination Date": "2026-04-30", "Status": "Inactive"}))  # fmt: skip
    [mapped] = map_bamboohr(terminated).events
    assert isinstance(mapped.event, EmployeeLeft)
    assert mapped.event.effective_date == date(2026, 4, 30)
    inactive = webhook(entry("Updated", ["Status"], {"Status": "Inactive"}))
    assert map_bamboohr(inactive).events[0].event.effective_date == date(2026, 1, 31)
    [deleted] = map_bamboohr(webhook(entry("Deleted"))).events
    assert isinstance(deleted.event, EmployeeLeft)


def test_a_reactivated_employee_is_hired_again() -> None:
    document = webhook(entry("Updated", ["Status"], {**NEW_HIRE, "Status": "Active"}))
    assert isinstance(map_bamboohr(document).events[0].event, EmployeeHired)


def test_changes_no_event_carries_are_reported_as_ignored() -> None:
    document = webhook(entry("Updated", ["Mobile Phone", "Supervisor EID"],
                             {"Mobile Phone": "+351 000", "Supervisor EID": "M1"}))  # fmt: skip
    result = map_bamboohr(document)
    assert len(result.events) == 1
    assert [(i.employee_id, i.fields) for i in result.ignored] == [("312", ("Mobile Phone",))]


def test_one_change_gives_several_events_with_distinct_stable_ids() -> None:
    document = webhook(entry("Updated", ["Supervisor EID", "Status"],
                             {"Supervisor EID": "M2", "Status": "Inactive"}))  # fmt: skip
    first = map_bamboohr(document).events
    again = map_bamboohr(document).events
    assert [type(m.event) for m in first] == [EmployeeManagerChanged, EmployeeLeft]
    assert len({m.event_id for m in first}) == 2
    assert [m.event_id for m in first] == [m.event_id for m in again]
    later = webhook(entry("Updated", ["Supervisor EID", "Status"],
                          {"Supervisor EID": "M2", "Status": "Inactive"},
                          timestamp="2026-02-01T00:00:00Z"))  # fmt: skip
    assert map_bamboohr(later).events[0].event_id != first[0].event_id


def test_the_entry_itself_must_be_well_formed() -> None:
    found = problems_of(webhook(
        {"action": "Renamed", "timestamp": "soon", "fields": [], "changedFields": "x"}, "junk"))  # fmt: skip
    assert set(found) == {
        "employees.0.id",
        "employees.0.action",
        "employees.0.timestamp",
        "employees.0.fields",
        "employees.0.changedFields",
        "employees.1",
    }
    assert problems_of({"employees": []}) == {"employees": "is empty: no change to map"}
    assert problems_of({"type": "employee.updated"}) == {
        "employees": "must be a list of employee changes"
    }


def test_the_employee_id_can_come_from_a_field() -> None:
    config = BambooHRFields(employee_id=("Employee #", "employeeNumber"))
    fields = {**NEW_HIRE, "Employee #": "E20077"}
    [mapped] = map_bamboohr(webhook(entry("Created", fields=fields)), config=config).events
    assert mapped.event.employee_id == "E20077"
    found = problems_of(webhook(entry("Deleted")), config=config)
    assert found == {"employees.0.fields.Employee #": "the employee id is missing"}
