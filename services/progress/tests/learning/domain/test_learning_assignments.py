"""Assignment rules: overdue, role plans and who may assign or change what."""

from __future__ import annotations

from datetime import date

import pytest

from progress.learning.domain.assignments import (
    OpenAssignment,
    is_overdue,
    may_change_assignment,
    plan_role_assignments,
    reason_for_new_assignment,
    role_due_date,
)

TODAY = date(2026, 3, 10)


def test_overdue_only_the_day_after_the_due_date_and_only_when_open() -> None:
    assert not is_overdue(status="open", due_date=TODAY, today=TODAY)
    assert is_overdue(status="open", due_date=date(2026, 3, 9), today=TODAY)
    assert not is_overdue(status="completed", due_date=date(2026, 3, 9), today=TODAY)
    assert not is_overdue(status="open", due_date=None, today=TODAY)


def test_role_due_date() -> None:
    assert role_due_date(date(2026, 1, 1), 90) == date(2026, 4, 1)


def role(aid: str, path: str, role_id: str = "dev") -> OpenAssignment:
    return OpenAssignment(aid, "path", path, "role_requirement", role_id)


def test_a_new_role_assigns_its_paths_and_closes_those_it_no_longer_requires() -> None:
    current = [
        role("a1", "p-old"),
        role("a2", "p-shared"),
        OpenAssignment("a3", "path", "p-new", "manager", None),
        OpenAssignment("a4", "item", "i1", "self", None),
    ]
    plan = plan_role_assignments(
        role_id="lead", path_ids=["p-shared", "p-new", "p-lead", "p-lead"], open_assignments=current
    )
    assert plan.close_ids == ("a1",)
    assert plan.retag_ids == ("a2",)
    # p-new is already assigned by the manager; p-lead is assigned once.
    assert plan.create_path_ids == ("p-lead",)


def test_the_same_role_again_changes_nothing() -> None:
    plan = plan_role_assignments(
        role_id="dev", path_ids=["p1"], open_assignments=[role("a1", "p1")]
    )
    assert (plan.create_path_ids, plan.close_ids, plan.retag_ids) == ((), (), ())


def test_a_role_without_paths_closes_every_role_assignment() -> None:
    plan = plan_role_assignments(
        role_id=None, path_ids=[], open_assignments=[role("a1", "p1"), role("a2", "p2")]
    )
    assert plan.close_ids == ("a1", "a2")


@pytest.mark.parametrize(
    ("caller", "admin", "manages", "requested", "expected"),
    [
        ("E1", False, False, None, "self"),  # E1 assigns to themselves
        ("E1", False, False, "self", "self"),
        ("E1", False, False, "compliance", None),
        ("M1", False, True, None, "manager"),
        ("M1", False, True, "compliance", None),
        ("M1", False, False, None, None),  # not their report
        ("A1", True, False, None, "manager"),
        ("A1", True, False, "compliance", "compliance"),
        ("A1", True, False, "role_requirement", None),
    ],
)
def test_who_may_assign(
    caller: str, admin: bool, manages: bool, requested: str | None, expected: str | None
) -> None:
    assert (
        reason_for_new_assignment(
            caller=caller,
            is_admin=admin,
            manages_learner=manages,
            learner_id="E1",
            requested=requested,
        )
        == expected
    )


@pytest.mark.parametrize(
    ("caller", "admin", "manages", "reason", "expected"),
    [
        ("E1", False, False, "self", True),
        ("E1", False, False, "manager", False),
        ("M1", False, True, "manager", True),
        ("M1", False, True, "role_requirement", False),
        ("M1", False, True, "compliance", False),
        ("A1", True, False, "role_requirement", True),
        ("X9", False, False, "self", False),
    ],
)
def test_who_may_change(
    caller: str, admin: bool, manages: bool, reason: str, expected: bool
) -> None:
    assert (
        may_change_assignment(
            caller=caller, is_admin=admin, manages_learner=manages, learner_id="E1", reason=reason
        )
        is expected
    )
