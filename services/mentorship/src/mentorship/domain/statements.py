"""A logged session as xAPI statements: the mentor "mentored", the mentee "attended".

Statement ids derive from the session and the side, so a resubmission is the same statement
(the LRS refuses a different one under an id it has, and ignores an identical one).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from continuum_contracts.xapi import Statement

MENTORED = "http://id.tincanapi.com/verb/mentored"
ATTENDED = "http://adlnet.gov/expapi/verbs/attended"
MEETING = "http://id.tincanapi.com/activitytype/meeting"
NAMESPACE = uuid.UUID("5c1f2f0e-3f52-4d0e-9a47-2b8e6c1d7a31")


def statement_id(session_id: str, side: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"{session_id}:{side}")


def session_statements(
    *,
    session_id: str,
    mentorship_id: str,
    mentor_id: str,
    mentee_id: str,
    held_at: datetime,
    duration_minutes: int,
    home_page: str,
    activity_iri: str,
) -> list[tuple[str, Statement]]:
    """(learner id, statement) for both sides of one session; the duration counts as learning."""
    hours, minutes = divmod(duration_minutes, 60)
    duration = "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    out: list[tuple[str, Statement]] = []
    for side, learner, verb, word in (
        ("mentor", mentor_id, MENTORED, "mentored"),
        ("mentee", mentee_id, ATTENDED, "attended"),
    ):
        statement = Statement.model_validate(
            {
                "id": str(statement_id(session_id, side)),
                "actor": {
                    "objectType": "Agent",
                    "account": {"homePage": home_page, "name": learner},
                },
                "verb": {"id": verb, "display": {"en-US": word}},
                "object": {
                    "objectType": "Activity",
                    "id": activity_iri,
                    "definition": {"type": MEETING, "name": {"en-US": "Mentoring session"}},
                },
                "result": {"completion": True, "duration": duration},
                "context": {"registration": mentorship_id, "platform": "Continuum mentorship"},
                "timestamp": held_at.isoformat(),
            }
        )
        out.append((learner, statement))
    return out
