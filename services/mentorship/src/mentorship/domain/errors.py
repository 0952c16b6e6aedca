"""Errors the domain raises for bad input, each naming the field at fault."""

from __future__ import annotations


class InvalidInput(ValueError):
    """A value broke a rule; `field` is a dotted path the API can return as the error's location."""

    def __init__(self, field: str, reason: str, kind: str = "value_error") -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason
        # What the API reports as the error's type: `range_error` or `duplicate_error` for a
        # rule between values that no schema can state (ADR 0017), else `value_error`.
        self.kind = kind


class OrgStructureError(ValueError):
    """The reporting lines from HRIS do not form a tree (a cycle), so lines cannot be checked."""

    def __init__(self, employee_ids: list[str]) -> None:
        super().__init__(f"reporting cycle through {', '.join(employee_ids)}")
        self.employee_ids = employee_ids
