"""Recording the catalog read model from catalog events."""

from __future__ import annotations

from continuum_runtime.unit_of_work import UnitOfWork
from recognition.store import catalog as store


async def record_item(
    *,
    uow: UnitOfWork,
    item_id: str,
    title: str,
    kind: str,
    skill_ids: list[str],
    activity_iri: str,
) -> None:
    async with uow:
        await store.save_item(
            uow.session,
            item_id=item_id,
            title=title,
            kind=kind,
            skill_ids=skill_ids,
            activity_iri=activity_iri,
        )


async def record_skill(
    *, uow: UnitOfWork, skill_id: str, name: str, framework: str | None, description: str | None
) -> None:
    async with uow:
        await store.save_skill(
            uow.session, skill_id=skill_id, name=name, framework=framework, description=description
        )
