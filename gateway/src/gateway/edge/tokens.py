"""Verified bearer tokens remembered briefly, so a front end's burst of calls pays for one
RS256 verification, not one per request.

A token is remembered only after the runtime's verifier accepted it, for at most `ttl_seconds`
and never past its own `exp` (the verifier's leeway is not extended to cached answers); a
refused token is never remembered. The same token string is the same signed claims, so what
the verifier said of it holds until it expires; the short TTL bounds how long a signing key
withdrawn from the JWKS keeps working (the verifier itself caches the JWKS for 5 minutes).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Protocol

import jwt

from continuum_runtime.auth.principal import Principal


class Verifier(Protocol):
    def verify(self, token: str) -> Principal: ...


class CachedVerifier:
    def __init__(
        self,
        verifier: Verifier,
        *,
        ttl_seconds: float = 30.0,
        max_entries: int = 10_000,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._verifier = verifier
        self._ttl = ttl_seconds
        self._max = max_entries
        self._clock = clock
        # token -> (principal, remembered until, on the wall clock: `exp` is wall-clock time)
        self._known: OrderedDict[str, tuple[Principal, float]] = OrderedDict()

    def verify(self, token: str) -> Principal:
        """The token's principal; AuthError (from the verifier) when it is not acceptable."""
        now = self._clock()
        known = self._known.get(token)
        if known is not None:
            if known[1] > now:
                return known[0]
            del self._known[token]
        principal = self._verifier.verify(token)
        until = min(now + self._ttl, _expiry(token))
        if until > now and self._ttl > 0:
            self._known[token] = (principal, until)
            if len(self._known) > self._max:
                self._known.popitem(last=False)  # the oldest remembered
        return principal

    def __len__(self) -> int:
        return len(self._known)


def _expiry(token: str) -> float:
    """The `exp` of a token the verifier has just accepted (it requires the claim)."""
    claims = jwt.decode(token, options={"verify_signature": False})
    return float(claims["exp"])
