"""Errors a use case raises; the API turns each into RFC 9457 problem details.

Use cases know nothing of HTTP: they raise these, and `continuum_runtime.api.problems` maps
them to 404, 409, 403, 422 and 429 responses naming the field and the reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class NotFound(LookupError):
    def __init__(self, entity: str, entity_id: str) -> None:
        self.entity = entity
        self.entity_id = entity_id
        super().__init__(f"{entity} {entity_id!r} not found")


class Conflict(Exception):
    """The request contradicts the stored state (a duplicate, a retired entity, a balance)."""


class Forbidden(PermissionError):
    """The caller is authenticated but may not do this."""


class RateLimited(Exception):
    """Too many requests of this kind; `retry_after` seconds until the next is allowed."""

    def __init__(self, message: str, *, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(frozen=True)
class FieldError:
    """One problem with one input field; `loc` is the path to it, as pydantic reports it."""

    loc: tuple[str | int, ...]
    msg: str
    type: str = "value_error"

    @property
    def field(self) -> str:
        """The dotted path without the request part (`body`, `query`, `path`)."""
        parts = list(self.loc)
        if parts and parts[0] in ("body", "query", "path", "header", "cookie"):
            parts = parts[1:]
        return ".".join(str(p) for p in parts) or str(self.loc[0] if self.loc else "")

    def as_dict(self) -> dict[str, object]:
        return {"field": self.field, "loc": list(self.loc), "msg": self.msg, "type": self.type}


class InvalidInput(ValueError):
    """Well-formed input that the service rejects: unknown references, cycles, ..."""

    def __init__(self, errors: Sequence[FieldError]) -> None:
        self.errors = tuple(errors)
        super().__init__("; ".join(f"{e.field or 'request'}: {e.msg}" for e in errors))

    @classmethod
    def one(cls, loc: tuple[str | int, ...], msg: str, type_: str = "value_error") -> InvalidInput:
        return cls([FieldError(loc, msg, type_)])


def unknown(loc: tuple[str | int, ...], what: str, ref: str) -> FieldError:
    return FieldError(loc, f"unknown {what} {ref!r}", "reference_error")
