"""The dated periods the HRIS consumer keeps say, on every day, what folding the facts says."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from mentorship.domain.hris import HrisFact, employees_as_of, periods

START = date(2026, 1, 1)
KINDS = ("hired", "role", "manager", "left")


@st.composite
def facts(draw: st.DrawFn) -> list[HrisFact]:
    """One employee's facts, in any recording order, some on the same day."""
    out: list[HrisFact] = []
    for n in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(KINDS))
        out.append(
            HrisFact(
                "e1",
                START + timedelta(days=draw(st.integers(0, 40))),
                datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=draw(st.integers(0, 50))),
                kind,
                manager_set=kind in ("hired", "manager"),
                manager_id=draw(st.sampled_from([None, "m1", "m2"])),
                department=draw(st.sampled_from([None, "Sales", "Data"])),
                role_id=draw(st.sampled_from([None, "r1"])) if n else "r0",
            )
        )
    return out


@settings(max_examples=200, deadline=None)
@given(facts())
def test_the_period_covering_a_day_is_the_fold_of_the_facts_due_that_day(
    history: list[HrisFact],
) -> None:
    kept = periods(history)
    for offset in range(-1, 43):
        day = START + timedelta(days=offset)
        covering = [
            p for p in kept if p.valid_from <= day and (p.valid_to is None or day < p.valid_to)
        ]
        assert len(covering) <= 1
        folded = employees_as_of(history, day).get("e1")
        assert (covering[0].employee if covering else None) == folded


def test_a_change_before_the_hire_is_left_to_the_hire() -> None:
    at = datetime(2026, 1, 1, tzinfo=UTC)
    early = HrisFact("e1", date(2026, 1, 2), at, "manager", manager_set=True, manager_id="x")
    hire = HrisFact("e1", date(2026, 1, 5), at, "hired", True, "m1", "Sales", "r1")
    move = HrisFact("e1", date(2026, 3, 1), at, "manager", manager_set=True, manager_id="m2")
    kept = periods([move, early, hire])
    assert [(p.valid_from, p.valid_to, p.employee.manager_id) for p in kept] == [
        (date(2026, 1, 5), date(2026, 3, 1), "m1"),
        (date(2026, 3, 1), None, "m2"),
    ]
