"""Generated catalogs for tests and benchmarks: realistic words, every kind, many skills."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from typing import Any

TOPICS = (
    "python",
    "kubernetes",
    "security",
    "leadership",
    "statistics",
    "negotiation",
    "sql",
    "design",
    "accessibility",
    "cloud",
    "testing",
    "networking",
    "writing",
    "finance",
    "privacy",
    "machine",
    "learning",
    "coaching",
    "docker",
    "agile",
    "scrum",
    "excel",
    "presentation",
    "rust",
    "java",
    "golang",
    "react",
    "typescript",
    "observability",
    "sales",
)
VERBS = ("Introduction to", "Advanced", "Practical", "Mastering", "Foundations of", "Applied")
NOUNS = ("fundamentals", "in practice", "for managers", "deep dive", "workshop", "patterns")
DETAILS: dict[str, dict[str, Any]] = {
    "course": {"provider": "Generated Academy"},
    "elearning": {
        "provider": "Generated",
        "launch_url": "https://lms.example/m",
        "package_type": "xapi",
    },
    "video": {"url": "https://video.example/v", "duration_seconds": 900},
    "article": {"url": "https://blog.example/a"},
    "book": {"authors": ["A. Author"]},
    "podcast": {"series": "Generated talks", "episode_url": "https://pod.example/e"},
    "peer_circle": {"cadence": "weekly", "max_members": 8},
    "mentoring_programme": {"duration_weeks": 12, "cadence": "monthly"},
    "on_the_job": {"sponsor_id": "E1", "expected_outcome": "A shipped improvement"},
    "conference": {"start_date": "2027-05-01", "end_date": "2027-05-02", "location": "Lisbon"},
    "certification": {"issuer": "Generated Board", "exam": {"name": "Exam"}},
}


def generated_items(
    count: int, *, seed: int = 7, skills: int = 200, start: int = 0
) -> Iterator[dict[str, Any]]:
    """Import rows of published items `start` to `count - 1`, the same ones for one seed
    whichever `start` (each row has its own random stream), so large catalogs are made in
    chunks."""
    skill_ids = skill_ids_of(skills)
    for n in range(start, count):
        rng = random.Random(seed * 1_000_003 + n)
        kind = rng.choice(list(DETAILS))
        topic, other = rng.sample(TOPICS, 2)
        yield {
            "external_id": f"gen-{n:06d}",
            # Fixed ids: the same catalog has the same ids (and orders) in every database.
            "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"continuum:generated:{seed}:{n}")),
            "kind": kind,
            "title": f"{rng.choice(VERBS)} {topic} {rng.choice(NOUNS)} {n}",
            "summary": f"Learn {topic} with {other}: exercises, examples and a short quiz.",
            "language": rng.choice(("en", "en", "en", "de", "fr", "en-GB")),
            "duration_minutes": rng.choice((15, 30, 45, 60, 90, 120, 240, 480)),
            "skills": [
                {"skill_id": s, "level": rng.randint(1, 5)}
                for s in rng.sample(skill_ids, rng.randint(1, 3))
            ],
            "tags": [topic, other],
            "details": DETAILS[kind],
            "status": "published",
        }


def skill_ids_of(skills: int) -> list[str]:
    return [f"gen-skill-{i:04d}" for i in range(skills)]


def generated_skills(skills: int = 200) -> list[dict[str, Any]]:
    return [
        {"id": s, "name": s, "category": f"cat-{i % 12}"}
        for i, s in enumerate(skill_ids_of(skills))
    ]


def generated_catalog(count: int, *, seed: int = 7, skills: int = 200) -> dict[str, list[Any]]:
    """An import document of `count` published items teaching `skills` generated skills."""
    return {
        "skills": generated_skills(skills),
        "roles": [],
        "items": list(generated_items(count, seed=seed, skills=skills)),
    }
