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
    # Employees this principal manages, when the issuer states them (manager tokens).
    reports: frozenset[str] = frozenset()

    def has(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def is_admin(self) -> bool:
        return "admin" in self.roles

    def may_read_learner(self, employee_id: str) -> bool:
        """Learners read only themselves; managers their reports; admins everyone."""
        if self.is_admin or employee_id == self.subject:
            return True
        return "manager" in self.roles and employee_id in self.reports
