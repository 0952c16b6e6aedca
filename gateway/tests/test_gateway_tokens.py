"""Verified tokens remembered briefly: with the runtime's real verifier and dev issuer."""

from __future__ import annotations

import pytest

from continuum_runtime.auth.devissuer import DevIssuer
from continuum_runtime.auth.principal import Principal
from continuum_runtime.auth.verifier import AuthError, TokenVerifier
from gateway.edge.tokens import CachedVerifier


class CountingVerifier:
    """The real verifier, counting the verifications it performs."""

    def __init__(self, issuer: DevIssuer) -> None:
        self.inner = TokenVerifier(jwks_url=issuer.jwks_file_url, issuer=issuer.issuer,
                                   audience=issuer.audience)  # fmt: skip
        self.calls = 0

    def verify(self, token: str) -> Principal:
        self.calls += 1
        return self.inner.verify(token)


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_a_token_is_verified_once_within_the_ttl(dev_issuer: DevIssuer) -> None:
    counting = CountingVerifier(dev_issuer)
    clock = Clock(1_000.0)
    cached = CachedVerifier(counting, ttl_seconds=30, clock=clock)
    token = dev_issuer.mint("e-1", ["learner"], ttl_seconds=10**9)  # exp far beyond the clock
    first = cached.verify(token)
    clock.now += 29
    assert cached.verify(token) == first
    assert counting.calls == 1
    clock.now += 2  # past the TTL: verified again
    assert cached.verify(token).subject == "e-1"
    assert counting.calls == 2


def test_never_remembered_past_the_tokens_expiry(dev_issuer: DevIssuer) -> None:
    counting = CountingVerifier(dev_issuer)
    token = dev_issuer.mint("e-2", ["learner"], ttl_seconds=5)
    import jwt

    exp = jwt.decode(token, options={"verify_signature": False})["exp"]
    clock = Clock(exp - 1.0)  # one second of validity left, a TTL of 30
    cached = CachedVerifier(counting, ttl_seconds=30, clock=clock)
    cached.verify(token)
    clock.now = exp + 0.5
    cached.verify(token)  # the real verifier still accepts it (its leeway), but it was asked
    assert counting.calls == 2


def test_refusals_are_not_remembered_and_the_cache_is_bounded(dev_issuer: DevIssuer) -> None:
    counting = CountingVerifier(dev_issuer)
    cached = CachedVerifier(counting, ttl_seconds=30, max_entries=2)
    for _ in range(2):
        with pytest.raises(AuthError):
            cached.verify("not-a-token")
    assert counting.calls == 2 and len(cached) == 0
    tokens = [dev_issuer.mint(f"e-{n}", ["learner"]) for n in range(3)]
    for token in tokens:
        cached.verify(token)
    assert len(cached) == 2
    cached.verify(tokens[0])  # the oldest was forgotten: verified again
    assert counting.calls == 2 + 3 + 1
