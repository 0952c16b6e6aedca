"""Voiding (Data 2.3.2) and statement immutability for a batch meeting stored statements.

The store reads what a batch relates to in one query (its ids already stored, stored voiding
statements that target it, the statements it voids); these functions decide what that means.
Rows are (statement id, target id, is voiding, voided, body JSON), ids in lower case.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from progress.lrs.domain.comparison import statements_equivalent
from progress.lrs.domain.errors import StatementConflict, XapiValidationError
from progress.lrs.domain.statements import VOIDED_VERB

RelatedRow = tuple[str, str | None, bool, bool, str]


def statement_key(statement: Mapping[str, Any]) -> str:
    return str(statement["id"]).lower()


def voiding_target(statement: Mapping[str, Any]) -> str | None:
    """The id a voiding statement targets (None for any other statement)."""
    if statement["verb"]["id"] != VOIDED_VERB:
        return None
    return str(statement["object"]["id"]).lower()


def batch_targets(statements: Sequence[Mapping[str, Any]]) -> list[str]:
    """The ids the batch's voiding statements target; a batch voiding one of its own voiding
    statements is refused (400)."""
    targets = [t for s in statements if (t := voiding_target(s)) is not None]
    voiding = {statement_key(s) for s in statements if s["verb"]["id"] == VOIDED_VERB}
    if voiding.intersection(targets):
        raise XapiValidationError(
            "a voiding Statement cannot target another voiding Statement", "statement.object.id"
        )
    return targets


@dataclass
class Relations:
    """What stored statements mean for a batch."""

    existing: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Stored statements with an id of the batch, by id."""
    voiding_targets: dict[str, str | None] = field(default_factory=dict)
    """Stored voiding statements the batch targets: their id -> the id they target."""
    voided_later: set[str] = field(default_factory=set)
    """Batch ids a stored (unvoided) voiding statement already targets."""


def relations(
    rows: Iterable[RelatedRow], keys: Collection[str], targets: Collection[str]
) -> Relations:
    found = Relations()
    for statement_id, target_id, is_voiding, voided, body in rows:
        if statement_id in keys:
            found.existing[statement_id] = json.loads(body)
        if is_voiding and not voided and target_id is not None and target_id in keys:
            found.voided_later.add(target_id)
        if is_voiding and statement_id in targets:
            found.voiding_targets[statement_id] = target_id
    return found


def fresh_statements(
    submitted: Sequence[Mapping[str, Any]],
    completed: Sequence[dict[str, Any]],
    existing: Mapping[str, Mapping[str, Any]],
) -> list[dict[str, Any]]:
    """The completed statements not stored yet; one stored with other content conflicts
    (same content: skipped, as statements are immutable)."""
    fresh: list[dict[str, Any]] = []
    for original, statement in zip(submitted, completed, strict=True):
        stored = existing.get(statement_key(statement))
        if stored is None:
            fresh.append(statement)
        elif not statements_equivalent(original, stored):
            raise StatementConflict(statement["id"])
    return fresh


def arriving_voiding(
    fresh: Sequence[Mapping[str, Any]], voided_later: Collection[str]
) -> dict[str, str]:
    """Voiding statements of the batch that a stored voiding statement targets: id -> the id
    they target (they may be voided on arrival only if they void nothing themselves)."""
    return {
        key: target
        for s in fresh
        if (key := statement_key(s)) in voided_later and (target := voiding_target(s)) is not None
    }


def void_nothing(voiding_targets: Mapping[str, str | None], present: Collection[str]) -> set[str]:
    """Of voiding statements (id -> their target), those whose target is not `present`: they
    voided nothing, so they may be voided themselves."""
    return {
        statement_id
        for statement_id, target in voiding_targets.items()
        if target is None or target not in present
    }


def effective_targets(
    fresh: Sequence[Mapping[str, Any]], voided_later: Collection[str]
) -> list[str]:
    """What the batch's own voiding statements void: those not voided on arrival take effect."""
    return [
        target
        for s in fresh
        if (target := voiding_target(s)) is not None and statement_key(s) not in voided_later
    ]
