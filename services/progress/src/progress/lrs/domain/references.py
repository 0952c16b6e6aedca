"""Statement References (Data 2.4.4.3): pointers to other Statements by id."""

from typing import Any

from progress.lrs.domain.datatypes import check_keys, check_uuid, expect_object, shown
from progress.lrs.domain.errors import XapiValidationError

_STATEMENT_REF_KEYS = frozenset(("objectType", "id"))


def validate_statement_ref(value: Any, path: str) -> None:
    """A Statement Reference: objectType ``StatementRef`` (required) and a UUID id."""
    ref = expect_object(value, path, "a StatementRef")
    check_keys(ref, _STATEMENT_REF_KEYS, path, "a StatementRef")
    object_type = ref.get("objectType")
    if object_type != "StatementRef":
        raise XapiValidationError(
            f"a StatementRef objectType must be 'StatementRef', not {shown(object_type)}",
            path + ".objectType",
        )
    if "id" not in ref:
        raise XapiValidationError("a StatementRef must have an id", path)
    check_uuid(ref["id"], path + ".id", "a StatementRef id")
