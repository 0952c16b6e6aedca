"""The domain's errors as the runtime's, so the API answers them as problem details."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from continuum_runtime.errors import Conflict, FieldError, InvalidInput
from mentorship.domain import errors as domain
from mentorship.domain.lifecycle import MoveRefused

T = TypeVar("T")


def field_error(error: domain.InvalidInput, prefix: str = "body") -> FieldError:
    """`availability.windows[2].end` -> loc ("body", "availability", "windows[2]", "end")."""
    return FieldError((prefix, *error.field.split(".")), error.reason)


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
