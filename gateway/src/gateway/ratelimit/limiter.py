"""Per-principal and per-IP limits on incoming requests: 429 with Retry-After past them.

Both limits are decided together; a request refused by one is counted against neither, so a
client held back by its IP's limit does not also drain its principal's. IPv6 clients are
limited per /64, the block one subscriber usually holds.
"""

from __future__ import annotations

import ipaddress
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from gateway.ratelimit.gcra import Decision, Rate


class LimitStore(Protocol):
    async def hit(self, checks: Sequence[tuple[str, Rate]], cost: int = 1) -> list[Decision]: ...


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    limit: Rate  # the tightest limit involved (the refusing one when refused)
    scope: str  # "principal" or "ip": whose limit this verdict reports
    remaining: int
    retry_after: float
    reset_after: float

    def retry_after_header(self) -> str:
        """Whole seconds, rounded up, at least 1 (RFC 9110 §10.2.3)."""
        return str(max(1, math.ceil(self.retry_after)))

    def headers(self) -> dict[str, str]:
        """`RateLimit-*` headers for every answer, `Retry-After` when refused."""
        headers = {
            "RateLimit-Limit": str(self.limit.capacity),
            "RateLimit-Remaining": str(self.remaining),
            "RateLimit-Reset": str(max(0, math.ceil(self.reset_after))),
        }
        if not self.allowed:
            headers["Retry-After"] = self.retry_after_header()
        return headers


def client_key(address: str) -> str:
    """The IP an address is limited as: itself for IPv4, its /64 network for IPv6."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)


class RateLimiter:
    def __init__(self, store: LimitStore, *, per_principal: Rate, per_ip: Rate) -> None:
        self._store = store
        self.per_principal = per_principal
        self.per_ip = per_ip

    async def check(self, *, principal: str | None, ip: str | None, cost: int = 1) -> Verdict:
        """Count one request of `principal` (if authenticated) from `ip` (if known)."""
        scopes: list[tuple[str, str, Rate]] = []
        if principal:
            scopes.append(("principal", f"p:{principal}", self.per_principal))
        if ip:
            scopes.append(("ip", f"ip:{client_key(ip)}", self.per_ip))
        if not scopes:
            raise ValueError("a request is limited by its principal, its IP, or both")
        decisions = await self._store.hit([(key, rate) for _, key, rate in scopes], cost)
        refused = [(s, d) for s, d in zip(scopes, decisions, strict=True) if not d.allowed]
        if refused:
            (scope, _key, rate), decision = max(refused, key=lambda pair: pair[1].retry_after)
        else:
            (scope, _key, rate), decision = min(
                zip(scopes, decisions, strict=True), key=lambda pair: pair[1].remaining
            )
        return Verdict(
            allowed=decision.allowed,
            limit=rate,
            scope=scope,
            remaining=decision.remaining,
            retry_after=decision.retry_after,
            reset_after=decision.reset_after,
        )
