"""Text the catalog accepts: no NUL or other control characters where a person wrote a line.

PostgreSQL refuses NUL in text and JSONB (an error at write time, a 500 if unchecked), and
control characters in ids and titles are never intended: they are refused as input, naming
the field, on both databases alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

# Any C0 control or DEL; the multi-line variant lets tab, line feed and carriage return in.
LINE_CONTROLS = re.compile(r"[\x00-\x1f\x7f]")
TEXT_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A query or path value: printable, no control characters.
PRINTABLE_PATTERN = r"^[^\x00-\x1f\x7f]*$"


@dataclass(frozen=True)
class RefuseControls:
    """Annotated metadata refusing the control characters `pattern` matches, and saying so in
    the JSON Schema (a `pattern`), so that clients and fuzzers know before they send."""

    pattern: re.Pattern[str]

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(self._check, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        json_schema["pattern"] = f"^[^{self.pattern.pattern[1:-1]}]*$"
        return json_schema

    def _check(self, value: str) -> str:
        found = self.pattern.search(value)
        if found is not None:
            raise ValueError(f"must not contain control characters (found U+{ord(found[0]):04X})")
        return value


def refuse_controls(pattern: re.Pattern[str]) -> RefuseControls:
    return RefuseControls(pattern)


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
