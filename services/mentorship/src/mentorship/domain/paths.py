"""What completing a learning path shows: the skills its required steps teach."""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def path_levels(step_skills: Iterable[Mapping[str, int]]) -> dict[str, int]:
    """Per skill, the highest level any required step's item brings a learner to."""
    levels: dict[str, int] = {}
    for skills in step_skills:
        for skill_id, level in skills.items():
            if level > levels.get(skill_id, 0):
                levels[skill_id] = level
    return levels
