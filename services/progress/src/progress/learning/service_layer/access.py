"""Who may read or act on a learner's records: the learner, an admin, or a manager the learner
reports to according to the HRIS events this service holds (directly, or through other
managers when the organisation configures indirect reports). A token's own claims about whom
its bearer manages are never trusted."""

from __future__ import annotations

from continuum_runtime.auth.principal import Principal
from continuum_runtime.errors import Forbidden
from continuum_runtime.unit_of_work import UnitOfWork
from progress.learning.domain.policy import LearningPolicy
from progress.learning.store import people


async def manages(
    *, uow: UnitOfWork, caller: Principal, learner_id: str, policy: LearningPolicy
) -> bool:
    """Whether the caller is a manager the learner reports to (per HRIS events)."""
    if not caller.has("manager") or caller.subject == learner_id:
        return False
    async with uow:
        return await people.reports_to(
            uow.session, caller.subject, learner_id, indirect=policy.indirect_reports
        )


async def may_read_learner(
    *, uow: UnitOfWork, caller: Principal, learner_id: str, policy: LearningPolicy
) -> bool:
    if caller.is_admin or caller.subject == learner_id:
        return True
    return await manages(uow=uow, caller=caller, learner_id=learner_id, policy=policy)


async def ensure_may_read(
    *, uow: UnitOfWork, caller: Principal, learner_id: str, policy: LearningPolicy
) -> None:
    """403 unless the caller is the learner, a manager they report to, or an admin."""
    if not await may_read_learner(uow=uow, caller=caller, learner_id=learner_id, policy=policy):
        raise Forbidden("you may not read this learner's records")


async def team_members(
    *, uow: UnitOfWork, caller: Principal, manager_id: str, policy: LearningPolicy
) -> list[str]:
    """The team of `manager_id` per HRIS events, which the manager themselves or an admin reads."""
    own_team = caller.subject == manager_id and caller.has("manager")
    if not (caller.is_admin or own_team):
        raise Forbidden("you may not read this team")
    async with uow:
        return await people.team_of(uow.session, manager_id, indirect=policy.indirect_reports)
