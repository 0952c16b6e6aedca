"""What a period measured for each learner, from the stored facts (retracted ones left out):
learning minutes, distinct activities tried, mentoring sessions given and to whom."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from recognition.domain.ceremonies import Measures
from recognition.store import facts as fact_store
from recognition.store.tables import FactRow


async def period_rows(session: AsyncSession, start: datetime, end: datetime) -> list[FactRow]:
    rows = await fact_store.fact_rows_between(
        session, ("learning_time", "attempt", "mentoring_session"), start, end
    )
    retracted = await fact_store.retracted_among(session, [r.fact_id for r in rows])
    return [r for r in rows if r.fact_id not in retracted]


def learning_minutes(rows: list[FactRow]) -> dict[str, float]:
    minutes: dict[str, float] = defaultdict(float)
    for row in rows:
        if row.kind == "learning_time":
            minutes[row.learner_id] += float(row.data.get("minutes", 0))
    return dict(minutes)


def measures(rows: list[FactRow], previous: list[FactRow]) -> list[Measures]:
    """Each learner's measures in the period (and learning minutes of the period before)."""
    minutes = learning_minutes(rows)
    before = learning_minutes(previous)
    tried: dict[str, set[str]] = defaultdict(set)
    sessions: dict[str, set[str]] = defaultdict(set)
    mentees: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        if row.kind == "attempt":
            tried[row.learner_id].add(str(row.data.get("activity_id")))
        elif row.kind == "mentoring_session" and row.data.get("role") == "mentor":
            sessions[row.learner_id].add(str(row.data.get("session_id")))
            if row.data.get("partner"):
                mentees[row.learner_id].add(str(row.data["partner"]))
    learners = set(minutes) | set(tried) | set(sessions)
    return [
        Measures(
            learner_id=learner,
            learning_minutes=minutes.get(learner, 0.0),
            previous_learning_minutes=before.get(learner, 0.0),
            sessions_as_mentor=len(sessions.get(learner, ())),
            distinct_mentees=len(mentees.get(learner, ())),
            new_attempts=len(tried.get(learner, ())),
        )
        for learner in sorted(learners)
    ]
