"""Synthetic organisations for benchmarks and demos: a reporting tree with departments spread
over regions, Zipf-popular skills, office-hours availability, and a share of forbidden pairs.

Deterministic for a seed. Not used by the matching itself.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mentorship.domain.availability import Availability, WeeklyWindow
from mentorship.domain.org import EmployeeFact
from mentorship.domain.profiles import Cadence, MenteeProfile, MentorProfile, Modality
from mentorship.domain.tables import RatingSummary

REGIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "americas": (
        ("America/New_York", "America/Chicago", "America/Los_Angeles", "America/Sao_Paulo"),
        "es",
    ),
    "europe": (("Europe/London", "Europe/Berlin", "Europe/Paris", "Europe/Madrid"), "de"),
    "india": (("Asia/Kolkata",), "hi"),
    "apac": (("Asia/Singapore", "Asia/Tokyo", "Australia/Sydney"), "ja"),
}
DEPARTMENTS = (
    "Engineering", "Product", "Sales", "Marketing", "Finance", "People", "Operations",
    "Support", "Legal", "Data", "Security", "Design",
)  # fmt: skip
TOPICS = (
    "career growth", "leadership", "public speaking", "negotiation", "work-life balance",
    "first-time manager", "architecture", "stakeholders", "writing", "promotion", "remote work",
)  # fmt: skip


@dataclass(frozen=True)
class SyntheticOrganisation:
    """Everything a matching run needs, generated."""

    employees: list[EmployeeFact]
    mentors: list[MentorProfile]
    mentees: list[MenteeProfile]
    roles: dict[str, dict[str, int]]
    ratings: dict[str, RatingSummary]
    recent_pairs: list[tuple[str, str]]


def synthetic_organisation(
    mentees: int, mentors: int, *, seed: int = 7, skills: int = 300, forbidden_share: float = 0.05
) -> SyntheticOrganisation:
    """An organisation with `mentees` mentees and `mentors` mentors among its employees.

    `forbidden_share` of all mentee x mentor pairs are excluded explicitly (half as recently
    ended pairs, half as opt-outs), on top of the reporting lines of the tree.
    """
    rng = np.random.default_rng(seed)
    people = mentees + mentors + max(10, (mentees + mentors) // 10)
    employees, depth = _reporting_tree(rng, people)
    region_of_department = {d: list(REGIONS)[i % len(REGIONS)] for i, d in enumerate(DEPARTMENTS)}
    skill_ids = [f"skill-{k:04d}" for k in range(skills)]
    popularity = 1.0 / np.arange(1, skills + 1) ** 1.1
    popularity /= popularity.sum()
    roles = {
        f"role-{r:03d}": {
            skill_ids[s]: int(rng.integers(2, 5))
            for s in rng.choice(skills, size=int(rng.integers(5, 11)), replace=False, p=popularity)
        }
        for r in range(40)
    }
    # The most senior people (shallowest in the tree) are likelier mentors.
    order = np.lexsort((rng.random(people), depth))
    mentor_rows = np.sort(order[: mentors * 2][rng.permutation(mentors * 2)[:mentors]])
    rest = np.setdiff1d(np.arange(people), mentor_rows)
    mentee_rows = np.sort(rng.choice(rest, size=mentees, replace=False))

    def place(row: int) -> tuple[str, frozenset[str]]:
        region = region_of_department.get(employees[row].department, "americas")
        if rng.random() < 0.2:
            region = list(REGIONS)[int(rng.integers(len(REGIONS)))]
        zones, local = REGIONS[region]
        languages = {"en"} if rng.random() < 0.85 else set()
        native = region != "americas" or rng.random() < 0.5
        if native and (not languages or rng.random() < 0.6):
            languages.add(local)
        return zones[int(rng.integers(len(zones)))], frozenset(languages or {"en"})

    def seniority(row: int) -> int:
        return int(np.clip(9 - depth[row] + rng.integers(-1, 2), 1, 10))

    mentor_profiles = []
    for row in mentor_rows.tolist():
        zone, languages = place(row)
        taught = rng.choice(skills, size=int(rng.integers(3, 7)), replace=False, p=popularity)
        mentor_profiles.append(
            MentorProfile(
                employee_id=employees[row].employee_id,
                skills={skill_ids[s]: int(rng.integers(3, 6)) for s in taught},
                languages=languages,
                availability=_windows(rng, zone, days=int(rng.integers(2, 5)), hours=(2, 5)),
                capacity=int(rng.integers(1, 6)),
                seniority=seniority(row),
                topics=frozenset(
                    rng.choice(TOPICS, size=int(rng.integers(1, 4)), replace=False).tolist()
                ),
                modalities=frozenset(m for m in Modality if rng.random() < 0.6)
                or frozenset({Modality.VIDEO_CALL}),
                cadences=frozenset(c for c in Cadence if rng.random() < 0.6)
                or frozenset({Cadence.BIWEEKLY}),
                reverse_mentoring=bool(rng.random() < 0.3),
            )
        )
    mentor_ids = [m.employee_id for m in mentor_profiles]
    opt_out_each = round(forbidden_share / 2 * mentors)
    mentee_profiles = []
    for row in mentee_rows.tolist():
        zone, languages = place(row)
        goals = rng.choice(skills, size=int(rng.integers(1, 4)), replace=False, p=popularity)
        known = rng.choice(skills, size=int(rng.integers(2, 8)), replace=False, p=popularity)
        levels = {skill_ids[s]: int(rng.integers(1, 4)) for s in known}
        levels.update({skill_ids[s]: int(rng.integers(0, 4)) for s in goals})
        mentee_profiles.append(
            MenteeProfile(
                employee_id=employees[row].employee_id,
                goal_skills=tuple(skill_ids[s] for s in goals),
                languages=languages,
                availability=_windows(rng, zone, days=int(rng.integers(3, 6)), hours=(4, 9)),
                seniority=seniority(row),
                skill_levels={s: lv for s, lv in levels.items() if lv > 0},
                target_role=f"role-{int(rng.integers(40)):03d}" if rng.random() < 0.7 else None,
                topics=frozenset(
                    rng.choice(TOPICS, size=int(rng.integers(0, 3)), replace=False).tolist()
                ),
                preferred_modality=list(Modality)[int(rng.integers(4))]
                if rng.random() < 0.5
                else None,
                preferred_cadence=list(Cadence)[int(rng.integers(3))]
                if rng.random() < 0.5
                else None,
                opted_out_mentors=frozenset(
                    mentor_ids[j] for j in rng.choice(mentors, size=opt_out_each, replace=False)
                ),
            )
        )
    recent = rng.choice(mentors, size=(mentees, opt_out_each))
    recent_pairs = [
        (mentee.employee_id, mentor_ids[j])
        for mentee, row in zip(mentee_profiles, recent.tolist(), strict=True)
        for j in row
    ]
    ratings = {
        mentor_id: RatingSummary(int(rng.integers(1, 30)), float(rng.uniform(3.0, 5.0)))
        for mentor_id in mentor_ids
        if rng.random() < 0.6
    }
    return SyntheticOrganisation(
        employees, mentor_profiles, mentee_profiles, roles, ratings, recent_pairs
    )


def _reporting_tree(rng: np.random.Generator, people: int) -> tuple[list[EmployeeFact], np.ndarray]:
    """A tree with spans of 3 to 9; each of the CEO's reports heads a department."""
    manager = np.full(people, -1)
    depth = np.zeros(people, dtype=np.int64)
    department = ["Executive"] * people
    frontier, next_row = [0], 1
    while next_row < people:
        boss = frontier.pop(0)
        span = len(DEPARTMENTS) if boss == 0 else int(rng.integers(3, 10))
        for _ in range(min(span, people - next_row)):
            manager[next_row], depth[next_row] = boss, depth[boss] + 1
            department[next_row] = DEPARTMENTS[next_row - 1] if boss == 0 else department[boss]
            frontier.append(next_row)
            next_row += 1
    employees = [
        EmployeeFact(
            f"E{row:06d}", None if manager[row] < 0 else f"E{manager[row]:06d}", department[row]
        )
        for row in range(people)
    ]
    return employees, depth


def _windows(
    rng: np.random.Generator, zone: str, *, days: int, hours: tuple[int, int]
) -> Availability:
    chosen = sorted(rng.choice(5, size=days, replace=False).tolist())
    windows = []
    for day in chosen:
        length = int(rng.integers(hours[0], hours[1] + 1)) * 60
        start = int(rng.integers(8 * 2, (18 * 60 - length) // 30 + 1)) * 30
        windows.append(WeeklyWindow(day, start, start + length))
    return Availability(zone, tuple(windows))
