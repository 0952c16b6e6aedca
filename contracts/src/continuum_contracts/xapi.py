"""The xAPI 1.0.3 statement as pydantic models, with the specification's JSON field names.

The models are structural: they accept every valid statement and keep its shape; the LRS
applies the normative rules (one inverse functional identifier, IRI syntax, voiding...).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import BaseModel, BeforeValidator, Discriminator, Field, Tag

from continuum_contracts.common import ContractModel

LanguageMap = Annotated[
    dict[str, str], Field(description="Language map: RFC 5646 language tag to text.")
]
Extensions = Annotated[dict[str, Any], Field(description="Extensions: IRI keys to any JSON value.")]
Iri = Annotated[str, Field(description="An IRI (internationalised URI).")]

InteractionType = Literal[
    "true-false",
    "choice",
    "fill-in",
    "long-fill-in",
    "matching",
    "performance",
    "sequencing",
    "likert",
    "numeric",
    "other",
]


class Account(ContractModel):
    """An account on an existing system; Continuum learners use their employee id as name."""

    home_page: str = Field(alias="homePage", description="IRL of the system of the account.")
    name: str = Field(description="Unique id of the account on that system.")


class Agent(ContractModel):
    """One person or system, identified by one inverse functional identifier."""

    object_type: Literal["Agent"] = Field(default="Agent", alias="objectType")
    name: str | None = None
    mbox: str | None = Field(default=None, description="'mailto:' IRI of an email address.")
    mbox_sha1sum: str | None = Field(default=None, description="SHA-1 hex of the mbox IRI.")
    openid: str | None = None
    account: Account | None = None


class Group(ContractModel):
    """A group: anonymous (members only) or identified (an identifier, members optional)."""

    object_type: Literal["Group"] = Field(alias="objectType")
    name: str | None = None
    member: list[Agent] | None = Field(default=None, description="Members of the group.")
    mbox: str | None = None
    mbox_sha1sum: str | None = None
    openid: str | None = None
    account: Account | None = None

    @property
    def is_identified(self) -> bool:
        return any((self.mbox, self.mbox_sha1sum, self.openid, self.account))


def _actor_tag(value: Any) -> str:
    # objectType is optional for an Agent, required for a Group.
    if isinstance(value, dict):
        return "Group" if value.get("objectType") == "Group" else "Agent"
    return type(value).__name__


Actor = Annotated[
    Annotated[Agent, Tag("Agent")] | Annotated[Group, Tag("Group")], Discriminator(_actor_tag)
]


class Verb(ContractModel):
    """What the actor did, e.g. http://adlnet.gov/expapi/verbs/completed."""

    id: Iri
    display: LanguageMap | None = None


class InteractionComponent(ContractModel):
    """A choice, scale point, source, target or step of an interaction activity."""

    id: str
    description: LanguageMap | None = None


class ActivityDefinition(ContractModel):
    """Metadata of an activity, including the interaction model of assessment questions."""

    name: LanguageMap | None = None
    description: LanguageMap | None = None
    type: Iri | None = None
    more_info: str | None = Field(default=None, alias="moreInfo")
    extensions: Extensions | None = None
    interaction_type: InteractionType | None = Field(default=None, alias="interactionType")
    correct_responses_pattern: list[str] | None = Field(
        default=None, alias="correctResponsesPattern"
    )
    choices: list[InteractionComponent] | None = None
    scale: list[InteractionComponent] | None = None
    source: list[InteractionComponent] | None = None
    target: list[InteractionComponent] | None = None
    steps: list[InteractionComponent] | None = None


class Activity(ContractModel):
    """A thing interacted with: a course, a video, a question, a mentoring session..."""

    object_type: Literal["Activity"] = Field(default="Activity", alias="objectType")
    id: Iri
    definition: ActivityDefinition | None = None


class StatementRef(ContractModel):
    """A pointer to another statement, e.g. the one being voided."""

    object_type: Literal["StatementRef"] = Field(alias="objectType")
    id: UUID


class Score(ContractModel):
    """The score of a result; scaled is in [-1, 1]."""

    scaled: float | None = Field(default=None, ge=-1, le=1)
    raw: float | None = None
    min: float | None = None
    max: float | None = None


class Result(ContractModel):
    """The outcome of the statement."""

    score: Score | None = None
    success: bool | None = None
    completion: bool | None = None
    response: str | None = None
    duration: str | None = Field(default=None, description="ISO 8601 duration, e.g. 'PT1H30M'.")
    extensions: Extensions | None = None


def _as_list(value: Any) -> Any:
    # xAPI allows a single activity where an array is expected; LRSs return the array form.
    return [value] if isinstance(value, dict | BaseModel) else value


ActivityList = Annotated[list[Activity], BeforeValidator(_as_list)]


class ContextActivities(ContractModel):
    """Activities giving context: parent, grouping, category, other."""

    parent: ActivityList | None = None
    grouping: ActivityList | None = None
    category: ActivityList | None = None
    other: ActivityList | None = None


class Context(ContractModel):
    """The circumstances of the statement."""

    registration: UUID | None = None
    instructor: Actor | None = None
    team: Group | None = None
    context_activities: ContextActivities | None = Field(default=None, alias="contextActivities")
    revision: str | None = None
    platform: str | None = None
    language: str | None = None
    statement: StatementRef | None = None
    extensions: Extensions | None = None


class Attachment(ContractModel):
    """Metadata of an attachment; the content itself never travels on the bus."""

    usage_type: Iri = Field(alias="usageType")
    display: LanguageMap
    description: LanguageMap | None = None
    content_type: str = Field(alias="contentType")
    length: int = Field(ge=0)
    sha2: str
    file_url: str | None = Field(default=None, alias="fileUrl")


def _object_tag(value: Any) -> str:
    # objectType defaults to Activity when absent, as the specification says.
    if isinstance(value, dict):
        return str(value.get("objectType", "Activity"))
    return type(value).__name__


SubStatementObject = Annotated[
    Annotated[Activity, Tag("Activity")]
    | Annotated[Agent, Tag("Agent")]
    | Annotated[Group, Tag("Group")]
    | Annotated[StatementRef, Tag("StatementRef")],
    Discriminator(_object_tag),
]


class SubStatement(ContractModel):
    """A statement used as the object of another (e.g. a plan to do something)."""

    object_type: Literal["SubStatement"] = Field(alias="objectType")
    actor: Actor
    verb: Verb
    object: SubStatementObject
    result: Result | None = None
    context: Context | None = None
    timestamp: datetime | None = None
    attachments: list[Attachment] | None = None


StatementObject = Annotated[
    Annotated[Activity, Tag("Activity")]
    | Annotated[Agent, Tag("Agent")]
    | Annotated[Group, Tag("Group")]
    | Annotated[StatementRef, Tag("StatementRef")]
    | Annotated[SubStatement, Tag("SubStatement")],
    Discriminator(_object_tag),
]


class Statement(ContractModel):
    """An xAPI 1.0.3 statement as submitted; the LRS fills id, stored, authority, version."""

    id: UUID | None = None
    actor: Actor
    verb: Verb
    object: StatementObject
    result: Result | None = None
    context: Context | None = None
    timestamp: datetime | None = Field(
        default=None, description="When the experience happened (ISO 8601)."
    )
    stored: datetime | None = Field(default=None, description="When the LRS stored it.")
    authority: Actor | None = None
    version: str | None = Field(default=None, description="xAPI version, e.g. '1.0.3'.")
    attachments: list[Attachment] | None = None


class StoredStatement(Statement):
    """A statement as the LRS stored it: id, stored, authority and version are always set."""

    id: UUID
    stored: datetime
    authority: Actor
    version: str
