"""One-line builders of valid facts, rules and badge awards for recognition's tests."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from recognition.badges.model import (
    BadgeAward,
    BadgeDefinition,
    EvidenceItem,
    Issuer,
    Recipient,
    SkillAlignment,
)
from recognition.badges.urls import PublicUrls
from recognition.domain.facts import (
    Attempt,
    AttemptOutcome,
    ItemCompletion,
    KudosReceipt,
    LearningTime,
    MentoringSession,
    PathCompletion,
    Retraction,
)
from recognition.domain.rules import Rule, RuleDefinition

BERLIN = ZoneInfo("Europe/Berlin")
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday
URLS = PublicUrls("https://learn.example.com/recognition/public")
ISSUER = Issuer(
    name="Example Corp Learning",
    url="https://www.example.com",
    email="learning@example.com",
    description="Learning and development at Example Corp.",
)
ITEM = "2b8f7c3e-1111-4a2b-9c3d-000000000001"
PATH = "2b8f7c3e-2222-4a2b-9c3d-000000000002"


def at(days: float = 0, hours: float = 0) -> datetime:
    return T0 + timedelta(days=days, hours=hours)


def completion(
    fid: str, when: datetime, item: str = ITEM, learner: str = "E1", **kw: Any
) -> ItemCompletion:
    return ItemCompletion(fid, learner, when, item_id=item, **kw)


def path_completion(
    fid: str, when: datetime, path: str = PATH, learner: str = "E1"
) -> PathCompletion:
    return PathCompletion(fid, learner, when, path_id=path)


def minutes(fid: str, when: datetime, amount: float, learner: str = "E1") -> LearningTime:
    return LearningTime(fid, learner, when, minutes=amount)


def attempt(
    fid: str, when: datetime, activity: str, outcome: str = "attempted", learner: str = "E1"
) -> Attempt:
    return Attempt(fid, learner, when, activity_id=activity, outcome=AttemptOutcome(outcome))


def session(
    fid: str, when: datetime, role: str = "mentee", learner: str = "E1"
) -> MentoringSession:
    return MentoringSession(fid, learner, when, session_id=fid, role=role)  # type: ignore[arg-type]


def kudos(fid: str, when: datetime, giver: str = "E9", learner: str = "E1") -> KudosReceipt:
    return KudosReceipt(fid, learner, when, kudos_id=fid, giver_id=giver)


def retraction(
    fid: str, retracted: str, when: datetime | None = None, learner: str = "E1"
) -> Retraction:
    return Retraction(fid, learner, when or at(), retracted_id=retracted)


def rule(rule_id: str, criterion: dict[str, Any], **fields: Any) -> Rule:
    definition = RuleDefinition.model_validate(
        {
            "name": rule_id.replace("-", " ").title(),
            "badge_id": rule_id,
            "criterion": criterion,
            **fields,
        }
    )
    return Rule.create(rule_id, definition)


def badge(**overrides: Any) -> BadgeDefinition:
    values: dict[str, Any] = {
        "badge_id": "python-explorer",
        "name": "Python Explorer",
        "description": "Completed three Python courses.",
        "criteria": "Complete **three** catalog items that teach Python.",
        "image_url": URLS.badge_image("python-explorer"),
        "alignments": (
            SkillAlignment(
                skill_id="python-programming",
                name="Python programming",
                url="https://catalog.example.com/skills/python-programming",
                framework="Example Corp skills",
            ),
        ),
        "tags": ("python", "programming"),
    }
    values.update(overrides)
    return BadgeDefinition(**values)


def badge_award(**overrides: Any) -> BadgeAward:
    values: dict[str, Any] = {
        "award_id": uuid.UUID("6f1d2c3b-4a59-4e8f-9d7c-1b2a3c4d5e6f"),
        "badge": badge(),
        "recipient": Recipient.hashed("email", "ada.lovelace@example.com", salt="s4lt"),
        "issued_on": datetime(2026, 3, 4, 10, 30, 15, 250_000, tzinfo=UTC),
        "evidence": (
            EvidenceItem(
                name="Completed catalog item 1",
                id="urn:uuid:0a1b2c3d-0000-4000-8000-000000000001",
                narrative="Finished the course with a passing score.",
            ),
        ),
        "status_index": 42,
    }
    values.update(overrides)
    return BadgeAward(**values)
