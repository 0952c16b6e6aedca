"""Who may touch what in the LRS: xAPI scopes for client credentials, roles for employees."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from continuum_runtime.auth.principal import Principal
from progress.lrs.domain.agents import agent_ifi_key
from progress.lrs.domain.authority import (
    Assertion,
    StatementCheck,
    provider_may_void,
    provider_refusal,
)
from progress.lrs.domain.errors import XapiValidationError

# The xAPI 1.0.3 authorization scopes (Communication 4.2, "OAuth Authorization Scope").
SCOPES = frozenset(
    (
        "statements/write",
        "statements/read/mine",
        "statements/read",
        "state",
        "define",
        "profile",
        "all/read",
        "all",
    )
)
_READ_SCOPES = {
    "statements": ("statements/read", "all/read", "all"),
    "state": ("state", "all/read", "all"),
    "profile": ("profile", "all/read", "all"),
    "define": ("define", "all/read", "all"),
}
_WRITE_SCOPES = {
    "statements": ("statements/write", "all"),
    "state": ("state", "all"),
    "profile": ("profile", "all"),
    "define": ("define", "all"),
}
_UNRESTRICTED_ROLES = ("admin", "hris")


@dataclass(frozen=True)
class XapiPrincipal:
    """An authenticated xAPI caller.

    `authority` is the Agent the LRS stores as the authority of what this caller writes.
    A credential is limited by its scopes and the content it is registered for (`content`:
    Activity id prefixes, `*` for any); a bearer token by its roles (admin and hris do
    anything, a learner only touches statements about themselves, a manager also reads their
    reports'). See lrs.domain.authority for what each kind of caller asserts.
    """

    authority: dict[str, Any]
    scopes: frozenset[str]
    org_homepage: str
    credential_key: str | None = None
    principal: Principal | None = None
    content: tuple[str, ...] = ()

    @property
    def authority_key(self) -> str:
        account = self.authority["account"]
        return f"account:{account['homePage']}|{account['name']}"

    def may_read(self, resource: str = "statements") -> bool:
        """Read access to a resource: statements, state, profile or define (activities)."""
        if resource == "statements" and "statements/read/mine" in self.scopes:
            return True
        return bool(self.scopes.intersection(_READ_SCOPES[resource]))

    def may_write(self, resource: str = "statements") -> bool:
        return bool(self.scopes.intersection(_WRITE_SCOPES[resource]))

    @property
    def reads_only_own_statements(self) -> bool:
        """A credential with only statements/read/mine sees the statements it wrote."""
        return "statements/read/mine" in self.scopes and not self.scopes.intersection(
            _READ_SCOPES["statements"]
        )

    def readable_learners(self) -> frozenset[str] | None:
        """Employee ids whose statements this caller may read; None when unrestricted."""
        if self.principal is None or self.principal.has(*_UNRESTRICTED_ROLES):
            return None
        readable = {self.principal.subject}
        if "manager" in self.principal.roles:
            readable |= self.principal.reports
        return frozenset(readable)

    def writable_learner(self) -> str | None:
        """The only learner a restricted bearer caller may write about; None when unrestricted."""
        if self.principal is None or self.principal.has(*_UNRESTRICTED_ROLES):
            return None
        return self.principal.subject

    def assertion_of(self, statement: Mapping[str, Any]) -> Assertion:
        """What kind of assertion a statement this caller writes is (lrs.domain.authority)."""
        if self.principal is None:
            return Assertion("provider", self.authority.get("name"))
        subject = self.principal.subject
        if self.learner_of(statement["actor"]) == subject:
            return Assertion("self", subject)
        return Assertion("attestation", subject)

    def write_refusal(self, statement: Mapping[str, Any]) -> str | None:
        """Why this caller may not write the statement (None: it may, given the scopes)."""
        if self.principal is None:
            return provider_refusal(self.content, statement)
        learner = self.writable_learner()
        if learner is not None and self.learner_of(statement["actor"]) != learner:
            return "a learner may only store statements whose actor is their own account"
        return None

    def voiding_check(self) -> StatementCheck | None:
        """Which statements this caller may void; None when it may void any.

        A restricted employee (a learner) voids only what they asserted about themselves:
        not a provider's or an attester's statement about them, nor anyone else's."""
        if self.principal is None:
            return provider_may_void(self.content)
        learner = self.writable_learner()
        if learner is None:
            return None
        own_authority = self.authority_key

        def check(target: Mapping[str, Any]) -> bool:
            return (
                self.learner_of(target["actor"]) == learner
                and _authority_key(target.get("authority")) == own_authority
            )

        return check

    def learner_account(self, employee_id: str) -> dict[str, str]:
        return {"homePage": self.org_homepage, "name": employee_id}

    def learner_of(self, agent: Mapping[str, Any]) -> str | None:
        """The employee id of an Agent identified by an account on the organisation's homePage."""
        account = agent.get("account")
        if isinstance(account, Mapping) and account.get("homePage") == self.org_homepage:
            name = account.get("name")
            return name if isinstance(name, str) else None
        return None


def _authority_key(authority: Any) -> str | None:
    if not isinstance(authority, Mapping):
        return None
    try:
        return agent_ifi_key(authority)
    except XapiValidationError:  # a Group authority: never one this LRS gives an employee
        return None
