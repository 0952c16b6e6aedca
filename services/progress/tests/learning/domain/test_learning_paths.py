"""Path progress: percentage over required steps, next step, completion."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from progress.learning.domain.paths import Step, path_progress

T0 = datetime(2026, 3, 2, tzinfo=UTC)
STEPS = [
    Step("s1", "i1", 1),
    Step("s2", "i2", 2, prerequisite_step_ids=("s1",)),
    Step("s3", "i3", 3, required=False),
    Step("s4", "i4", 4, prerequisite_step_ids=("s2",)),
]


def test_nothing_done() -> None:
    progress = path_progress(STEPS, {})
    assert (progress.required_steps, progress.completed_required_steps) == (3, 0)
    assert progress.percentage == 0.0
    assert progress.next_step == STEPS[0]
    assert not progress.completed
    assert progress.started_at is None


def test_optional_steps_do_not_count_and_prerequisites_order_the_next_step() -> None:
    progress = path_progress(STEPS, {"i1": T0, "i3": T0})
    assert progress.percentage == 33.3
    assert progress.next_step == STEPS[1]
    assert progress.started_at == T0


def test_a_step_whose_prerequisite_is_unfinished_is_skipped() -> None:
    progress = path_progress(STEPS, {"i2": T0})  # s1 not done: s2 done out of order
    assert progress.next_step == STEPS[0]
    progress = path_progress(STEPS, {"i1": T0, "i3": T0, "i4": T0})
    assert progress.next_step == STEPS[1]


def test_completed_when_every_required_step_is_done_at_the_latest_completion() -> None:
    done = {"i1": T0, "i2": T0 + timedelta(days=2), "i4": T0 + timedelta(days=5)}
    progress = path_progress(STEPS, done, {"i1": T0 - timedelta(days=1)})
    assert progress.completed
    assert progress.percentage == 100.0
    assert progress.completed_at == T0 + timedelta(days=5)
    assert progress.started_at == T0 - timedelta(days=1)
    assert progress.next_step == STEPS[2]  # the optional step is still open


def test_a_path_of_optional_steps_counts_them_all() -> None:
    steps = [Step("a", "x", 1, required=False), Step("b", "y", 2, required=False)]
    assert path_progress(steps, {"x": T0}).percentage == 50.0


def test_an_empty_path_is_never_completed() -> None:
    progress = path_progress([], {})
    assert not progress.completed
    assert progress.next_step is None


@given(st.sets(st.sampled_from(["i1", "i2", "i3", "i4"])))
def test_percentage_is_between_0_and_100_and_100_only_when_completed(done: set[str]) -> None:
    progress = path_progress(STEPS, dict.fromkeys(done, T0))
    assert 0.0 <= progress.percentage <= 100.0
    assert (progress.percentage == 100.0) == progress.completed
