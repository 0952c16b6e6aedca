"""Request field types whose validation matches what the OpenAPI document says of them."""

from __future__ import annotations

from typing import Annotated

from pydantic import BeforeValidator, Strict


def _integral(value: object) -> object:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# JSON Schema's `integer`: 3 and 3.0, never `true` or "3" (pydantic's lax int takes both, so a
# client bug passes as 1 or 0).
JsonInteger = Annotated[int, BeforeValidator(_integral), Strict()]
