"""Schemathesis hooks for tests/api_fuzz (loaded through schemathesis.toml).

`valid_request_accepted` is schemathesis's positive_data_acceptance with one allowance: a
schema-valid request may still be refused 422 for a rule a JSON Schema cannot state, one
relating a value to stored data or to other values of the request:
- `reference_error`: it names what does not exist (an unknown item or role in the fuzzer's
  empty database, a prerequisite that is not a step of the same path, a needed record);
- `cursor_error`: a cursor this service did not issue (signed, so no pattern describes them);
- `cycle_error`, `duplicate_error`: steps or prerequisites that form a cycle, or repeat;
- `range_error`: a lower bound above its upper bound;
- `past_error`: a date that must not be in the past (the schema cannot say "after today").
Only when every error of the 422 is one of those; every other refusal still fails.
"""

from __future__ import annotations

import json
from typing import Any

import schemathesis
from schemathesis.specs.openapi.checks import positive_data_acceptance

RELATIONAL = frozenset(
    (
        "reference_error",
        "cursor_error",
        "cycle_error",
        "duplicate_error",
        "range_error",
        "past_error",
    )
)


# Inputs whose valid shape is set by what is stored: an item's details are those of its kind,
# which a PATCH does not send (the item has it).
STORED_SHAPE = {"PATCH /items/{item_id}": ("body", "details")}


@schemathesis.check
def valid_request_accepted(ctx: Any, response: Any, case: Any) -> bool | None:
    try:
        return positive_data_acceptance(ctx, response, case)
    except AssertionError:
        if response.status_code == 422 and _relational(response.content, case.operation.label):
            return None
        raise


def _relational(content: bytes, operation: str) -> bool:
    try:
        errors = json.loads(content).get("errors") or []
    except (ValueError, AttributeError):
        return False
    # The gateway serves each service's operations under /v1, refusing as the service does.
    stored = STORED_SHAPE.get(operation.replace(" /v1/", " /", 1))
    return bool(errors) and all(
        error.get("type") in RELATIONAL
        or (stored is not None and tuple(error.get("loc", ()))[: len(stored)] == stored)
        for error in errors
    )
