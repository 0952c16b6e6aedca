"""Who may see and do what with a mentorship (pure rules; the service layer applies them)."""

from __future__ import annotations

from collections.abc import Collection


def is_participant(person: str, mentee_id: str, mentor_id: str) -> bool:
    return person in (mentee_id, mentor_id)


def may_see_participation(
    *,
    person: str,
    is_admin: bool,
    is_manager: bool,
    subject: str,
    managed: Collection[str],
) -> bool:
    """Themselves, admins, and a manager for the people in their line (never notes)."""
    return is_admin or person == subject or (is_manager and subject in managed)


def may_see_notes(person: str, mentee_id: str, mentor_id: str) -> bool:
    """Session notes belong to the pair alone: not managers, not admins."""
    return is_participant(person, mentee_id, mentor_id)
