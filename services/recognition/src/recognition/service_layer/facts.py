"""Turning what other services report into facts, with what only this service knows added
(an item's modality and skills from the catalog read model), then recording them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from continuum_runtime.unit_of_work import UnitOfWork
from recognition.domain.facts import ItemCompletion
from recognition.service_layer.context import Recognition
from recognition.service_layer.evaluation import Settled, Sourced, record_facts
from recognition.service_layer.feed import add_learning_entry
from recognition.store import catalog as catalog_store
from recognition.store import people as people_store
from recognition.store.tables import CatalogItemRow


@dataclass(frozen=True)
class CompletionReport:
    """An item completion as progress reports it (skills it taught, when, from which event)."""

    fact_id: str
    learner_id: str
    item_id: str
    completed_at: datetime
    skill_ids: frozenset[str] = field(default_factory=frozenset)
    event_id: str | None = None
    event_type: str | None = None


async def record_completions(
    *,
    uow: UnitOfWork,
    ctx: Recognition,
    reports: Sequence[CompletionReport],
    others: Sequence[Sourced] = (),
) -> Settled:
    """Record item completions (with the item's modality from the catalog) and other facts."""
    async with uow:
        session = uow.session
        items = await catalog_store.items_by_ids(session, {r.item_id for r in reports})
        sourced = list(others)
        for report in reports:
            item = items.get(report.item_id)
            fact = ItemCompletion(
                report.fact_id,
                report.learner_id,
                report.completed_at,
                report.item_id,
                modality=item.kind if item else None,
                skill_ids=report.skill_ids | frozenset(item.skill_ids if item else ()),
            )
            sourced.append(Sourced(fact, report.event_id, report.event_type))
        settled = await record_facts(uow=uow, ctx=ctx, facts=sourced)
        await _leaders_learning(uow, reports, items)
    return settled


async def _leaders_learning(
    uow: UnitOfWork, reports: Sequence[CompletionReport], items: Mapping[str, CatalogItemRow]
) -> None:
    """Leaders' completions become feed entries (shown only if they share their learning)."""
    session = uow.session
    leaders = await people_store.managers_among(session, {r.learner_id for r in reports})
    for report in reports:
        if report.learner_id not in leaders:
            continue
        item = items.get(report.item_id)
        title = item.title if item is not None else f"catalog item {report.item_id}"
        await add_learning_entry(
            session,
            fact_id=report.fact_id,
            learner_id=report.learner_id,
            title=f"Completed {title}",
            at=report.completed_at,
        )
