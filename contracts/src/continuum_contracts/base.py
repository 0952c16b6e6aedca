"""Base class of every event payload and the registry of event types."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

from continuum_contracts.topics import Topic

EVENT_TYPE_PREFIX = "io.continuum."


class Event(BaseModel):
    """An event payload. Subclasses name their CloudEvent type, topic and key field.

    Unknown fields are ignored when reading so that a producer may add an optional field
    (a compatible change) without breaking consumers that have not upgraded.
    """

    model_config = ConfigDict(extra="ignore", frozen=True, populate_by_name=True)

    event_type: ClassVar[str]
    topic: ClassVar[Topic]
    key_field: ClassVar[str]
    # Minor schema version, carried in metadata only; additive changes bump it.
    schema_minor: ClassVar[int] = 0

    def key(self) -> str:
        """The partition key: the aggregate id, so one entity's events stay in order."""
        return str(getattr(self, self.key_field))

    def subject(self) -> str:
        return self.key()

    def to_json_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)


_REGISTRY: dict[str, type[Event]] = {}


def register(cls: type[Event]) -> type[Event]:
    """Class decorator adding an event type to the registry (type names must be unique)."""
    if not cls.event_type.startswith(EVENT_TYPE_PREFIX):
        raise ValueError(f"{cls.__name__}: event type must start with {EVENT_TYPE_PREFIX}")
    if cls.event_type in _REGISTRY and _REGISTRY[cls.event_type] is not cls:
        raise ValueError(f"duplicate event type {cls.event_type}")
    _REGISTRY[cls.event_type] = cls
    return cls


def event_types() -> dict[str, type[Event]]:
    """Every registered event type by CloudEvent type name."""
    from continuum_contracts import events  # noqa: F401  (import registers every type)

    return dict(_REGISTRY)


def event_class(event_type: str) -> type[Event] | None:
    return event_types().get(event_type)
