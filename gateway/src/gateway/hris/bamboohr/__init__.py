"""BambooHR-style employee webhooks."""

from gateway.hris.bamboohr.fields import BambooHRFields
from gateway.hris.bamboohr.mapper import (
    BambooHRResult,
    IgnoredChange,
    KnownEmployee,
    employees_needing_history,
    is_bamboohr,
    map_bamboohr,
)

__all__ = [
    "BambooHRFields",
    "BambooHRResult",
    "IgnoredChange",
    "KnownEmployee",
    "employees_needing_history",
    "is_bamboohr",
    "map_bamboohr",
]
