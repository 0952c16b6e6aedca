"""Text the catalog accepts: no NUL or other control characters where a person wrote a line.

PostgreSQL refuses NUL in text and JSONB (an error at write time, a 500 if unchecked), and
control characters in ids and titles are never intended: they are refused as input, naming
the field, on both databases alike.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

# Any C0 control or DEL; the multi-line variant lets tab, line feed and carriage return in.
LINE_CONTROLS = re.compile(r"[\x00-\x1f\x7f]")
TEXT_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A query or path value: printable, no control characters.
PRINTABLE_PATTERN = r"^[^\x00-\x1f\x7f]*$"


def refuse_controls(pattern: re.Pattern[str]) -> Callable[[str], str]:
    """A pydantic AfterValidator refusing the control characters `pattern` matches."""

    def check(value: str) -> str:
        found = pattern.search(value)
        if found is not None:
            raise ValueError(f"must not contain control characters (found U+{ord(found[0]):04X})")
        return value

    return check


def nul_path(value: Any, path: tuple[str | int, ...] = ()) -> tuple[str | int, ...] | None:
    """Where a NUL character hides in free-form JSON (keys included), or None."""
    if isinstance(value, str):
        return path if "\x00" in value else None
    if isinstance(value, dict):
        for key, inner in value.items():
            if isinstance(key, str) and "\x00" in key:
                return (*path, key)
            found = nul_path(inner, (*path, key))
            if found is not None:
                return found
    elif isinstance(value, list | tuple):
        for index, inner in enumerate(value):
            found = nul_path(inner, (*path, index))
            if found is not None:
                return found
    return None
