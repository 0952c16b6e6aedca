"""Every event type, one module per topic; importing this package registers them all."""

from continuum_contracts.events.catalog import (
    ItemPublished,
    ItemRetired,
    ItemUpdated,
    PathPublished,
    PathRetired,
    PathUpdated,
    RolePublished,
    RoleRetired,
    RoleUpdated,
    SkillPublished,
    SkillRetired,
    SkillUpdated,
)
from continuum_contracts.events.hris import (
    EmployeeHired,
    EmployeeLeft,
    EmployeeManagerChanged,
    EmployeeRoleChanged,
)
from continuum_contracts.events.mentorship import (
    MatchAccepted,
    MatchEnded,
    MatchProposed,
    SessionHeld,
)
from continuum_contracts.events.progress import (
    AssignmentClosed,
    AssignmentCreated,
    AssignmentOverdue,
    ItemCompleted,
    MilestoneReached,
    PathCompleted,
)
from continuum_contracts.events.recognition import (
    BadgeAwarded,
    BadgeEndorsed,
    BadgeRevoked,
    CeremonyConcluded,
    KudosGiven,
    PointsRecorded,
)
from continuum_contracts.events.xapi import StatementStored, StatementSubmitted

__all__ = [
    "AssignmentClosed",
    "AssignmentCreated",
    "AssignmentOverdue",
    "BadgeAwarded",
    "BadgeEndorsed",
    "BadgeRevoked",
    "CeremonyConcluded",
    "EmployeeHired",
    "EmployeeLeft",
    "EmployeeManagerChanged",
    "EmployeeRoleChanged",
    "ItemCompleted",
    "ItemPublished",
    "ItemRetired",
    "ItemUpdated",
    "KudosGiven",
    "MatchAccepted",
    "MatchEnded",
    "MatchProposed",
    "MilestoneReached",
    "PathCompleted",
    "PathPublished",
    "PathRetired",
    "PathUpdated",
    "PointsRecorded",
    "RolePublished",
    "RoleRetired",
    "RoleUpdated",
    "SessionHeld",
    "SkillPublished",
    "SkillRetired",
    "SkillUpdated",
    "StatementStored",
    "StatementSubmitted",
]
