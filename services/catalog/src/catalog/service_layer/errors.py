"""Errors the use cases raise; the API maps them to 404, 409 and 422."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class NotFound(LookupError):
    def __init__(self, entity: str, entity_id: str) -> None:
        self.entity = entity
        self.entity_id = entity_id
        super().__init__(f"{entity} {entity_id!r} not found")


class Conflict(Exception):
    """The request contradicts the stored state (duplicate external id, retired entity...)."""


@dataclass(frozen=True)
class FieldError:
    """One problem with one input field; `loc` is the path to it, as pydantic reports it."""

    loc: tuple[str | int, ...]
    msg: str
    type: str = "value_error"

    def as_dict(self) -> dict[str, object]:
        return {"loc": list(self.loc), "msg": self.msg, "type": self.type}


class InvalidInput(ValueError):
    """Well-formed input that the catalog rejects: unknown references, cycles, ..."""

    def __init__(self, errors: Sequence[FieldError]) -> None:
        self.errors = tuple(errors)
        super().__init__("; ".join(f"{'.'.join(map(str, e.loc))}: {e.msg}" for e in errors))


def unknown(loc: tuple[str | int, ...], what: str, ref: str) -> FieldError:
    return FieldError(loc, f"unknown {what} {ref!r}", "reference_error")
