"""Who calls the xAPI resources: `XapiAuth` (a dependency) accepts HTTP Basic credentials
issued to xAPI clients or a platform bearer token, and gives an `XapiPrincipal` with the
authority Agent the LRS records and what the caller may touch (lrs.domain.access)."""

from __future__ import annotations

import base64
import binascii
import time
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request, status

from continuum_runtime.auth.principal import Principal
from continuum_runtime.auth.verifier import AuthError
from progress.lrs.domain.access import XapiPrincipal
from progress.lrs.domain.credentials import secret_matches
from progress.lrs.service_layer.credentials import find_credential
from progress.settings import ProgressSettings


@dataclass
class _CachedCredential:
    secret_hash: str
    name: str
    scopes: frozenset[str]
    content: tuple[str, ...]
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

    def put(
        self,
        key: str,
        secret_hash: str,
        name: str,
        scopes: frozenset[str],
        content: tuple[str, ...],
    ) -> None:
        if len(self._entries) > 10_000:
            self._entries.clear()
        self._entries[key] = _CachedCredential(
            secret_hash, name, scopes, content, time.monotonic() + self._ttl
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
        uow = request.app.state.runtime.unit_of_work()
        credential = await find_credential(uow=uow, key=key)
        if credential is None:
            raise _unauthorized("unknown xAPI credentials")
        scopes = frozenset(credential.scopes.split())
        content = tuple(credential.content.split())
        cache.put(key, credential.secret_hash, credential.name, scopes, content)
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
        content=entry.content,
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
