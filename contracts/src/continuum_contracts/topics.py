"""The topic catalogue: every Kafka topic Continuum uses, who writes it and who reads it."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_PARTITIONS = 6
DLQ_SUFFIX = ".dlq"


@dataclass(frozen=True)
class Topic:
    name: str
    producers: tuple[str, ...]
    consumers: tuple[str, ...]
    description: str
    key: str
    partitions: int = DEFAULT_PARTITIONS

    @property
    def dead_letter(self) -> str:
        return dead_letter_topic(self.name)


def dead_letter_topic(name: str) -> str:
    return name + DLQ_SUFFIX


HRIS_EMPLOYEES = Topic(
    name="hris.employees.v1",
    producers=("hris", "gateway"),
    consumers=("catalog", "progress", "mentorship", "recognition"),
    description="Employee lifecycle from HRIS systems: hired, role changed, manager changed, left.",
    key="employee id",
)
CATALOG = Topic(
    name="catalog.v1",
    producers=("catalog",),
    consumers=("progress", "recognition", "mentorship"),
    description="Learning items, paths, roles and skills published, updated or retired.",
    key="item, path, role or skill id",
)
XAPI_STATEMENTS = Topic(
    name="xapi.statements.v1",
    producers=("progress",),
    # progress reads its own LRS output too: the learning side (progress, learning time) keeps
    # its read model from the published statements rather than from the LRS tables.
    consumers=("progress", "recognition", "mentorship"),
    description="Every xAPI statement stored by the Learning Record Store.",
    key="learner (employee) id",
)
XAPI_SUBMISSIONS = Topic(
    name="xapi.submissions.v1",
    producers=("any",),
    consumers=("progress",),
    description="xAPI statements to be validated, stored and republished by the LRS.",
    key="learner (employee) id",
)
PROGRESS = Topic(
    name="progress.v1",
    producers=("progress",),
    consumers=("recognition", "mentorship"),
    description="Assignments, item and path completions, overdue assignments, learning-time milestones.",
    key="learner (employee) id",
)
RECOGNITION = Topic(
    name="recognition.v1",
    producers=("recognition",),
    consumers=("progress",),
    description=(
        "Badges awarded, revoked or endorsed, kudos given, points ledger entries, award "
        "ceremony results."
    ),
    key="learner (employee) id; ceremony id for ceremony results",
)
MENTORSHIP = Topic(
    name="mentorship.v1",
    producers=("mentorship",),
    consumers=("progress", "recognition"),
    description="Mentorship matches proposed, accepted or ended; mentoring sessions held.",
    key="mentee (employee) id",
)

ALL_TOPICS: tuple[Topic, ...] = (
    HRIS_EMPLOYEES,
    CATALOG,
    XAPI_STATEMENTS,
    XAPI_SUBMISSIONS,
    PROGRESS,
    RECOGNITION,
    MENTORSHIP,
)
TOPICS_BY_NAME: dict[str, Topic] = {t.name: t for t in ALL_TOPICS}
