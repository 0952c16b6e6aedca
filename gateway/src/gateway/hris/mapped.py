"""What every HRIS input format maps to: contract events with stable CloudEvent ids.

The CloudEvent id is derived from the HRIS's own identity for the change (its event id, or a
digest of a webhook entry), so the same change delivered twice becomes the same CloudEvent
and the consumers' inboxes drop the second copy even if the gateway's own idempotency store
has forgotten it (restart, eviction, two replicas racing).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from continuum_contracts.events.hris import EmployeeEvent
from continuum_runtime.errors import FieldError, InvalidInput

# Fixed forever: changing it would give old changes new ids.
_NAMESPACE = uuid.UUID("6d1f2a4e-8a0b-5c3e-9f47-2b1c0d9e7a55")


@dataclass(frozen=True)
class MappedEvent:
    event: EmployeeEvent
    source: str  # the CloudEvents source: which HRIS, e.g. "/hris/bamboohr"
    hris_event_id: str  # the HRIS's identity for the change this event came from

    @property
    def event_id(self) -> str:
        """The CloudEvent id: one change may yield several events, one of each type."""
        name = f"{self.source}|{self.hris_event_id}|{self.event.event_type}"
        return str(uuid.uuid5(_NAMESPACE, name))


class MappingError(InvalidInput):
    """The input cannot be mapped; each error names the field (the API answers 422)."""


def build(
    model: type[EmployeeEvent],
    data: dict[str, Any],
    loc: tuple[str | int, ...],
    *,
    origins: Mapping[str, tuple[str | int, ...]] | None = None,
) -> EmployeeEvent:
    """The contract model from `data`; MappingError naming each bad field.

    A problem with model field `f` is reported at `origins[f]` (where the input held it) if
    given, else at `loc + (f, ...)`.
    """
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False, include_input=False):
            head, *rest = error["loc"] or ("",)
            where = origins.get(str(head)) if origins else None
            path = (*where, *rest) if where is not None else (*loc, head, *rest)
            problems.append(FieldError(path, error["msg"], error["type"]))
        raise MappingError(problems) from None
