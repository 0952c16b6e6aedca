"""HTTP shapes of profiles (XUpdate is a whole replacement: PUT), runs and mentorships."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from mentorship.domain.profiles import Cadence, Modality
from mentorship.domain.results import Match
from mentorship.domain.scoring import ScoreTerm
from mentorship.domain.solver import Objective
from mentorship.store.tables import MentorshipRow

Id = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[A-Za-z0-9._:-]+$")]
Tag = Annotated[str, Field(min_length=1, max_length=35)]
Topic = Annotated[str, Field(min_length=1, max_length=100)]
Clock = Annotated[str, Field(pattern=r"^\d{2}:\d{2}$", examples=["09:00"])]


class WindowSchema(BaseModel):
    weekday: int = Field(description="0 = Monday ... 6 = Sunday", examples=[0])
    start: Clock
    end: Clock = Field(description="Exclusive; '24:00' is midnight.")


class AvailabilitySchema(BaseModel):
    timezone: str = Field(max_length=64, examples=["Europe/Berlin"])
    windows: list[WindowSchema] = Field(max_length=50)


class MentorProfileUpdate(BaseModel):
    """What a mentor offers (replaces the whole profile)."""

    skills: dict[Id, int] = Field(
        max_length=50, description="Skill id -> proficiency 1..5 they can teach at."
    )
    languages: list[Tag] = Field(max_length=20, examples=[["en", "de"]])
    availability: AvailabilitySchema
    capacity: int = Field(description="Mentees at once, 0 (paused) to 20.")
    seniority: int = Field(description="1 (entry) to 10 (executive).")
    topics: list[Topic] = Field(default_factory=list, max_length=30)
    modalities: list[Modality] = Field(default_factory=lambda: list(Modality))
    cadences: list[Cadence] = Field(default_factory=lambda: list(Cadence))
    reverse_mentoring: bool = Field(
        default=False, description="Also mentor people more senior, in skills one knows better."
    )
    opted_out_mentees: list[Id] = Field(default_factory=list, max_length=200)


class MenteeProfileUpdate(BaseModel):
    """What a mentee looks for (replaces the whole profile)."""

    goal_skills: list[Id] = Field(max_length=5, description="1 to 5 skills to work on.")
    skill_levels: dict[Id, int] = Field(
        default_factory=dict, max_length=100, description="Own level 0..5 per skill, as stated."
    )
    target_role: Id | None = Field(default=None, description="A catalog role id.")
    languages: list[Tag] = Field(max_length=20)
    availability: AvailabilitySchema
    seniority: int = Field(description="1 (entry) to 10 (executive).")
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
    updated_at: datetime


class MenteeProfileRead(MenteeProfileUpdate):
    employee_id: str
    acquired_skills: dict[str, int] = Field(description="Levels completed learning has shown.")
    updated_at: datetime


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
    def of(cls, match: Match, mentorship_id: str | None = None) -> MatchRead:
        explanation = match.explanation
        return cls(
            mentee_id=match.mentee_id,
            mentor_id=match.mentor_id,
            score=match.score,
            skill_ids=match.skill_ids,
            reasons=explanation.reasons(),
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
    ran_at: datetime
    run_by: str
    matched: int
    unmatched_count: int
    total_score: float
    feasible_pairs: int
    ruled_out: dict[str, int]
    matches: list[MatchRead]
    unmatched: list[UnmatchedRead] = Field(description="Everyone not matched, and why.")
    excluded: list[ExcludedRead] = Field(description="Profiles that could not take part.")


class TopMentorsRead(BaseModel):
    mentee_id: str
    mentors: list[MatchRead]
    ruled_out: dict[str, int]
    blockers: list[BlockerRead] = Field(description="Why there is no mentor, when none.")


class TuningUpdate(BaseModel):
    weights: dict[ScoreTerm, float] = Field(description="Non-negative; missing terms weigh 0.")
    min_overlap_hours: float = Field(default=2.0, description="Common hours a week, at least.")


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
    proposed_at: datetime
    expires_at: datetime | None
    started_at: datetime | None
    ended_at: datetime | None
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
    held_at: datetime
    duration_minutes: int = Field(ge=1, le=1440)
    format: Modality | None = None
    skill_ids: list[Id] | None = Field(default=None, max_length=10)
    notes: str | None = Field(default=None, max_length=10000, description="Only the pair sees.")


class SessionRead(BaseModel):
    id: str
    mentorship_id: str
    held_at: datetime
    duration_minutes: int
    format: str | None
    skill_ids: list[str]
    notes: str | None = Field(description="Shown to the mentee and the mentor only.")
    logged_by: str


class SessionPage(BaseModel):
    items: list[SessionRead]


class FeedbackCreate(BaseModel):
    rating: int = Field(ge=1, le=5)
    comment: str | None = Field(default=None, max_length=4000)


class FeedbackRead(FeedbackCreate):
    session_id: str
    author_id: str
    given_at: datetime


def document(body: BaseModel) -> dict[str, Any]:
    """A profile body as the stored document."""
    return body.model_dump(mode="json")
