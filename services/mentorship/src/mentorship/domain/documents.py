"""Profiles as stored documents (plain JSON), and back into validated domain profiles.

A document holds what the person stated; what learning has shown (acquired skill levels) and
how many mentees a mentor already has are merged in when a profile is built for matching.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import fields as fields_of
from sys import intern
from typing import Any, TypeVar

from mentorship.domain.availability import Availability, WeeklyWindow, _minutes
from mentorship.domain.profiles import Cadence, MenteeProfile, MentorProfile, Modality

Document = Mapping[str, Any]
P = TypeVar("P", MentorProfile, MenteeProfile)


def availability_of(document: Document, field: str = "availability") -> Availability:
    """`{"timezone": ..., "windows": [{"weekday", "start", "end"}]}` as `Availability`."""
    windows = tuple(
        WeeklyWindow(
            int(w["weekday"]),
            _minutes(w["start"], f"{field}.windows[{i}].start"),
            _minutes(w["end"], f"{field}.windows[{i}].end"),
        )
        for i, w in enumerate(document["windows"])
    )
    return Availability(document["timezone"], windows)


def _trusted(cls: type[P], fields: dict[str, Any]) -> P:
    """A profile from a stored document, without re-running the checks it passed when it was
    stored (they are most of the time of encoding 10,000 profiles for a batch run)."""
    profile = object.__new__(cls)
    for name, value in fields.items():
        object.__setattr__(profile, name, value)
    return profile


def _people(employee_ids: Iterable[str]) -> frozenset[str]:
    """Employee ids as one shared string each: a run maps about a million opted-out ids to
    mentor rows, and a dict lookup that finds the very same object skips comparing the text
    (measured: twice as fast); decoded documents also stop holding a copy per mention."""
    return frozenset(map(intern, employee_ids))


def _merged(stated: Mapping[str, int], acquired: Mapping[str, int], floor: int) -> dict[str, int]:
    levels = dict(stated)
    for skill_id, level in acquired.items():
        if level >= floor and level > levels.get(skill_id, 0):
            levels[skill_id] = level
    return levels


def mentor_profile(
    employee_id: str,
    document: Document,
    *,
    active_mentees: int = 0,
    acquired: Mapping[str, int] | None = None,
    teach_from_level: int = 3,
    stored: bool = False,
) -> MentorProfile:
    """A mentor profile; acquired levels at or above `teach_from_level` can be taught.
    `stored`: the document was validated when stored (see `_trusted`)."""
    fields = dict(
        employee_id=intern(employee_id),
        skills=_merged(document["skills"], acquired or {}, teach_from_level),
        languages=frozenset(document["languages"]),
        availability=availability_of(document["availability"]),
        capacity=document["capacity"],
        seniority=document["seniority"],
        active_mentees=active_mentees,
        topics=frozenset(document.get("topics", ())),
        modalities=frozenset(Modality(m) for m in document.get("modalities") or Modality),
        cadences=frozenset(Cadence(c) for c in document.get("cadences") or Cadence),
        reverse_mentoring=bool(document.get("reverse_mentoring", False)),
        opted_out_mentees=_people(document.get("opted_out_mentees", ())),
    )
    return _trusted(MentorProfile, fields) if stored else MentorProfile(**fields)


def mentee_profile(
    employee_id: str,
    document: Document,
    *,
    acquired: Mapping[str, int] | None = None,
    stored: bool = False,
) -> MenteeProfile:
    """A mentee profile; a level learning has shown counts when above the stated one.
    `stored`: the document was validated when stored (see `_trusted`)."""
    modality = document.get("preferred_modality")
    cadence = document.get("preferred_cadence")
    fields = dict(
        employee_id=intern(employee_id),
        goal_skills=tuple(document["goal_skills"]),
        languages=frozenset(document["languages"]),
        availability=availability_of(document["availability"]),
        seniority=document["seniority"],
        skill_levels=_merged(document.get("skill_levels", {}), acquired or {}, 1),
        target_role=document.get("target_role"),
        topics=frozenset(document.get("topics", ())),
        preferred_modality=Modality(modality) if modality else None,
        preferred_cadence=Cadence(cadence) if cadence else None,
        opted_out_mentors=_people(document.get("opted_out_mentors", ())),
    )
    return _trusted(MenteeProfile, fields) if stored else MenteeProfile(**fields)


def with_learning(
    profile: P,
    *,
    acquired: Mapping[str, int] | None,
    teach_from_level: int = 3,
    active_mentees: int = 0,
) -> P:
    """A stored profile (decoded with nothing learnt and no mentee) with what learning has
    shown and the places taken merged in, as `mentor_profile`/`mentee_profile` would."""
    if isinstance(profile, MentorProfile):
        if not acquired and active_mentees == profile.active_mentees:
            return profile
        fields = {name: getattr(profile, name) for name in _MENTOR_FIELDS}
        fields["skills"] = _merged(profile.skills, acquired or {}, teach_from_level)
        fields["active_mentees"] = active_mentees
        return _trusted(MentorProfile, fields)
    if not acquired:
        return profile
    fields = {name: getattr(profile, name) for name in _MENTEE_FIELDS}
    fields["skill_levels"] = _merged(profile.skill_levels, acquired, 1)
    return _trusted(MenteeProfile, fields)


_MENTOR_FIELDS = tuple(f.name for f in fields_of(MentorProfile))
_MENTEE_FIELDS = tuple(f.name for f in fields_of(MenteeProfile))
