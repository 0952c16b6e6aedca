"""The domain's errors as the runtime's, so the API answers them as problem details."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from continuum_runtime.errors import Conflict, FieldError, InvalidInput
from mentorship.domain import errors as domain
from mentorship.domain.lifecycle import MoveRefused

T = TypeVar("T")


def _loc(field: str) -> list[str | int]:
    """`availability.windows[2].end` -> ["availability", "windows", 2, "end"]: as pydantic
    locates a list item, so both kinds of 422 name fields alike."""
    loc: list[str | int] = []
    for part in field.split("."):
        name, _, index = part.partition("[")
        loc.append(name)
        if index:
            loc.append(int(index.rstrip("]")))
    return loc


def field_error(error: domain.InvalidInput, prefix: str = "body") -> FieldError:
    return FieldError((prefix, *_loc(error.field)), error.reason, error.kind)


@contextmanager
def domain_errors(prefix: str = "body") -> Iterator[None]:
    """Turn a domain rule broken by the input into a 422 naming the field, a refused move or
    a cycle in the org into a 409."""
    try:
        yield
    except domain.InvalidInput as error:
        raise InvalidInput([field_error(error, prefix)]) from error
    except domain.OrgStructureError as error:
        raise Conflict(f"HRIS reporting lines form a cycle: {error}") from error
    except MoveRefused as error:
        raise Conflict(str(error)) from error


def checked(build: Callable[[], T], prefix: str = "body") -> T:
    with domain_errors(prefix):
        return build()
