"""JSON Schema (draft 2020-12) of an event payload, as committed under contracts/schemas/."""

from __future__ import annotations

import inspect
import json
from typing import Any

from pydantic.json_schema import GenerateJsonSchema
from pydantic_core import CoreSchema

from continuum_contracts.base import Event

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_BASE_URL = "https://continuum.io/schemas/events/"
MINOR_KEYWORD = "x-schema-minor"


class _Generator(GenerateJsonSchema):
    """Pydantic's generator without per-field titles, which only repeat the property name."""

    def field_title_should_be_set(self, schema: CoreSchema) -> bool:
        return False


def schema_id(event_type: str) -> str:
    """The `$id` of an event type's schema."""
    return f"{SCHEMA_BASE_URL}{event_type}.json"


def schema_file_name(event_type: str) -> str:
    return f"{event_type}.json"


def event_schema(cls: type[Event]) -> dict[str, Any]:
    """The payload schema of an event class, with its topic, key and minor version annotated."""
    schema = cls.model_json_schema(by_alias=True, mode="validation", schema_generator=_Generator)
    schema.update(
        {
            "$schema": DIALECT,
            "$id": schema_id(cls.event_type),
            "title": cls.event_type,
            "description": inspect.cleandoc(cls.__doc__ or cls.event_type),
            "x-topic": cls.topic.name,
            "x-key": cls.key_field,
            MINOR_KEYWORD: cls.schema_minor,
        }
    )
    if cls.deprecated:
        schema["deprecated"] = True
    return schema


def dump_json(document: Any) -> str:
    """Deterministic JSON text: sorted keys, two-space indent, trailing newline."""
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
