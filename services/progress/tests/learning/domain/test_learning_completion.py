"""Folding statements into an item's state, per item kind, by the contract's completion rule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from continuum_contracts.completion import AdlVerb
from progress.learning.domain.completion import Outcome, Record, item_state, outcome_of

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


@pytest.mark.parametrize(
    ("verb", "completion", "success", "expected"),
    [
        (AdlVerb.COMPLETED, None, None, Outcome.COMPLETED),
        (AdlVerb.COMPLETED, True, True, Outcome.COMPLETED),
        (AdlVerb.COMPLETED, True, False, Outcome.FAILED),
        (AdlVerb.PASSED, None, None, Outcome.PASSED),
        (AdlVerb.FAILED, None, None, Outcome.FAILED),
        (AdlVerb.ATTEMPTED, None, None, Outcome.ATTEMPTED),
        (AdlVerb.ATTENDED, None, None, Outcome.SESSION),
        (AdlVerb.EXPERIENCED, None, None, Outcome.OTHER),
        (AdlVerb.EXPERIENCED, True, None, Outcome.COMPLETED),
        (AdlVerb.PROGRESSED, True, False, Outcome.FAILED),
        ("https://example.com/verbs/bookmarked", None, None, Outcome.OTHER),
    ],
)
def test_outcome_of_verb_and_result(
    verb: str, completion: bool | None, success: bool | None, expected: Outcome
) -> None:
    assert outcome_of(verb, completion=completion, success=success) is expected


def test_a_course_is_completed_by_its_first_completing_statement() -> None:
    records = [
        Record(Outcome.COMPLETED, at(30), "s2"),
        Record(Outcome.ATTEMPTED, at(0), "s1"),
        Record(Outcome.COMPLETED, at(90), "s3"),
    ]
    state = item_state("course", {}, records)
    assert state.status == "completed"
    assert state.started_at == at(0)
    assert state.completed_at == at(30)
    assert state.completing_statement_id == "s2"


def test_a_failed_attempt_is_not_a_completion_until_passed() -> None:
    failed = [Record(Outcome.ATTEMPTED, at(0)), Record(Outcome.FAILED, at(20), success=False)]
    assert item_state("elearning", {}, failed).status == "failed"
    passed = [*failed, Record(Outcome.PASSED, at(60), "p", success=True, score=0.9)]
    state = item_state("elearning", {}, passed)
    assert (state.status, state.success, state.score) == ("completed", True, 0.9)


def test_a_certification_needs_a_pass_not_a_mere_completion() -> None:
    completed = [Record(Outcome.COMPLETED, at(0))]
    assert item_state("certification", {}, completed).status == "in_progress"
    passed = Record(Outcome.PASSED, at(5), assertion="provider")
    state = item_state("certification", {}, [*completed, passed])
    assert state.status == "completed"
    assert state.success is True


def test_mentoring_programme_completes_after_the_required_sessions() -> None:
    details = {"sessions_required": 3}
    sessions = [Record(Outcome.SESSION, at(i * 60)) for i in range(2)]
    state = item_state("mentoring_programme", details, sessions)
    assert (state.status, state.sessions) == ("in_progress", 2)
    state = item_state(
        "mentoring_programme", details, [*sessions, Record(Outcome.SESSION, at(500))]
    )
    assert (state.status, state.sessions, state.completed_at) == ("completed", 3, at(500))


def test_peer_circle_without_a_session_count_completes_only_when_completed() -> None:
    sessions = [Record(Outcome.SESSION, at(i)) for i in range(10)]
    assert item_state("peer_circle", {}, sessions).status == "in_progress"
    state = item_state("peer_circle", {}, [*sessions, Record(Outcome.COMPLETED, at(99))])
    assert state.status == "completed"


def test_attending_a_seminar_completes_it() -> None:
    assert item_state("seminar", {}, [Record(Outcome.SESSION, at(0))]).status == "completed"


def test_unrelated_verbs_leave_an_item_not_started() -> None:
    state = item_state("video", {}, [Record(Outcome.OTHER, at(0))])
    assert (state.status, state.started_at) == ("not_started", None)


def test_taking_part_starts_an_item_without_completing_it() -> None:
    opened = Record(Outcome.OTHER, at(0), verb_id=AdlVerb.EXPERIENCED)
    assert item_state("video", {}, [opened]).status == "in_progress"
    launched = Record(Outcome.OTHER, at(0), verb_id=AdlVerb.LAUNCHED)
    assert item_state("elearning", {}, [launched]).started_at == at(0)


def test_a_video_experienced_to_the_end_is_completed() -> None:
    outcome = outcome_of(AdlVerb.EXPERIENCED, completion=True, success=None)
    state = item_state("video", {}, [Record(outcome, at(5), "s1", verb_id=AdlVerb.EXPERIENCED)])
    assert (state.status, state.completing_statement_id) == ("completed", "s1")


def test_trusted_evidence_items_ignore_the_learners_own_completion() -> None:
    own = Record(Outcome.COMPLETED, at(0), statement_id="own", assertion="self")
    for kind, details in (("course", {"compliance": True}), ("course", {"assessed": True})):
        assert item_state(kind, details, [own]).status == "in_progress"
        attested = Record(Outcome.COMPLETED, at(5), statement_id="hr", assertion="attestation")
        state = item_state(kind, details, [own, attested])
        assert (state.status, state.completing_statement_id) == ("completed", "hr")
        assert state.evidence == "attestation"
    passed = Record(Outcome.PASSED, at(0), assertion="self")
    assert item_state("certification", {}, [passed]).status == "in_progress"


def test_informal_learning_completes_self_reported_and_says_so() -> None:
    state = item_state("article", {}, [Record(Outcome.COMPLETED, at(0), assertion="self")])
    assert (state.status, state.evidence) == ("completed", "self")
