"""Who is calling: the employee id (the token subject) and their roles."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Role = Literal["learner", "manager", "admin", "hris"]
ROLES: frozenset[str] = frozenset({"learner", "manager", "admin", "hris"})


@dataclass(frozen=True)
class Principal:
    subject: str  # the HRIS employee id (or a client id for machine tokens)
    roles: frozenset[str]
    name: str | None = None
    # Deliberately no list of reports: who reports to whom is the organisation's data, which
    # each service holds from HRIS events (ADR 0012), not something a token can claim.

    def has(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def is_admin(self) -> bool:
        return "admin" in self.roles
