"""The reporting tree: chains, lines in both directions, bad HRIS data."""

from __future__ import annotations

import pytest

from mentorship.domain.errors import InvalidInput, OrgStructureError
from mentorship.domain.org import EmployeeFact, OrgChart

TREE = OrgChart(
    [
        EmployeeFact("ceo", None, "Executive"),
        EmployeeFact("vp", "ceo", "Sales"),
        EmployeeFact("lead", "vp", "Sales"),
        EmployeeFact("rep", "lead", "Sales"),
        EmployeeFact("cto", "ceo", "Engineering"),
        EmployeeFact("dev", "cto", "Engineering"),
        EmployeeFact("contractor", "someone-who-left", "Engineering"),
    ]
)


def test_manager_chain_goes_to_the_top() -> None:
    assert TREE.manager_chain("rep") == ["lead", "vp", "ceo"]
    assert TREE.manager_chain("ceo") == []


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("rep", "lead", True),  # direct manager
        ("rep", "vp", True),  # manager's manager
        ("rep", "ceo", True),  # and up
        ("vp", "rep", True),  # the other direction
        ("rep", "dev", False),  # different branches
        ("lead", "cto", False),  # same level, different lines
        ("contractor", "ceo", False),  # an unknown manager makes a new top
    ],
)
def test_reporting_line_in_either_direction(a: str, b: str, same: bool) -> None:
    assert TREE.in_one_line(a, b) is same


def test_departments_come_from_hris() -> None:
    assert TREE.department_of("dev") == "Engineering"


def test_a_reporting_cycle_is_refused_with_its_members() -> None:
    with pytest.raises(OrgStructureError) as raised:
        OrgChart(
            [EmployeeFact("a", "b", "X"), EmployeeFact("b", "a", "X"), EmployeeFact("c", None, "X")]
        )
    assert raised.value.employee_ids == ["a", "b"]


def test_duplicate_and_unknown_employees_are_named() -> None:
    with pytest.raises(InvalidInput):
        OrgChart([EmployeeFact("a", None, "X"), EmployeeFact("a", None, "Y")])
    with pytest.raises(InvalidInput) as raised:
        TREE.position("ghost", "mentees[3]")
    assert raised.value.field == "mentees[3]"
