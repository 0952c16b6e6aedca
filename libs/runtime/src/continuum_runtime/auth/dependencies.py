"""FastAPI dependencies: `CurrentPrincipal` and role guards."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from continuum_runtime.auth.principal import Principal
from continuum_runtime.auth.verifier import AuthError, TokenVerifier

_bearer = HTTPBearer(auto_error=False, description="RS256 JWT from the Continuum issuer")


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED, detail=detail, headers={"WWW-Authenticate": "Bearer"}
    )


async def current_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """The verified caller; 401 without a valid bearer token."""
    existing = getattr(request.state, "principal", None)
    if isinstance(existing, Principal):
        return existing
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise _unauthorized("a bearer token is required")
    verifier: TokenVerifier = request.app.state.token_verifier
    try:
        principal = verifier.verify(credentials.credentials)
    except AuthError as exc:
        raise _unauthorized(str(exc)) from exc
    request.state.principal = principal
    return principal


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def require_roles(*roles: str) -> Callable[..., Coroutine[Any, Any, Principal]]:
    """A dependency admitting only principals holding one of `roles` (403 otherwise)."""

    async def guard(principal: CurrentPrincipal) -> Principal:
        if not principal.has(*roles):
            raise HTTPException(
                status.HTTP_403_FORBIDDEN, detail=f"requires one of the roles {sorted(roles)}"
            )
        return principal

    return guard


AdminPrincipal = Annotated[Principal, Depends(require_roles("admin"))]
