"""Errors the use cases raise: the runtime's, which every service maps to problem details."""

from __future__ import annotations

from continuum_runtime.errors import Conflict, FieldError, InvalidInput, NotFound, unknown

__all__ = ["Conflict", "FieldError", "InvalidInput", "NotFound", "unknown"]
