"""Each criterion on small, readable histories: what earns the badge, when, with which evidence."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from recognition_factories import (
    BERLIN,
    ITEM,
    PATH,
    at,
    attempt,
    completion,
    kudos,
    minutes,
    path_completion,
    rule,
    session,
)

from recognition.domain.awards import ALL_TIME, Scope
from recognition.domain.evaluation import evaluate, evaluate_all, fact_window, scopes_for
from recognition.domain.periods import Period, PeriodKind

MONTHLY = {"repeat": {"kind": "per_period", "period": "month"}}
OTHER = "2b8f7c3e-1111-4a2b-9c3d-00000000000f"


def evidence(award: object) -> list[str]:
    return [e.fact_id for e in award.evidence]  # type: ignore[attr-defined]


def test_completing_the_named_item_or_path() -> None:
    item_rule = rule("first-course", {"type": "complete_item", "item_id": ITEM}, points=10)
    facts = [completion("c2", at(3)), completion("c1", at(1)), completion("x", at(0), item=OTHER)]
    award = evaluate(item_rule, facts, ALL_TIME, BERLIN)
    assert award is not None
    assert (award.earned_at, evidence(award), award.points) == (at(1), ["c1"], 10)
    assert award.evidence[0].label == f"Completed catalog item {ITEM}"
    path_rule = rule("path-done", {"type": "complete_path", "path_id": PATH})
    assert evaluate(path_rule, facts, ALL_TIME, BERLIN) is None
    assert evaluate(path_rule, [path_completion("p", at(2))], ALL_TIME, BERLIN) is not None


def test_n_distinct_items_of_a_modality_or_skill() -> None:
    videos = rule("video-fan", {"type": "complete_items", "count": 2, "modality": "video"})
    python = rule("pythonista", {"type": "complete_items", "count": 2, "skill_id": "python"})
    facts = [
        completion("a", at(1), item="i1", modality="video", skill_ids=frozenset({"python"})),
        completion("a2", at(2), item="i1", modality="video"),  # the same item again: once
        completion("b", at(3), item="i2", modality="book", skill_ids=frozenset({"python"})),
        completion("c", at(4), item="i3", modality="video"),
    ]
    award = evaluate(videos, facts, ALL_TIME, BERLIN)
    assert award is not None and evidence(award) == ["a", "c"] and award.earned_at == at(4)
    award = evaluate(python, facts, ALL_TIME, BERLIN)
    assert award is not None and evidence(award) == ["a", "b"]


def test_learning_hours_in_total_and_within_a_period() -> None:
    ten_hours = rule("ten-hours", {"type": "learning_hours", "hours": 10})
    facts = [minutes(f"m{i}", at(i * 10), 150) for i in range(5)]  # 2.5 h every 10 days
    award = evaluate(ten_hours, facts, ALL_TIME, BERLIN)
    assert award is not None and award.earned_at == at(30) and len(award.evidence) == 4
    weekly_five = rule("busy-week", {"type": "learning_hours", "hours": 5, "within": "week"})
    assert evaluate(weekly_five, facts, ALL_TIME, BERLIN) is None
    dense = [*facts, minutes("d1", at(40, hours=2), 90), minutes("d2", at(41), 60)]  # m4 week
    award = evaluate(weekly_five, dense, ALL_TIME, BERLIN)
    assert award is not None and evidence(award) == ["m4", "d1", "d2"]


def test_a_monthly_rule_counts_each_month_in_the_configured_zone() -> None:
    monthly = rule("month-of-learning", {"type": "learning_hours", "hours": 2}, **MONTHLY)
    just_before_april_in_berlin = datetime(2026, 3, 31, 21, 30, tzinfo=UTC)  # 23:30 local
    just_after = datetime(2026, 3, 31, 22, 30, tzinfo=UTC)  # 00:30 on 1 April local
    facts = [
        minutes("m1", datetime(2026, 3, 10, tzinfo=UTC), 60),
        minutes("m2", just_before_april_in_berlin, 60),
        minutes("a1", just_after, 60),
        minutes("a2", datetime(2026, 4, 20, tzinfo=UTC), 60),
    ]
    awards = evaluate_all(monthly, facts, BERLIN)
    assert sorted(awards) == ["month:2026-03", "month:2026-04"]
    assert evidence(awards["month:2026-04"]) == ["a1", "a2"]
    in_utc = evaluate_all(monthly, facts, ZoneInfo("UTC"))
    assert sorted(in_utc) == ["month:2026-03"]  # a1 is still March in UTC: 3 h then, 1 h later


def test_a_streak_of_consecutive_active_weeks() -> None:
    streak = rule("three-weeks", {"type": "learning_streak", "weeks": 3})
    facts = [completion("w1", at(0)), attempt("w2", at(8), "a"), session("w4", at(22))]
    assert evaluate(streak, facts, ALL_TIME, BERLIN) is None  # week 3 is missing
    award = evaluate(streak, [*facts, minutes("w3", at(15), 5)], ALL_TIME, BERLIN)
    assert award is not None and evidence(award) == ["w1", "w2", "w3"] and award.earned_at == at(15)


def test_a_streak_with_a_weekly_minimum_uses_learning_time_only() -> None:
    streak = rule("steady", {"type": "learning_streak", "weeks": 2, "min_minutes_per_week": 60})
    facts = [
        minutes("a", at(0), 30),
        minutes("b", at(1), 30),
        minutes("c", at(7), 45),
        completion("x", at(8)),
    ]
    assert evaluate(streak, facts, ALL_TIME, BERLIN) is None
    award = evaluate(streak, [*facts, minutes("d", at(9), 20)], ALL_TIME, BERLIN)
    assert (
        award is not None and evidence(award) == ["a", "b", "c", "d"] and award.earned_at == at(9)
    )


def test_a_monthly_streak_belongs_to_the_month_of_its_last_weeks_monday() -> None:
    streak = rule("monthly-streak", {"type": "learning_streak", "weeks": 2}, **MONTHLY)
    monday_march_23 = datetime(2026, 3, 23, 8, tzinfo=UTC)
    monday_march_30 = datetime(2026, 3, 30, 8, tzinfo=UTC)
    april_first = datetime(2026, 4, 1, 8, tzinfo=UTC)  # in the week of Monday 30 March
    awards = evaluate_all(
        streak, [minutes("a", monday_march_23, 10), minutes("b", april_first, 10)], BERLIN
    )
    assert list(awards) == ["month:2026-03"]
    assert awards["month:2026-03"].earned_at == april_first
    # A late fact earlier in that week moves the time, never the month.
    awards = evaluate_all(
        streak,
        [
            minutes("a", monday_march_23, 10),
            minutes("b", april_first, 10),
            minutes("c", monday_march_30, 5),
        ],
        BERLIN,
    )
    assert (
        list(awards) == ["month:2026-03"] and awards["month:2026-03"].earned_at == monday_march_30
    )


def test_trying_counts_whatever_the_outcome() -> None:
    brave = rule("brave-start", {"type": "new_attempts", "count": 2})
    facts = [attempt("f1", at(1), "quiz-1", "failed"), attempt("f2", at(2), "quiz-1", "failed")]
    assert evaluate(brave, facts, ALL_TIME, BERLIN) is None  # the same activity twice is one try
    award = evaluate(brave, [*facts, attempt("t", at(3), "lab-2", "attempted")], ALL_TIME, BERLIN)
    assert award is not None and evidence(award) == ["f1", "t"]
    failures_only = rule(
        "fail-forward", {"type": "new_attempts", "count": 1, "outcomes": ["failed"]}
    )
    assert evaluate(failures_only, [attempt("p", at(1), "x", "passed")], ALL_TIME, BERLIN) is None


def test_coming_back_after_a_failure() -> None:
    comeback = rule("comeback", {"type": "comeback"}, **MONTHLY)
    feb_fail = attempt("f", datetime(2026, 2, 10, tzinfo=UTC), "exam", "failed")
    mar_pass = attempt("p", datetime(2026, 3, 5, tzinfo=UTC), "exam", "passed")
    early_pass = attempt("e", datetime(2026, 2, 1, tzinfo=UTC), "exam", "passed")
    awards = evaluate_all(comeback, [mar_pass, early_pass, feb_fail], BERLIN)
    assert list(awards) == ["month:2026-03"] and evidence(awards["month:2026-03"]) == ["f", "p"]
    assert (
        evaluate_all(comeback, [early_pass, attempt("f2", at(400), "exam", "failed")], BERLIN) == {}
    )
    # A failure makes every later month with a success on that activity worth re-checking.
    scopes = scopes_for(comeback, feb_fail, BERLIN, [mar_pass, early_pass])
    assert scopes == [Scope.of(Period(PeriodKind.MONTH, date(2026, 3, 1)))]


def test_mentoring_sessions_by_role_and_kudos_from_distinct_people() -> None:
    mentor = rule("mentor", {"type": "mentoring_sessions", "count": 2, "role": "mentor"})
    facts = [
        session("s1", at(1), "mentor"),
        session("s2", at(2), "mentee"),
        session("s3", at(3), "mentor"),
    ]
    award = evaluate(mentor, facts, ALL_TIME, BERLIN)
    assert award is not None and evidence(award) == ["s1", "s3"]
    thanked = rule("thanked", {"type": "kudos_received", "count": 2, "distinct_givers": True})
    gifts = [kudos("k1", at(1), "E2"), kudos("k2", at(2), "E2")]
    assert evaluate(thanked, gifts, ALL_TIME, BERLIN) is None
    award = evaluate(thanked, [*gifts, kudos("k3", at(3), "E3")], ALL_TIME, BERLIN)
    assert award is not None and evidence(award) == ["k1", "k3"]


def test_award_ids_follow_from_learner_rule_and_scope() -> None:
    monthly = rule("month-of-learning", {"type": "learning_hours", "hours": 1}, **MONTHLY)
    first = evaluate_all(monthly, [minutes("a", at(1), 60)], BERLIN)["month:2026-03"]
    again = evaluate_all(monthly, [minutes("b", at(2), 90)], BERLIN)["month:2026-03"]
    assert first.award_id == again.award_id
    other = evaluate_all(monthly, [minutes("c", at(2), 90, learner="E2")], BERLIN)["month:2026-03"]
    assert other.award_id != first.award_id


def test_facts_of_two_learners_are_never_mixed() -> None:
    pair = rule("pair", {"type": "complete_items", "count": 2})
    with pytest.raises(ValueError, match="several learners"):
        evaluate(
            pair,
            [completion("a", at(1), item="i1"), completion("b", at(2), item="i2", learner="E2")],
            ALL_TIME,
            BERLIN,
        )


def test_fact_windows_cover_what_a_scope_needs() -> None:
    march = Scope.of(Period(PeriodKind.MONTH, date(2026, 3, 1)))
    hours = rule("h", {"type": "learning_hours", "hours": 1}, **MONTHLY)
    assert fact_window(hours, march, ZoneInfo("UTC")) == (
        datetime(2026, 3, 1, tzinfo=ZoneInfo("UTC")),
        datetime(2026, 4, 1, tzinfo=ZoneInfo("UTC")),
    )
    streak = rule("s", {"type": "learning_streak", "weeks": 3}, **MONTHLY)
    start, end = fact_window(streak, march, ZoneInfo("UTC"))
    assert start == datetime(2026, 2, 9, tzinfo=ZoneInfo("UTC"))  # two weeks before 23 Feb
    assert end == datetime(2026, 4, 6, tzinfo=ZoneInfo("UTC"))  # the week of 30 March ends
    assert fact_window(rule("o", {"type": "comeback"}), ALL_TIME, BERLIN) == (None, None)
