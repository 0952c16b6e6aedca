"""Base class of every event payload and the registry of event types."""

from __future__ import annotations

import re
from typing import Any, ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict

from continuum_contracts.topics import Topic

EVENT_TYPE_PREFIX = "io.continuum."
# io.continuum.<service>.<entity>.<action>.v<major>; the action is a past-tense verb.
EVENT_TYPE_PATTERN = re.compile(r"^io\.continuum\.[a-z]+\.[a-z_]+\.[a-z_]+\.v[1-9][0-9]*$")


class Event(BaseModel):
    """An event payload. Subclasses name their CloudEvent type, topic and key field.

    Unknown fields are ignored when reading so that a producer may add an optional field
    (a compatible change) without breaking consumers that have not upgraded.
    """

    model_config = ConfigDict(extra="ignore", frozen=True, populate_by_name=True)

    event_type: ClassVar[str]
    topic: ClassVar[Topic]
    # Attribute holding the partition key; a dotted path reaches into a snapshot ("item.id").
    key_field: ClassVar[str]
    # Minor schema version, carried in metadata only; additive changes bump it.
    schema_minor: ClassVar[int] = 0
    # A deprecated type is still published; once its committed schema says so it may be deleted.
    deprecated: ClassVar[bool] = False

    def key(self) -> str:
        """The partition key: the aggregate id, so one entity's events stay in order."""
        value: Any = self
        for name in self.key_field.split("."):
            value = getattr(value, name)
        return str(value)

    def subject(self) -> str:
        """The CloudEvents subject (`ce_subject`): the aggregate id, as the key."""
        return self.key()

    def to_json_dict(self) -> dict[str, Any]:
        """The wire form of the payload: JSON types, xAPI aliases, absent values left out."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)


_REGISTRY: dict[str, type[Event]] = {}
E = TypeVar("E", bound=Event)


def register(cls: type[E]) -> type[E]:
    """Class decorator adding an event type to the registry (type names must be unique)."""
    if not cls.event_type.startswith(EVENT_TYPE_PREFIX):
        raise ValueError(f"{cls.__name__}: event type must start with {EVENT_TYPE_PREFIX}")
    if not EVENT_TYPE_PATTERN.match(cls.event_type):
        raise ValueError(f"{cls.__name__}: {cls.event_type} is not <service>.<entity>.<action>.vN")
    if cls.key_field.split(".")[0] not in cls.model_fields:
        raise ValueError(f"{cls.__name__}: key field {cls.key_field} is not a field")
    if cls.event_type in _REGISTRY and _REGISTRY[cls.event_type] is not cls:
        raise ValueError(f"duplicate event type {cls.event_type}")
    _REGISTRY[cls.event_type] = cls
    return cls


def event_types() -> dict[str, type[Event]]:
    """Every registered event type by CloudEvent type name."""
    from continuum_contracts import events  # noqa: F401  (import registers every type)

    return dict(_REGISTRY)


def event_class(event_type: str) -> type[Event] | None:
    """The payload class of a CloudEvent type, or None when this package does not know it."""
    return event_types().get(event_type)
