"""The events an award produces: recognition.v1 contract events and the xAPI "earned"
statement submitted to the LRS on xapi.submissions.v1."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from continuum_contracts.events.recognition import BadgeAwarded, BadgeRevoked
from continuum_contracts.events.xapi import StatementSubmitted
from continuum_runtime.unit_of_work import PreparedEvent
from recognition.service_layer.context import Recognition
from recognition.store.awards import AwardFacts
from recognition.store.tables import AwardRow, BadgeRow

EARNED_VERB = "http://id.tincanapi.com/verb/earned"
BADGE_ACTIVITY_TYPE = "https://w3id.org/xapi/openbadges/activity-types/badge"
STATEMENT_NAMESPACE = uuid.UUID("3e5b8f21-6c4d-4a7e-9b12-7d0e4c9a1f36")  # fixed forever


def badge_awarded(
    ctx: Recognition,
    row: AwardFacts,
    badge: BadgeRow,
    *,
    trigger_type: str | None,
    awarded_by: str | None = None,
) -> PreparedEvent:
    """`BadgeAwarded`, rendered without building the model (a batch settles thousands of
    awards; a test pins the equality with the contract model's wire form)."""
    award_id = str(uuid.UUID(row.award_id))
    payload = {
        "occurred_at": wire_time(datetime.now(UTC)),
        "learner_id": row.learner_id,
        "award_id": award_id,
        "badge_id": row.badge_id,
        "badge_name": badge.name,
        "badge_description": badge.description,
        "image_url": ctx.urls.baked_image(uuid.UUID(award_id), "png"),
        "criteria": badge.criteria,
        "awarded_by": awarded_by,
        "trigger_event_type": trigger_type,
        "trigger_event_id": row.trigger_event_id,
    }
    return PreparedEvent.of(BadgeAwarded, key=row.learner_id, payload=_present(payload))


def badge_revoked(row: AwardRow) -> BadgeRevoked:
    return BadgeRevoked(
        occurred_at=datetime.now(UTC),
        learner_id=row.learner_id,
        award_id=uuid.UUID(row.award_id),
        badge_id=row.badge_id,
        reason=row.revocation_reason or "revoked",
        revoked_by=row.revoked_by,
    )


def earned_statement(ctx: Recognition, row: AwardFacts, badge: BadgeRow) -> PreparedEvent:
    """'<learner> earned <badge>' as `StatementSubmitted`, rendered without the models (see
    `badge_awarded`). Its id follows from the award, so a resubmission is the same statement
    (the LRS keeps one)."""
    award_id = uuid.UUID(row.award_id)
    definition = {
        "name": {"en-US": badge.name},
        "description": {"en-US": badge.description},
        "type": BADGE_ACTIVITY_TYPE,
        "moreInfo": ctx.urls.assertion(award_id),
    }
    statement = {
        "id": str(uuid.uuid5(STATEMENT_NAMESPACE, f"earned:{award_id}")),
        "actor": {
            "objectType": "Agent",
            "account": {"homePage": ctx.org_homepage, "name": row.learner_id},
        },
        "verb": {"id": EARNED_VERB, "display": {"en-US": "earned"}},
        "object": {
            "objectType": "Activity",
            "id": ctx.urls.badge_class(row.badge_id),
            "definition": definition,
        },
        "context": {"platform": "Continuum recognition"},
        "timestamp": wire_time(row.earned_at),
    }
    payload = {"learner_id": row.learner_id, "statement": statement}
    return PreparedEvent.of(StatementSubmitted, key=row.learner_id, payload=payload)


def wire_time(moment: datetime) -> str:
    """A timestamp as the contract models write it (its own offset; UTC as `Z`)."""
    return moment.isoformat().replace("+00:00", "Z")


def _present(payload: dict[str, Any]) -> dict[str, Any]:
    """The contracts leave absent values out of the wire form."""
    return {k: v for k, v in payload.items() if v is not None}
