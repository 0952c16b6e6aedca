"""HTTP shapes of profiles (XUpdate is a whole replacement: PUT), runs and mentorships."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, Any, Literal, get_args
from zoneinfo import available_timezones

from pydantic import AfterValidator, AwareDatetime, BaseModel, Field

from continuum_runtime.api.types import JsonInteger
from mentorship.domain.profiles import (
    MAX_CAPACITY,
    MAX_GOALS,
    MAX_LEVEL,
    MAX_SENIORITY,
    MIN_LEVEL,
    MIN_SENIORITY,
    Cadence,
    Modality,
)
from mentorship.domain.results import Match
from mentorship.domain.scoring import ScoreTerm
from mentorship.domain.solver import Objective
from mentorship.store.tables import MentorshipRow

# The schema states every rule the service checks that JSON Schema can state (ADR 0017); what
# it cannot (a window's end after its start, a goal listed twice, weights that are all zero)
# is a 422 typed `range_error` or `duplicate_error`.
Id = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[A-Za-z0-9._:-]+$")]
ID_PATTERN = r"^[A-Za-z0-9._:-]+$"
Tag = Annotated[
    str,
    Field(
        min_length=2,
        max_length=35,
        pattern=r"^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$",
        description="A BCP 47 language tag.",
    ),
]
# Free text: no control characters (PostgreSQL refuses NUL in text).
Topic = Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[^\x00-\x1f\x7f]+$")]
Start = Annotated[
    str,
    Field(pattern=r"^([01][0-9]|2[0-3]):(00|30)$", examples=["09:00"], description="HH:MM"),
]
End = Annotated[
    str,
    Field(
        pattern=r"^(([01][0-9]|2[0-3]):(00|30)|24:00)$",
        examples=["17:00"],
        description="HH:MM, after `start` (exclusive; '24:00' is midnight).",
    ),
]

# JsonInteger's checks, for bounded integers: the bounds must come before them, or the schema
# shows them as `ge`/`le` instead of `minimum`/`maximum`.
INTEGRAL, STRICT = get_args(JsonInteger)[1:]
Level = Annotated[int, Field(ge=MIN_LEVEL, le=MAX_LEVEL), INTEGRAL, STRICT]
OwnLevel = Annotated[int, Field(ge=0, le=MAX_LEVEL), INTEGRAL, STRICT]
Seniority = Annotated[
    int,
    Field(ge=MIN_SENIORITY, le=MAX_SENIORITY, description="1 (entry) to 10 (executive)."),
    INTEGRAL,
    STRICT,
]
ZONES = frozenset(available_timezones())


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# A stored instant as the API shows it: with its offset (SQLite hands them back naive, in UTC).
Moment = Annotated[datetime, AfterValidator(_utc)]


def _keys_named(pattern: str) -> Callable[[dict[str, Any]], None]:
    """A dict's key pattern as JSON Schema's `propertyNames` (pydantic writes it as
    `patternProperties`, which leaves other keys allowed though the service refuses them)."""

    def fix(schema: dict[str, Any]) -> None:
        values = schema.pop("patternProperties", {}).get(pattern)
        if values is not None:
            schema["additionalProperties"] = values
        schema.setdefault("propertyNames", {})["pattern"] = pattern

    return fix


def _zone(name: str) -> str:
    if name not in ZONES:
        raise ValueError(f"{name!r} is not an IANA timezone")
    return name


Timezone = Annotated[
    str,
    AfterValidator(_zone),
    Field(examples=["Europe/Berlin"], json_schema_extra={"enum": sorted(ZONES)}),
]


class WindowSchema(BaseModel):
    weekday: JsonInteger = Field(ge=0, le=6, description="0 = Monday ... 6 = Sunday", examples=[0])
    start: Start
    end: End


class AvailabilitySchema(BaseModel):
    timezone: Timezone
    windows: list[WindowSchema] = Field(min_length=1, max_length=50)


class MentorProfileUpdate(BaseModel):
    """What a mentor offers (replaces the whole profile)."""

    skills: dict[Id, Level] = Field(
        min_length=1,
        max_length=50,
        description="Skill id -> proficiency 1..5 they can teach at.",
        json_schema_extra=_keys_named(ID_PATTERN),
    )
    languages: list[Tag] = Field(min_length=1, max_length=20, examples=[["en", "de"]])
    availability: AvailabilitySchema
    capacity: JsonInteger = Field(
        ge=0, le=MAX_CAPACITY, description="Mentees at once, 0 (paused) to 20."
    )
    seniority: Seniority
    topics: list[Topic] = Field(default_factory=list, max_length=30)
    modalities: list[Modality] = Field(
        default_factory=lambda: list(Modality), min_length=1, max_length=len(Modality)
    )
    cadences: list[Cadence] = Field(
        default_factory=lambda: list(Cadence), min_length=1, max_length=len(Cadence)
    )
    reverse_mentoring: bool = Field(
        default=False, description="Also mentor people more senior, in skills one knows better."
    )
    opted_out_mentees: list[Id] = Field(default_factory=list, max_length=200)


class MenteeProfileUpdate(BaseModel):
    """What a mentee looks for (replaces the whole profile)."""

    goal_skills: list[Id] = Field(
        min_length=1,
        max_length=MAX_GOALS,
        description="1 to 5 distinct skills to work on.",
        json_schema_extra={"uniqueItems": True},
    )
    skill_levels: dict[Id, OwnLevel] = Field(
        default_factory=dict,
        max_length=100,
        description="Own level 0..5 per skill, as stated.",
        json_schema_extra=_keys_named(ID_PATTERN),
    )
    target_role: Id | None = Field(default=None, description="A catalog role id.")
    languages: list[Tag] = Field(min_length=1, max_length=20)
    availability: AvailabilitySchema
    seniority: Seniority
    topics: list[Topic] = Field(default_factory=list, max_length=30)
    preferred_modality: Modality | None = None
    preferred_cadence: Cadence | None = None
    opted_out_mentors: list[Id] = Field(default_factory=list, max_length=200)
    join_circles: bool = Field(
        default=False, description="Also learn the goal skills in a peer-learning circle."
    )


class MentorProfileRead(MentorProfileUpdate):
    employee_id: str
    acquired_skills: dict[str, int] = Field(description="Levels completed learning has shown.")
    updated_at: Moment


class MenteeProfileRead(MenteeProfileUpdate):
    employee_id: str
    acquired_skills: dict[str, int] = Field(description="Levels completed learning has shown.")
    updated_at: Moment


class ContributionRead(BaseModel):
    term: ScoreTerm
    value: float = Field(description="The term for this pair, 0..1.")
    weight_share: float
    points: float = Field(description="value x weight_share: its part of the score.")


class MatchRead(BaseModel):
    mentee_id: str
    mentor_id: str
    score: float
    skill_ids: list[str]
    reasons: list[str]
    contributions: list[ContributionRead]
    ruled_out: dict[str, int] = Field(description="Other mentors each constraint removed.")
    mentorship_id: str | None = None

    @classmethod
    def of(
        cls, match: Match, mentorship_id: str | None = None, reasons: list[str] | None = None
    ) -> MatchRead:
        explanation = match.explanation
        return cls(
            mentee_id=match.mentee_id,
            mentor_id=match.mentor_id,
            score=match.score,
            skill_ids=match.skill_ids,
            reasons=explanation.reasons() if reasons is None else reasons,
            contributions=[
                ContributionRead(term=c.term, value=c.value, weight_share=c.share, points=c.points)
                for c in explanation.contributions
            ],
            ruled_out={c.value: n for c, n in explanation.ruled_out.items()},
            mentorship_id=mentorship_id,
        )


class BlockerRead(BaseModel):
    constraint: str
    mentors: int = Field(description="Mentors this constraint removed for the mentee.")
    detail: str


class UnmatchedRead(BaseModel):
    mentee_id: str
    blockers: list[BlockerRead]


class ExcludedRead(BaseModel):
    employee_id: str
    role: Literal["mentor", "mentee"]
    reason: str


class MatchingRunCreate(BaseModel):
    objective: Objective = Field(
        default=Objective.MAX_SCORE,
        description="max_score: best total; participation_first: most matched, then best total.",
    )


class MatchingRunRead(BaseModel):
    id: str
    objective: Objective
    ran_at: Moment
    run_by: str
    matched: int = Field(description="Matches in the whole run (`matches` holds one page).")
    unmatched_count: int = Field(description="Mentees not matched in the whole run.")
    total_score: float
    feasible_pairs: int
    ruled_out: dict[str, int]
    offset: int = Field(description="Where this page of `matches` and `unmatched` starts.")
    limit: int = Field(description="The page size asked for.")
    matches: list[MatchRead] = Field(description="A page of the matches, by mentee id.")
    unmatched: list[UnmatchedRead] = Field(
        description="A page of everyone not matched, and why, by mentee id."
    )
    excluded: list[ExcludedRead] = Field(description="Profiles that could not take part.")


class TopMentorsRead(BaseModel):
    mentee_id: str
    mentors: list[MatchRead]
    ruled_out: dict[str, int]
    blockers: list[BlockerRead] = Field(description="Why there is no mentor, when none.")


Weight = Annotated[float, Field(ge=0, le=1000, strict=True)]


class TuningUpdate(BaseModel):
    weights: dict[ScoreTerm, Weight] = Field(
        description="0 to 1000 each, at least one above 0; missing terms weigh 0."
    )
    min_overlap_hours: float = Field(
        default=2.0, ge=0, le=168, strict=True, description="Common hours a week, at least."
    )


class TuningRead(TuningUpdate):
    pass


class MentorshipRead(BaseModel):
    id: str
    mentee_id: str
    mentor_id: str
    status: str
    proposed_by: str
    mentee_answer: str | None
    mentor_answer: str | None
    score: float | None
    skill_ids: list[str]
    reasons: list[str]
    contributions: dict[str, float]
    run_id: str | None
    proposed_at: Moment
    expires_at: Moment | None
    started_at: Moment | None
    ended_at: Moment | None
    end_reason: str | None
    flag: str | None = Field(description="Set when HRIS changes call the pairing into question.")
    sessions_held: int

    @classmethod
    def of(cls, row: MentorshipRow) -> MentorshipRead:
        return cls.model_validate(row, from_attributes=True)


class MentorshipPage(BaseModel):
    items: list[MentorshipRead]


class MentorshipEnd(BaseModel):
    reason: Literal["completed", "cancelled"]


class SessionCreate(BaseModel):
    held_at: AwareDatetime
    duration_minutes: JsonInteger = Field(ge=1, le=1440)
    format: Modality | None = None
    skill_ids: list[Id] | None = Field(default=None, max_length=10)
    notes: str | None = Field(
        default=None,
        max_length=10000,
        pattern=r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$",
        description="Only the pair sees (text: no control characters but tab and line breaks).",
    )


class SessionRead(BaseModel):
    id: str
    mentorship_id: str
    held_at: Moment
    duration_minutes: int
    format: str | None
    skill_ids: list[str]
    notes: str | None = Field(description="Shown to the mentee and the mentor only.")
    logged_by: str


class SessionPage(BaseModel):
    items: list[SessionRead]


class FeedbackCreate(BaseModel):
    rating: JsonInteger = Field(ge=1, le=5)
    comment: str | None = Field(
        default=None, max_length=4000, pattern=r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
    )


class FeedbackRead(FeedbackCreate):
    session_id: str
    author_id: str
    given_at: Moment


def document(body: BaseModel) -> dict[str, Any]:
    """A profile body as the stored document."""
    return body.model_dump(mode="json")
