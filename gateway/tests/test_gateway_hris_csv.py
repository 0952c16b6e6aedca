"""An HRIS export (CSV) as events, row by row, with a report naming each bad column."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from continuum_contracts.events.hris import (
    EmployeeHired,
    EmployeeLeft,
    EmployeeManagerChanged,
    EmployeeRoleChanged,
)
from gateway.hris.csv_export import CsvExport
from gateway.hris.mapped import MappingError

EXPORTED = datetime(2026, 3, 1, 6, 0, tzinfo=UTC)
SNAPSHOT = """\
Employee ID,Given Name,Family Name,Email,Role ID,Department,Location,Manager ID,Hire Date,Termination Date,Phone
E1,Ana,Lima,ana@example.com,software-developer,Engineering,remote,M1,2025-01-06,,+351
E2,Rui,Sá,rui@example.com,data-analyst,Analytics,Porto,M1,2024-05-01,2026-02-28,
E3,,Costa,not-an-email,data-analyst,Analytics,Porto,M1,someday,,
"""


def export(text: str) -> CsvExport:
    return CsvExport(text.splitlines(keepends=True), source_system="workday", exported_at=EXPORTED)


def test_snapshot_rows_become_hires_and_departures() -> None:
    rows = list(export(SNAPSHOT).rows())
    assert [r.line for r in rows] == [2, 3, 4]
    first, second, third = rows
    assert first.ok and [type(m.event) for m in first.events] == [EmployeeHired]
    hired = first.events[0].event
    assert isinstance(hired, EmployeeHired)
    assert (hired.employee_id, hired.effective_date, hired.occurred_at) == (
        "E1", date(2025, 1, 6), EXPORTED)  # fmt: skip
    assert first.events[0].source == "/hris/workday"
    assert [type(m.event) for m in second.events] == [EmployeeHired, EmployeeLeft]
    assert second.events[1].event.effective_date == date(2026, 2, 28)
    assert not third.ok and third.employee_id == "E3" and third.events == ()
    assert {p.field: p.msg for p in third.problems} == {
        "hire_date": "'someday' is not a date (YYYY-MM-DD)",
    }
    assert export(SNAPSHOT).ignored_columns == ["phone"]


def test_every_bad_column_of_a_row_is_named() -> None:
    text = "employee_id,email,role_id,department,location,hire_date\nE9,nobody,,Ops,remote,2026-01-05\n"
    [row] = export(text).rows()
    assert {p.field for p in row.problems} == {"email", "given_name", "family_name", "role_id"}


def test_change_rows_become_their_event() -> None:
    text = (
        "event,employee_id,effective_date,role_id,previous_role_id,manager_id,occurred_at,event_id\n"
        "role_changed,E1,2026-04-01,data-analyst,software-developer,,2026-03-20T10:00:00Z,wd-77\n"
        "manager_changed,E1,2026-04-01,,,M7,,\n"
        "left,E1,2026-09-30,,,,,\n"
        "promoted,E1,2026-09-30,,,,,\n"
        "left,E1,,,,,,\n"
    )
    rows = list(export(text).rows())
    assert [type(m.event) for r in rows[:3] for m in r.events] == [
        EmployeeRoleChanged, EmployeeManagerChanged, EmployeeLeft]  # fmt: skip
    role_change = rows[0].events[0]
    assert role_change.hris_event_id == "wd-77"
    assert role_change.event.occurred_at == datetime(2026, 3, 20, 10, tzinfo=UTC)
    assert {p.field: p.msg for p in rows[3].problems} == {
        "event": "must be one of hired, role_changed, manager_changed, left"
    }
    assert {p.field: p.msg for p in rows[4].problems} == {"effective_date": "a date is required"}


def test_replaying_an_export_gives_the_same_event_ids() -> None:
    first = [m.event_id for r in export(SNAPSHOT).rows() for m in r.events]
    again = [m.event_id for r in export(SNAPSHOT).rows() for m in r.events]
    assert first == again and len(set(first)) == 3


def test_quoted_multi_line_values_and_blank_lines_keep_line_numbers_right() -> None:
    text = (
        "employee_id,given_name,family_name,email,role_id,department,location,hire_date\n"
        '"E1","Ana","Lima","ana@example.com","dev","Eng\nineering","remote","2025-01-06"\n'
        "\n"
        "E2,Rui,Sá,rui@example.com,dev,Eng,remote,2025-01-06,extra\n"
    )
    rows = list(export(text).rows())
    assert [r.line for r in rows] == [2, 5]
    assert rows[0].ok
    assert rows[1].problems[0].msg == "9 values for 8 columns"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "a header row is required"),
        ("given_name,family_name\nAna,Lima\n", "the column employee_id is required"),
        ("employee_id,Employee ID\n", "columns appear twice: employee_id"),
    ],
)
def test_a_bad_header_refuses_the_whole_export(text: str, message: str) -> None:
    with pytest.raises(MappingError, match=message):
        export(text)
