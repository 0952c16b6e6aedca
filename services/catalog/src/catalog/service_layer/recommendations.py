"""Personalised path recommendation: the request's roles and skills, the catalog's items."""

from __future__ import annotations

from catalog.domain.items import CatalogItem, ItemStatus
from catalog.domain.kinds import ItemKind
from catalog.domain.preferences import Preferences
from catalog.domain.recommendation import Plan, PlanRequest, recommend_plan
from catalog.domain.skills import SkillLevel
from catalog.service_layer.org import may_read_learner
from catalog.store.items import ItemRow, published_items_teaching
from catalog.store.roles import RoleRow, get_aspiration, get_role
from continuum_runtime.auth import Principal
from continuum_runtime.errors import FieldError, Forbidden, InvalidInput, unknown
from continuum_runtime.unit_of_work import UnitOfWork


async def recommend(
    *,
    uow: UnitOfWork,
    viewer: Principal,
    employee_id: str,
    target_role_id: str | None,
    current_role_id: str | None,
    held: dict[str, int],
    preferences: Preferences,
    hours_budget: float | None,
    report_levels: int,
) -> tuple[Plan, RoleRow, RoleRow | None, dict[str, ItemRow]]:
    """The plan closing the gap to the target role (the learner's aspiration when absent).

    A learner plans for themselves, a manager for their reports (as HRIS reported them,
    through `report_levels` of management), an admin for anyone.
    """
    async with uow:
        if not await may_read_learner(
            uow=uow, viewer=viewer, employee_id=employee_id, levels=report_levels
        ):
            raise Forbidden("not your learner")
        session = uow.session
        if target_role_id is None:
            aspiration = await get_aspiration(session, employee_id)
            if aspiration is None:
                raise InvalidInput(
                    [
                        FieldError(
                            ("body", "target_role_id"),
                            f"required: employee {employee_id!r} has no career aspiration",
                            # Required by what is stored (no aspiration), not by the request.
                            "reference_error",
                        )
                    ]
                )
            target_role_id = aspiration.target_role_id
            current_role_id = current_role_id or aspiration.current_role_id
        errors: list[FieldError] = []
        target = await get_role(session, target_role_id)
        if target is None:
            errors.append(unknown(("body", "target_role_id"), "role", target_role_id))
        current = await get_role(session, current_role_id) if current_role_id else None
        if current_role_id and current is None:
            errors.append(unknown(("body", "current_role_id"), "role", current_role_id))
        if errors or target is None:
            raise InvalidInput(errors)
        required = {s["skill_id"]: s["level"] for s in target.required_skills}
        rows = await published_items_teaching(session, required)
    plan = recommend_plan(
        PlanRequest(
            catalog=tuple(_domain_item(row) for row in rows),
            target_role=required,
            current_role={s["skill_id"]: s["level"] for s in current.required_skills}
            if current
            else {},
            held=held,
            preferences=preferences,
            hours_budget=hours_budget,
        )
    )
    return plan, target, current, {row.id: row for row in rows}


def _domain_item(row: ItemRow) -> CatalogItem:
    return CatalogItem(
        id=row.id,
        kind=ItemKind(row.kind),
        language=row.language,
        duration_minutes=max(1, row.duration_minutes),
        teaches=tuple(SkillLevel(skill_id=s["skill_id"], level=s["level"]) for s in row.skills),
        prerequisites=tuple(row.prerequisite_ids),
        status=ItemStatus(row.status),
    )
