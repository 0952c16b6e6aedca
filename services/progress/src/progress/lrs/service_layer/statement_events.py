"""`xapi.statements.v1` events for stored statements, rendered without a model per statement.

At thousands of statements a second, validating each statement into the contract's pydantic
model and dumping it again would cost more than the database write. The statement's JSON is
already rendered for its row, exactly as the LRS returns it (the contract says the event
carries the statement "as it returns it from the statements API"), so it is spliced into the
payload; tests pin that the result is what `encode_json` makes of the same payload and that
`StatementStored` accepts it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from continuum_contracts.events.xapi import StatementStored
from continuum_runtime.unit_of_work import PreparedEvent
from progress.lrs.domain import format_timestamp
from progress.lrs.domain.authority import Assertion


def stored_payload(learner_id: str, body: str, stored_text: str, assertion: Assertion) -> str:
    """The JSON payload of `StatementStored`: learner, statement (as stored), stored time and
    who vouches for it."""
    learner = json.dumps(learner_id, ensure_ascii=False)
    vouching = json.dumps(assertion.as_json(), separators=(",", ":"), ensure_ascii=False)
    return (
        f'{{"learner_id":{learner},"statement":{body},"stored":{stored_text},'
        f'"assertion":{vouching}}}'
    )


def stored_events(
    rows: Sequence[Mapping[str, Any]], assertions: Sequence[Assertion], stored: datetime
) -> list[PreparedEvent]:
    """One `StatementStored` per statement row (with its assertion), keyed by its learner."""
    stored_text = json.dumps(format_timestamp(stored))
    return [
        PreparedEvent.of(
            StatementStored,
            key=row["actor_key"],
            payload=stored_payload(row["actor_key"], row["body"], stored_text, assertion),
            occurred_at=stored,
        )
        for row, assertion in zip(rows, assertions, strict=True)
    ]
