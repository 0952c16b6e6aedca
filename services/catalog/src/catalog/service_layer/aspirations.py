"""Career aspirations: the role a learner aims for, set by the learner or an admin."""

from __future__ import annotations

from catalog.service_layer.commands import AspirationUpdate
from catalog.service_layer.org import may_read_learner
from catalog.store.columns import utcnow
from catalog.store.roles import AspirationRow, get_aspiration, get_role
from continuum_runtime.auth import Principal
from continuum_runtime.errors import FieldError, Forbidden, InvalidInput, NotFound, unknown
from continuum_runtime.unit_of_work import UnitOfWork


async def read_aspiration(
    *, uow: UnitOfWork, employee_id: str, viewer: Principal, report_levels: int
) -> AspirationRow:
    """The learner's own, an admin, or a manager the learner reports to (HRIS) may read it."""
    async with uow:
        if not await may_read_learner(
            uow=uow, viewer=viewer, employee_id=employee_id, levels=report_levels
        ):
            raise Forbidden("not your learner")
        row = await get_aspiration(uow.session, employee_id)
    if row is None:
        raise NotFound("aspiration of employee", employee_id)
    return row


async def put_aspiration(
    *, uow: UnitOfWork, employee_id: str, command: AspirationUpdate, actor: Principal
) -> AspirationRow:
    """Set the learner's target role: the learner themselves or an admin may."""
    if employee_id != actor.subject and not actor.is_admin:
        raise Forbidden("only the learner or an admin sets an aspiration")
    async with uow:
        session = uow.session
        errors: list[FieldError] = []
        for field in ("target_role_id", "current_role_id"):
            role_id = getattr(command, field)
            if role_id is not None and await get_role(session, role_id) is None:
                errors.append(unknown(("body", field), "role", role_id))
        if errors:
            raise InvalidInput(errors)
        row = await get_aspiration(session, employee_id)
        now = utcnow()
        if row is None:
            row = AspirationRow(
                employee_id=employee_id, target_role_id=command.target_role_id, updated_at=now
            )
            session.add(row)
        row.target_role_id = command.target_role_id
        row.current_role_id = command.current_role_id
        row.note = command.note
        row.updated_at = now
        await session.flush()
    return row
