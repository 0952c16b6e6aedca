"""The award events rendered without their models (service_layer.events, points) are, byte
for byte, what the contract models give: the consumers of recognition.v1 and the LRS read them
as if the models had written them."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta, timezone
from types import SimpleNamespace
from typing import Any, cast

import pytest

from continuum_contracts import Event
from continuum_contracts.events.recognition import BadgeAwarded, PointsRecorded
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
from continuum_runtime.unit_of_work import PreparedEvent, UnitOfWork
from recognition.badges.urls import PublicUrls
from recognition.domain import points as ledger
from recognition.service_layer import events
from recognition.service_layer.context import Recognition
from recognition.service_layer.points import _published
from recognition.store.awards import Granted
from recognition.store.tables import BadgeRow

CTX = cast(
    Recognition,
    SimpleNamespace(
        urls=PublicUrls("https://learn.example.com/recognition/public"),
        org_homepage="https://people.example.com",
    ),
)
WHOLE_SECOND = datetime(2026, 12, 3, 20, 0, 0, tzinfo=UTC)
OFFSET = datetime(2026, 12, 3, 21, 30, 5, 123456, tzinfo=timezone(timedelta(hours=1)))


def same_wire(prepared: PreparedEvent, model: Event) -> None:
    expected = PreparedEvent.from_event(model)
    assert prepared.payload_json == expected.payload_json
    assert (prepared.event_type, prepared.topic, prepared.key, prepared.subject) == (
        expected.event_type,
        expected.topic,
        expected.key,
        expected.subject,
    )


def award(earned_at: datetime, trigger: str | None) -> Granted:
    return Granted(str(uuid.uuid4()), "E10001", "first-steps", earned_at, 10, trigger)


def badge(description: str) -> BadgeRow:
    return BadgeRow(
        badge_id="first-steps", name="First steps", description=description, criteria="Try."
    )


@pytest.mark.parametrize("earned_at", [WHOLE_SECOND, OFFSET])
@pytest.mark.parametrize(
    ("trigger", "trigger_type", "awarded_by"),
    [(None, None, None), ("evt-1", "io.continuum.xapi.statement.stored.v1", "M20001")],
)
def test_badge_awarded(
    earned_at: datetime, trigger: str | None, trigger_type: str | None, awarded_by: str | None
) -> None:
    row, kind = award(earned_at, trigger), badge("Your first «try», whatever the outcome")
    prepared = events.badge_awarded(
        CTX, row, kind, trigger_type=trigger_type, awarded_by=awarded_by
    )
    occurred_at = datetime.fromisoformat(json.loads(prepared.payload_json)["occurred_at"])
    model = BadgeAwarded(
        occurred_at=occurred_at,
        learner_id=row.learner_id,
        award_id=uuid.UUID(row.award_id),
        badge_id=row.badge_id,
        badge_name=kind.name,
        badge_description=kind.description,
        image_url=CTX.urls.baked_image(uuid.UUID(row.award_id), "png"),
        criteria=kind.criteria,
        awarded_by=awarded_by,
        trigger_event_type=trigger_type,
        trigger_event_id=trigger,
    )
    same_wire(prepared, model)


@pytest.mark.parametrize("earned_at", [WHOLE_SECOND, OFFSET])
def test_earned_statement(earned_at: datetime) -> None:
    row, kind = award(earned_at, None), badge('Ünïcode and "quotes"')
    award_id = uuid.UUID(row.award_id)
    statement = Statement(
        id=uuid.uuid5(events.STATEMENT_NAMESPACE, f"earned:{award_id}"),
        actor=Agent(account=Account(home_page=CTX.org_homepage, name=row.learner_id)),
        verb=Verb(id=events.EARNED_VERB, display={"en-US": "earned"}),
        object=Activity(
            id=CTX.urls.badge_class(row.badge_id),
            definition=ActivityDefinition(
                name={"en-US": kind.name},
                description={"en-US": kind.description},
                type=events.BADGE_ACTIVITY_TYPE,
                more_info=CTX.urls.assertion(award_id),
            ),
        ),
        context=Context(platform="Continuum recognition"),
        timestamp=row.earned_at,
    )
    model = StatementSubmitted(learner_id=row.learner_id, statement=statement)
    same_wire(events.earned_statement(CTX, row, kind), model)


class _Staging:
    """What `_published` needs of a unit of work: somewhere to stage the event."""

    def __init__(self) -> None:
        self.staged: list[Any] = []

    def publish(self, event: Any) -> None:
        self.staged.append(event)


@pytest.mark.parametrize("at", [WHOLE_SECOND, OFFSET])
@pytest.mark.parametrize("kind", list(ledger.EntryKind))
def test_points_recorded(at: datetime, kind: ledger.EntryKind) -> None:
    entry = ledger.LedgerEntry(
        entry_id=uuid.uuid4(),
        learner_id="E10001",
        kind=kind,
        points=-5 if kind.value in ("redemption", "reversal") else 25,
        balance_after=40,
        reference=str(uuid.uuid4()),
        occurred_at=at,
    )
    staging = _Staging()
    _published(cast(UnitOfWork, staging), entry)
    [prepared] = staging.staged
    model = PointsRecorded(
        occurred_at=entry.occurred_at,
        learner_id=entry.learner_id,
        entry_id=entry.entry_id,
        kind=entry.kind.value,
        points=entry.points,
        balance=entry.balance_after,
        reference=entry.reference,
    )
    same_wire(prepared, model)
