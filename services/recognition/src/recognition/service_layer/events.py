"""The events an award produces: recognition.v1 contract events and the xAPI "earned"
statement submitted to the LRS on xapi.submissions.v1."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from continuum_contracts.events.recognition import BadgeAwarded, BadgeRevoked
from continuum_contracts.events.xapi import StatementSubmitted
from continuum_contracts.xapi import (
    Account,
    Activity,
    ActivityDefinition,
    Agent,
    Context,
    Statement,
    Verb,
)
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
) -> BadgeAwarded:
    return BadgeAwarded(
        occurred_at=datetime.now(UTC),
        learner_id=row.learner_id,
        award_id=uuid.UUID(row.award_id),
        badge_id=row.badge_id,
        badge_name=badge.name,
        badge_description=badge.description,
        image_url=ctx.urls.baked_image(uuid.UUID(row.award_id), "png"),
        criteria=badge.criteria,
        awarded_by=awarded_by,
        trigger_event_type=trigger_type,
        trigger_event_id=row.trigger_event_id,
    )


def badge_revoked(row: AwardRow) -> BadgeRevoked:
    return BadgeRevoked(
        occurred_at=datetime.now(UTC),
        learner_id=row.learner_id,
        award_id=uuid.UUID(row.award_id),
        badge_id=row.badge_id,
        reason=row.revocation_reason or "revoked",
        revoked_by=row.revoked_by,
    )


def earned_statement(ctx: Recognition, row: AwardFacts, badge: BadgeRow) -> StatementSubmitted:
    """'<learner> earned <badge>': its id follows from the award, so a resubmission is the
    same statement (the LRS keeps one)."""
    award_id = uuid.UUID(row.award_id)
    statement = Statement(
        id=uuid.uuid5(STATEMENT_NAMESPACE, f"earned:{award_id}"),
        actor=Agent(account=Account(home_page=ctx.org_homepage, name=row.learner_id)),
        verb=Verb(id=EARNED_VERB, display={"en-US": "earned"}),
        object=Activity(
            id=ctx.urls.badge_class(row.badge_id),
            definition=ActivityDefinition(
                name={"en-US": badge.name},
                description={"en-US": badge.description},
                type=BADGE_ACTIVITY_TYPE,
                more_info=ctx.urls.assertion(award_id),
            ),
        ),
        context=Context(platform="Continuum recognition"),
        timestamp=row.earned_at,
    )
    return StatementSubmitted(learner_id=row.learner_id, statement=statement)
