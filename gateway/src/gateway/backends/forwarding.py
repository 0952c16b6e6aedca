"""What every backend call carries on behalf of the caller: their bearer token and request id.

The gateway's request middleware opens `forwarding_scope` once per incoming request; backend
calls read it, so a route never threads the token through its helpers. Services verify the
forwarded token themselves (defence in depth, DESIGN.md §4) and log the same request id.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

REQUEST_ID_HEADER = "X-Request-ID"
# A caller-supplied id is kept only when it is short and plain: it ends up in logs and headers.
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


@dataclass(frozen=True)
class Forwarded:
    request_id: str
    authorization: str | None = None  # the caller's `Authorization` header, verbatim

    def headers(self) -> dict[str, str]:
        headers = {REQUEST_ID_HEADER: self.request_id}
        if self.authorization:
            headers["Authorization"] = self.authorization
        return headers


def request_id_from(header: str | None) -> str:
    """The caller's request id if it is acceptable, else a fresh one."""
    if header and _REQUEST_ID.match(header):
        return header
    return uuid.uuid4().hex


_current: ContextVar[Forwarded | None] = ContextVar("gateway_forwarded", default=None)


def current_forwarded() -> Forwarded | None:
    return _current.get()


@contextmanager
def forwarding_scope(forwarded: Forwarded) -> Iterator[Forwarded]:
    token = _current.set(forwarded)
    try:
        yield forwarded
    finally:
        _current.reset(token)
