"""RS256 bearer JWT verification against a JWKS (issuer, audience and expiry enforced)."""

from __future__ import annotations

from typing import Any

import jwt
from jwt import PyJWKClient

from continuum_runtime.auth.principal import ROLES, Principal

# Only asymmetric RS256: `none` and HS256-with-the-public-key confusion are refused.
ALLOWED_ALGORITHMS = ["RS256"]


class AuthError(Exception):
    """The credentials are missing or invalid (maps to 401)."""


class TokenVerifier:
    def __init__(
        self, *, jwks_url: str, issuer: str, audience: str, leeway_seconds: int = 30
    ) -> None:
        self._jwks = PyJWKClient(jwks_url, cache_keys=True, lifespan=300, timeout=10)
        self._issuer = issuer
        self._audience = audience
        self._leeway = leeway_seconds

    def verify(self, token: str) -> Principal:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise AuthError(f"malformed token: {exc}") from exc
        if header.get("alg") not in ALLOWED_ALGORITHMS:
            raise AuthError(f"token algorithm {header.get('alg')!r} is not accepted")
        try:
            key = self._jwks.get_signing_key_from_jwt(token).key
        except jwt.PyJWKClientError as exc:
            raise AuthError(f"signing key not found: {exc}") from exc
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key=key,
                algorithms=ALLOWED_ALGORITHMS,
                audience=self._audience,
                issuer=self._issuer,
                leeway=self._leeway,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.PyJWTError as exc:
            raise AuthError(f"invalid token: {exc}") from exc
        return principal_from_claims(claims)


def principal_from_claims(claims: dict[str, Any]) -> Principal:
    roles = claims.get("roles", [])
    if not isinstance(roles, list) or not all(isinstance(r, str) for r in roles):
        raise AuthError("claim 'roles' must be a list of strings")
    unknown = set(roles) - ROLES
    if unknown:
        raise AuthError(f"unknown roles {sorted(unknown)}")
    if not roles:
        raise AuthError("the token carries no role")
    subject = str(claims["sub"]).strip()
    if not subject:
        raise AuthError("the token's subject is empty")
    # A `reports` claim, if an issuer sends one, is ignored: reporting lines come from HRIS.
    return Principal(subject=subject, roles=frozenset(roles), name=claims.get("name"))
