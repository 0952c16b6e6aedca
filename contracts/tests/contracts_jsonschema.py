"""A small JSON Schema validator for the keywords pydantic emits (no jsonschema package here)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

_TYPES: dict[str, Any] = {
    "object": dict,
    "array": list,
    "string": str,
    "boolean": bool,
    "null": type(None),
}


def validate(instance: Any, schema: dict[str, Any]) -> list[str]:
    """Errors of `instance` against `schema` (empty when valid); local $refs only."""
    return _validate(instance, schema, schema, "$")


def _validate(value: Any, schema: Any, root: dict[str, Any], at: str) -> list[str]:
    if schema is True:
        return []
    if schema is False:
        return [f"{at}: no value allowed"]
    if "$ref" in schema:
        target = root
        for part in schema["$ref"].lstrip("#/").split("/"):
            target = target[part]
        siblings = {k: v for k, v in schema.items() if k != "$ref"}
        return _validate(value, {**target, **siblings}, root, at)
    errors: list[str] = []
    if "type" in schema:
        types = [schema["type"]] if isinstance(schema["type"], str) else schema["type"]
        if not any(_is_type(value, t) for t in types):
            return [f"{at}: {value!r} is not of type {schema['type']}"]
    if "const" in schema and value != schema["const"]:
        errors.append(f"{at}: {value!r} != {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{at}: {value!r} not in {schema['enum']}")
    if "anyOf" in schema and not any(
        not _validate(value, option, root, at) for option in schema["anyOf"]
    ):
        errors.append(f"{at}: matches no anyOf option")
    if "oneOf" in schema:
        matches = sum(not _validate(value, option, root, at) for option in schema["oneOf"])
        if matches != 1:
            errors.append(f"{at}: matches {matches} oneOf options")
    for option in schema.get("allOf", []):
        errors.extend(_validate(value, option, root, at))
    errors.extend(_check_bounds(value, schema, at))
    if isinstance(value, dict):
        errors.extend(_check_object(value, schema, root, at))
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            errors.extend(_validate(item, schema["items"], root, f"{at}[{index}]"))
    return errors


def _is_type(value: Any, name: str) -> bool:
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if name == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, _TYPES[name])


def _check_bounds(value: Any, schema: dict[str, Any], at: str) -> list[str]:
    errors = []
    if _is_type(value, "number"):
        if "minimum" in schema and value < schema["minimum"]:
            errors.append(f"{at}: {value} < {schema['minimum']}")
        if "maximum" in schema and value > schema["maximum"]:
            errors.append(f"{at}: {value} > {schema['maximum']}")
        if "exclusiveMinimum" in schema and value <= schema["exclusiveMinimum"]:
            errors.append(f"{at}: {value} <= {schema['exclusiveMinimum']}")
        if "exclusiveMaximum" in schema and value >= schema["exclusiveMaximum"]:
            errors.append(f"{at}: {value} >= {schema['exclusiveMaximum']}")
    if isinstance(value, str):
        errors.extend(_check_size(len(value), schema, at, _STRING_SIZE))
        if "pattern" in schema and not re.search(schema["pattern"], value):
            errors.append(f"{at}: {value!r} does not match {schema['pattern']}")
        if not _format_ok(value, schema.get("format")):
            errors.append(f"{at}: {value!r} is not a {schema['format']}")
    if isinstance(value, list):
        errors.extend(_check_size(len(value), schema, at, _ARRAY_SIZE))
    return errors


@dataclass(frozen=True)
class _SizeKeywords:
    """The keywords bounding a string's length or an array's item count, and their errors."""

    minimum: str
    maximum: str
    too_small: str
    too_large: str


_STRING_SIZE = _SizeKeywords("minLength", "maxLength", "shorter than {}", "longer than {}")
_ARRAY_SIZE = _SizeKeywords("minItems", "maxItems", "fewer than {} items", "more than {} items")


def _check_size(size: int, schema: dict[str, Any], at: str, keywords: _SizeKeywords) -> list[str]:
    errors: list[str] = []
    if size < schema.get(keywords.minimum, 0):
        errors.append(f"{at}: {keywords.too_small.format(schema[keywords.minimum])}")
    if keywords.maximum in schema and size > schema[keywords.maximum]:
        errors.append(f"{at}: {keywords.too_large.format(schema[keywords.maximum])}")
    return errors


def _format_ok(value: str, fmt: str | None) -> bool:
    parsers = {
        "date-time": lambda v: datetime.fromisoformat(v.replace("Z", "+00:00")),
        "date": date.fromisoformat,
        "uuid": UUID,
    }
    if fmt not in parsers:
        return True
    try:
        parsers[fmt](value)
    except ValueError:
        return False
    return True


def _check_object(
    value: dict[str, Any], schema: dict[str, Any], root: dict[str, Any], at: str
) -> list[str]:
    errors = [f"{at}: missing {name}" for name in schema.get("required", []) if name not in value]
    properties = schema.get("properties", {})
    extra = schema.get("additionalProperties", True)
    for name, item in value.items():
        if name in properties:
            errors.extend(_validate(item, properties[name], root, f"{at}.{name}"))
        else:
            errors.extend(_validate(item, extra, root, f"{at}.{name}"))
    return errors
