"""Composed views: named parts fetched concurrently under the request's deadline.

`compose` returns what arrived and a `degraded` list naming each missing part and why
(timeout, circuit open, unreachable, 5xx, rejected, ...). One missing part never fails the
view; only a part marked `required` does, by raising `RequiredPartMissing`, which the API maps
to problem details (503/504, or the backend's own 4xx passed through).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from gateway.backends.client import BackendRejected
from gateway.backends.deadline import Deadline, current_deadline
from gateway.backends.errors import BackendError

log = logging.getLogger(__name__)

# Backend calls end at the same deadline and then report their own timeout, naming the
# backend; this much longer is waited for them before pending parts are cancelled.
_GRACE_SECONDS = 0.02


@dataclass(frozen=True)
class Part:
    """One piece of a view: a name, the coroutine that fetches it, and whether it is vital."""

    name: str
    fetch: Callable[[], Awaitable[Any]]
    required: bool = False


@dataclass(frozen=True)
class Missing:
    """Why a part is absent from a view; safe to show to the caller."""

    part: str
    reason: str
    detail: str
    backend: str | None = None
    status: int | None = None
    retry_after: float | None = None
    # The backend's refusal, kept so that a required part's 4xx can be passed through.
    rejection: BackendRejected | None = field(default=None, compare=False, repr=False)

    def as_dict(self) -> dict[str, Any]:
        entry: dict[str, Any] = {"part": self.part, "reason": self.reason, "detail": self.detail}
        if self.backend is not None:
            entry["backend"] = self.backend
        if self.status is not None:
            entry["status"] = self.status
        return entry


class RequiredPartMissing(Exception):
    def __init__(self, missing: Missing) -> None:
        super().__init__(f"required part {missing.part!r} is missing: {missing.detail}")
        self.missing = missing


@dataclass
class Composed:
    parts: dict[str, Any]
    degraded: list[Missing]

    def __getitem__(self, name: str) -> Any:
        return self.parts[name]

    def get(self, name: str, default: Any = None) -> Any:
        return self.parts.get(name, default)

    @property
    def complete(self) -> bool:
        return not self.degraded

    def degraded_list(self) -> list[dict[str, Any]]:
        return [m.as_dict() for m in self.degraded]


async def compose(parts: Sequence[Part], *, deadline: Deadline | None = None) -> Composed:
    """Fetch every part concurrently; stop waiting at the deadline (the current one if None)."""
    names = [p.name for p in parts]
    if len(set(names)) != len(names):
        raise ValueError(f"part names must be unique: {names}")
    deadline = deadline or current_deadline()
    tasks = {asyncio.create_task(_run(p), name=f"part:{p.name}"): p for p in parts}
    arrived: dict[str, Any] = {}
    missing: dict[str, Missing] = {}
    pending = set(tasks)
    try:
        while pending:
            left = _time_left(deadline)
            if left is not None and left <= 0:
                break
            done, pending = await asyncio.wait(
                pending, timeout=left, return_when=asyncio.FIRST_COMPLETED
            )
            for task in done:
                part = tasks[task]
                ok, value = task.result()
                if ok:
                    arrived[part.name] = value
                    continue
                missing[part.name] = value
                if part.required:
                    raise RequiredPartMissing(value)
    finally:
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)
    for task in pending:
        part = tasks[task]
        missing[part.name] = Missing(part.name, "timeout", "not ready before the deadline")
        if part.required:
            raise RequiredPartMissing(missing[part.name])
    # Report in the order the view declared its parts, whatever order they failed in.
    return Composed(arrived, [missing[n] for n in names if n in missing])


def _time_left(deadline: Deadline | None) -> float | None:
    if deadline is None:
        return None
    return deadline.expires_at + _GRACE_SECONDS - deadline.clock()


async def _run(part: Part) -> tuple[bool, Any]:
    try:
        return True, await part.fetch()
    except BackendRejected as exc:
        return False, Missing(
            part.name,
            "rejected",
            f"{exc.backend} refused the request ({exc.status})",
            backend=exc.backend,
            status=exc.status,
            rejection=exc,
        )
    except BackendError as exc:
        return False, Missing(
            part.name,
            exc.reason,
            str(exc),
            backend=exc.backend,
            status=exc.status,
            retry_after=exc.retry_after,
        )
    except Exception:
        # A bug in a part's own code: logged in full, reported without its text.
        log.exception("part %s of a composed view failed", part.name)
        return False, Missing(part.name, "error", "an unexpected error occurred")
