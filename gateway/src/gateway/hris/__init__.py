"""HRIS inbound: signed webhooks and exports mapped to `hris.employees.v1` events."""

from gateway.hris.bamboohr import BambooHRFields, KnownEmployee
from gateway.hris.csv_export import CsvExport, RowOutcome
from gateway.hris.intake import HrisIntake, IntakeResult, IntakeSettings
from gateway.hris.mapped import MappedEvent, MappingError
from gateway.hris.publish import BrokerUnavailable, EmployeeEventPublisher
from gateway.hris.seen import MemorySeenStore, RedisSeenStore, SeenStore
from gateway.hris.signature import SignatureError, sign, verify

__all__ = [
    "BambooHRFields",
    "BrokerUnavailable",
    "CsvExport",
    "EmployeeEventPublisher",
    "HrisIntake",
    "IntakeResult",
    "IntakeSettings",
    "KnownEmployee",
    "MappedEvent",
    "MappingError",
    "MemorySeenStore",
    "RedisSeenStore",
    "RowOutcome",
    "SeenStore",
    "SignatureError",
    "sign",
    "verify",
]
