"""Learning item kinds and the details each kind needs, validated per kind.

`ItemDetails` is a union discriminated by `kind`: the API validates an item's `details`
against the one model its kind names, and errors point at that model's fields
(for example `course.provider: Field required`).
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from types import MappingProxyType
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    HttpUrl,
    PositiveInt,
    StrictBool,
    StringConstraints,
    TypeAdapter,
    ValidationInfo,
    field_validator,
    model_validator,
)

from catalog.domain.text import LINE_CONTROLS, refuse_controls

Text = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1),
    refuse_controls(LINE_CONTROLS),
]


def _not_empty(values: tuple[Any, ...]) -> tuple[Any, ...]:
    # Checked after the elements, not with min_length: pydantic would also report a
    # bad element as "too short", which buries the real error.
    if not values:
        raise ValueError("must hold at least one entry")
    return values


class ItemKind(StrEnum):
    COURSE = "course"
    SEMINAR = "seminar"
    WORKSHOP = "workshop"
    ELEARNING = "elearning"
    VIDEO = "video"
    ARTICLE = "article"
    BOOK = "book"
    PODCAST = "podcast"
    MENTORING_PROGRAMME = "mentoring_programme"
    PEER_CIRCLE = "peer_circle"
    ON_THE_JOB = "on_the_job"
    CONFERENCE = "conference"
    CERTIFICATION = "certification"


class CourseLevel(StrEnum):
    INTRODUCTORY = "introductory"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


class PackageType(StrEnum):
    """How an e-learning module is packaged and how it reports to the LRS."""

    SCORM_1_2 = "scorm_1_2"
    SCORM_2004 = "scorm_2004"
    XAPI = "xapi"
    CMI5 = "cmi5"


class Cadence(StrEnum):
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    MONTHLY = "monthly"


class _Details(BaseModel):
    # Unknown fields are refused so that a misspelt field is an error, not silently lost.
    model_config = ConfigDict(frozen=True, extra="forbid")


class Session(_Details):
    """One scheduled occurrence of a seminar or workshop, in person, online or both."""

    start: AwareDatetime
    end: AwareDatetime
    location: Text | None = None
    online_url: HttpUrl | None = None
    capacity: PositiveInt

    @field_validator("end")
    @classmethod
    def _end_after_start(cls, end: AwareDatetime, info: ValidationInfo) -> AwareDatetime:
        start = info.data.get("start")
        if start is not None and end <= start:
            raise ValueError("must be after start")
        return end

    @model_validator(mode="after")
    def _somewhere(self) -> Session:
        if self.location is None and self.online_url is None:
            raise ValueError("a session needs a location, an online_url or both")
        return self


class _KindDetails(_Details):
    """What every kind's details may say about the evidence that completes the item
    (`continuum_contracts.completion.requires_trusted_evidence`: a certification, or an item
    flagged here, completes only on a trusted authority's statement)."""

    # Strict: a 0 or "yes" is a mistake to point out, not a flag to guess.
    compliance: StrictBool | None = Field(
        default=None,
        description="true: a compliance item; only a statement from a trusted authority (an "
        "activity provider's credential, an attestation) completes it",
    )
    assessed: StrictBool | None = Field(
        default=None,
        description="true: the learner is examined (a test, graded work); only a statement "
        "from a trusted authority completes it",
    )


class CourseDetails(_KindDetails):
    """A formal course run by a provider, possibly giving credits."""

    kind: Literal["course"] = "course"
    provider: Text
    credits: float | None = Field(default=None, ge=0)
    level: CourseLevel | None = None


class _ScheduledDetails(_KindDetails):
    sessions: Annotated[tuple[Session, ...], AfterValidator(_not_empty)]


class SeminarDetails(_ScheduledDetails):
    kind: Literal["seminar"] = "seminar"


class WorkshopDetails(_ScheduledDetails):
    kind: Literal["workshop"] = "workshop"


class ElearningDetails(_KindDetails):
    """A self-paced module launched from a URL, reporting through SCORM, xAPI or cmi5."""

    kind: Literal["elearning"] = "elearning"
    provider: Text
    launch_url: HttpUrl
    package_type: PackageType


class VideoDetails(_KindDetails):
    kind: Literal["video"] = "video"
    url: HttpUrl
    duration_seconds: PositiveInt


class ArticleDetails(_KindDetails):
    kind: Literal["article"] = "article"
    url: HttpUrl
    author: Text | None = None
    publisher: Text | None = None


class BookDetails(_KindDetails):
    kind: Literal["book"] = "book"
    authors: Annotated[tuple[Text, ...], AfterValidator(_not_empty)]
    isbn: str | None = None
    publisher: Text | None = None

    @field_validator("isbn")
    @classmethod
    def _valid_isbn(cls, isbn: str | None) -> str | None:
        return None if isbn is None else normalise_isbn(isbn)


class PodcastDetails(_KindDetails):
    kind: Literal["podcast"] = "podcast"
    series: Text
    episode_url: HttpUrl


class MentoringProgrammeDetails(_KindDetails):
    kind: Literal["mentoring_programme"] = "mentoring_programme"
    duration_weeks: PositiveInt
    cadence: Cadence


class PeerCircleDetails(_KindDetails):
    kind: Literal["peer_circle"] = "peer_circle"
    cadence: Cadence
    max_members: int = Field(ge=2)


class OnTheJobDetails(_KindDetails):
    """A stretch project: real work, sponsored by someone who vouches for the outcome."""

    kind: Literal["on_the_job"] = "on_the_job"
    sponsor_id: Text = Field(description="Employee id of the sponsor.")
    expected_outcome: Text


class ConferenceDetails(_KindDetails):
    kind: Literal["conference"] = "conference"
    start_date: date
    end_date: date
    location: Text
    url: HttpUrl | None = None

    @field_validator("end_date")
    @classmethod
    def _end_not_before_start(cls, end: date, info: ValidationInfo) -> date:
        start = info.data.get("start_date")
        if start is not None and end < start:
            raise ValueError("must not be before start_date")
        return end


class CertificationExam(_Details):
    name: Text
    code: Text | None = None
    passing_score: float | None = Field(
        default=None, ge=0, le=1, description="Scaled score (0..1), as in xAPI result.score."
    )


class CertificationDetails(_KindDetails):
    kind: Literal["certification"] = "certification"
    issuer: Text
    validity_months: PositiveInt | None = Field(
        default=None, description="Months the certificate stays valid; none if it never expires."
    )
    exam: CertificationExam


ItemDetails = Annotated[
    CourseDetails
    | SeminarDetails
    | WorkshopDetails
    | ElearningDetails
    | VideoDetails
    | ArticleDetails
    | BookDetails
    | PodcastDetails
    | MentoringProgrammeDetails
    | PeerCircleDetails
    | OnTheJobDetails
    | ConferenceDetails
    | CertificationDetails,
    Field(discriminator="kind"),
]

ITEM_DETAILS: TypeAdapter[ItemDetails] = TypeAdapter(ItemDetails)

DETAILS_BY_KIND: MappingProxyType[ItemKind, type[_Details]] = MappingProxyType(
    {
        ItemKind.COURSE: CourseDetails,
        ItemKind.SEMINAR: SeminarDetails,
        ItemKind.WORKSHOP: WorkshopDetails,
        ItemKind.ELEARNING: ElearningDetails,
        ItemKind.VIDEO: VideoDetails,
        ItemKind.ARTICLE: ArticleDetails,
        ItemKind.BOOK: BookDetails,
        ItemKind.PODCAST: PodcastDetails,
        ItemKind.MENTORING_PROGRAMME: MentoringProgrammeDetails,
        ItemKind.PEER_CIRCLE: PeerCircleDetails,
        ItemKind.ON_THE_JOB: OnTheJobDetails,
        ItemKind.CONFERENCE: ConferenceDetails,
        ItemKind.CERTIFICATION: CertificationDetails,
    }
)


def parse_details(data: Any) -> ItemDetails:
    """Validate `details` against the model its `kind` names; raises pydantic ValidationError."""
    return ITEM_DETAILS.validate_python(data)


def normalise_isbn(raw: str) -> str:
    """An ISBN-10 or ISBN-13 without hyphens or spaces; raises ValueError on a bad checksum."""
    isbn = raw.replace("-", "").replace(" ", "").upper()
    if len(isbn) == 10 and isbn[:9].isdigit() and (isbn[9].isdigit() or isbn[9] == "X"):
        digits = [10 if c == "X" else int(c) for c in isbn]
        valid = sum((10 - i) * d for i, d in enumerate(digits)) % 11 == 0
    elif len(isbn) == 13 and isbn.isdigit():
        valid = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(isbn)) % 10 == 0
    else:
        raise ValueError("an ISBN has 10 or 13 digits (ISBN-10 may end in X)")
    if not valid:
        raise ValueError("ISBN check digit does not match")
    return isbn
