"""Synthetic organisations for benchmarks and demos: a reporting tree with departments spread
over regions, Zipf-popular skills, office-hours availability, and a share of forbidden pairs.

Skills are clustered by default, as in companies: each department has its own skills and a
fifth of the framework is shared by everyone; people mostly teach and learn their own
department's skills and the shared ones. `clustered=False` draws every skill from one
company-wide Zipf distribution instead, a much denser (harder) instance.

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


class _SkillDraws:
    """Draws skill indices: home department's cluster, the shared cluster, or anywhere."""

    def __init__(self, rng: np.random.Generator, skills: int, clustered: bool) -> None:
        self.rng, self.skills, self.clustered = rng, skills, clustered
        shared = skills // 5
        size = (skills - shared) // len(DEPARTMENTS)
        self.clusters = [np.arange(shared)] + [
            np.arange(shared + d * size, shared + (d + 1) * size) for d in range(len(DEPARTMENTS))
        ]
        self.weights = [_zipf(len(c)) for c in self.clusters]
        self.everywhere = _zipf(skills)

    def draw(self, count: int, department: str, home: float, shared: float) -> list[int]:
        """`count` distinct skills: from the home cluster with probability `home`, else from the
        shared cluster with probability `shared`, else from another department's."""
        home_cluster = DEPARTMENTS.index(department) + 1 if department in DEPARTMENTS else 0
        chosen: list[int] = []
        while len(chosen) < count:
            if not self.clustered:
                skill = int(self.rng.choice(self.skills, p=self.everywhere))
            else:
                u = self.rng.random()
                cluster = (
                    home_cluster
                    if u < home
                    else 0
                    if u < home + shared
                    else int(self.rng.integers(1, len(self.clusters)))
                )
                skill = int(self.rng.choice(self.clusters[cluster], p=self.weights[cluster]))
            if skill not in chosen:
                chosen.append(skill)
        return chosen


def _zipf(n: int) -> np.ndarray:
    weights = 1.0 / np.arange(1, n + 1) ** 1.1
    return weights / weights.sum()


def synthetic_organisation(
    mentees: int,
    mentors: int,
    *,
    seed: int = 7,
    skills: int = 300,
    forbidden_share: float = 0.05,
    clustered: bool = True,
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
    draws = _SkillDraws(rng, skills, clustered)
    role_department = [DEPARTMENTS[r % len(DEPARTMENTS)] for r in range(40)]
    roles = {
        f"role-{r:03d}": {
            skill_ids[s]: int(rng.integers(2, 5))
            for s in draws.draw(int(rng.integers(5, 11)), role_department[r], 0.7, 0.3)
        }
        for r in range(40)
    }

    def target_role(department: str) -> str | None:
        if rng.random() >= 0.7:
            return None
        own = [r for r, d in enumerate(role_department) if d == department]
        pick = own if own and rng.random() < 0.75 else range(40)
        return f"role-{int(rng.choice(list(pick))):03d}"

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
        taught = draws.draw(int(rng.integers(3, 7)), employees[row].department, 0.7, 0.3)
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
        department = employees[row].department
        goals = draws.draw(int(rng.integers(1, 4)), department, 0.6, 0.25)
        known = draws.draw(int(rng.integers(2, 8)), department, 0.7, 0.3)
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
                target_role=target_role(department),
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
