"""Who may call the xAPI resources, and the protocol rules every /xapi request shares.

- `XapiAuth` (dependency): HTTP Basic credentials issued to xAPI clients, or a platform bearer
  token; gives an `XapiPrincipal` with the authority Agent the LRS records and what it may touch.
- `XapiProtocolMiddleware`: the X-Experience-API-Version check (400 when missing or not 1.0.x),
  the version header on every /xapi response, CORS for browser content, HEAD as GET without a
  body, and the alternate request syntax (`POST ?method=...` with form fields).
- `install_xapi(app)`: adds the middleware and the 400 handler for `XapiValidationError`.
"""

from __future__ import annotations

import base64
import binascii
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Request, status
from fastapi.responses import JSONResponse

from continuum_runtime.auth.principal import Principal
from continuum_runtime.auth.verifier import AuthError
from progress.lrs.api.protocol import XAPI_VERSION, XapiProtocolMiddleware, xapi_error
from progress.lrs.domain import XapiValidationError
from progress.lrs.store.credentials import get_credential, secret_matches
from progress.settings import ProgressSettings

__all__ = [
    "SCOPES",
    "XAPI_VERSION",
    "CredentialCache",
    "XapiAuth",
    "XapiPrincipal",
    "XapiProtocolMiddleware",
    "install_xapi",
    "xapi_auth",
    "xapi_error",
]

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
    A credential is limited by its scopes; a bearer token by its roles (admin and hris do
    anything, a learner only touches statements about themselves, a manager also reads their
    reports').
    """

    authority: dict[str, Any]
    scopes: frozenset[str]
    org_homepage: str
    credential_key: str | None = None
    principal: Principal | None = None

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

    def learner_account(self, employee_id: str) -> dict[str, str]:
        return {"homePage": self.org_homepage, "name": employee_id}

    def learner_of(self, agent: Mapping[str, Any]) -> str | None:
        """The employee id of an Agent identified by an account on the organisation's homePage."""
        account = agent.get("account")
        if isinstance(account, Mapping) and account.get("homePage") == self.org_homepage:
            name = account.get("name")
            return name if isinstance(name, str) else None
        return None


@dataclass
class _CachedCredential:
    secret_hash: str
    name: str
    scopes: frozenset[str]
    expires: float


class CredentialCache:
    """Verified Basic credentials, kept a few seconds so most requests skip the database."""

    def __init__(self, ttl_seconds: float) -> None:
        self._ttl = ttl_seconds
        self._entries: dict[str, _CachedCredential] = {}

    def get(self, key: str) -> _CachedCredential | None:
        entry = self._entries.get(key)
        if entry is None or entry.expires < time.monotonic():
            return None
        return entry

    def put(self, key: str, secret_hash: str, name: str, scopes: frozenset[str]) -> None:
        if len(self._entries) > 10_000:
            self._entries.clear()
        self._entries[key] = _CachedCredential(
            secret_hash, name, scopes, time.monotonic() + self._ttl
        )


def _unauthorized(message: str) -> HTTPException:
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED,
        detail=message,
        headers={"WWW-Authenticate": 'Basic realm="xAPI", Bearer'},
    )


def _settings(request: Request) -> ProgressSettings:
    settings: ProgressSettings = request.app.state.settings
    return settings


def _cache(request: Request, settings: ProgressSettings) -> CredentialCache:
    cache = getattr(request.app.state, "xapi_credential_cache", None)
    if cache is None:
        cache = CredentialCache(settings.xapi_credential_cache_seconds)
        request.app.state.xapi_credential_cache = cache
    return cache


async def xapi_auth(request: Request) -> XapiPrincipal:
    """The authenticated xAPI caller; 401 without valid Basic or Bearer credentials."""
    existing = getattr(request.state, "xapi_principal", None)
    if isinstance(existing, XapiPrincipal):
        return existing
    header = request.headers.get("authorization")
    if not header:
        raise _unauthorized("xAPI requests need Basic credentials or a bearer token")
    scheme, _, value = header.strip().partition(" ")
    settings = _settings(request)
    if scheme.lower() == "basic":
        principal = await _basic(request, settings, value.strip())
    elif scheme.lower() == "bearer":
        principal = _bearer(request, settings, value.strip())
    else:
        raise _unauthorized(f"unsupported authorization scheme {scheme!r}")
    request.state.xapi_principal = principal
    return principal


async def _basic(request: Request, settings: ProgressSettings, value: str) -> XapiPrincipal:
    try:
        key, sep, secret = base64.b64decode(value, validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        raise _unauthorized("malformed Basic credentials") from None
    if not sep or not key:
        raise _unauthorized("malformed Basic credentials")
    pepper = settings.xapi_credential_pepper
    cache = _cache(request, settings)
    entry = cache.get(key)
    if entry is None:
        runtime = request.app.state.runtime
        async with runtime.sessions() as session:
            credential = await get_credential(session, key)
        if credential is None:
            raise _unauthorized("unknown xAPI credentials")
        scopes = frozenset(credential.scopes.split())
        cache.put(key, credential.secret_hash, credential.name, scopes)
        entry = cache.get(key)
        assert entry is not None
    if not secret_matches(secret, entry.secret_hash, pepper):
        raise _unauthorized("unknown xAPI credentials")
    return XapiPrincipal(
        authority={
            "objectType": "Agent",
            "name": entry.name,
            "account": {"homePage": settings.lrs_url, "name": key},
        },
        scopes=entry.scopes,
        org_homepage=settings.org_homepage,
        credential_key=key,
    )


def _bearer(request: Request, settings: ProgressSettings, token: str) -> XapiPrincipal:
    try:
        principal: Principal = request.app.state.token_verifier.verify(token)
    except AuthError as exc:
        raise _unauthorized(str(exc)) from None
    account = {"homePage": settings.org_homepage, "name": principal.subject}
    authority: dict[str, Any] = {"objectType": "Agent", "account": account}
    if principal.name:
        authority["name"] = principal.name
    return XapiPrincipal(
        authority=authority,
        scopes=frozenset(("all",)),
        org_homepage=settings.org_homepage,
        principal=principal,
    )


XapiAuth = Annotated[XapiPrincipal, Depends(xapi_auth)]


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, XapiValidationError)
    return xapi_error(400, exc.message, exc.path)


def install_xapi(
    app: FastAPI, settings: ProgressSettings, consistent_through: Callable[[], str]
) -> None:
    """Add the xAPI protocol middleware (outermost) and the 400 answer to invalid xAPI data."""
    app.add_exception_handler(XapiValidationError, _validation_error)
    app.add_middleware(
        XapiProtocolMiddleware,
        max_body_bytes=settings.max_request_bytes,
        consistent_through=consistent_through,
    )
