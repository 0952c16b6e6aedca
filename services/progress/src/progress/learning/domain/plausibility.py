"""Whether the time a statement reports is plausible, and so counted as learning time.

A duration cannot exceed the time since the learner started the item (their earliest earlier
statement about the same activity), nor push the learner's counted time on one UTC day past
the organisation's daily maximum. Implausible time is not counted; the activity keeps what
was reported and a flag the learner's manager sees (ADR 0012).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from progress.learning.domain.activities import Activity

SINCE_START = "longer_than_since_start"
DAILY_MAXIMUM = "over_daily_maximum"
# Clocks of devices and providers disagree a little; a minute of slack is not a claim.
SLACK = timedelta(minutes=1)


@dataclass(frozen=True)
class TimeContext:
    """What the held record says before a batch: each (learner, activity IRI)'s first
    statement time, and each (learner, UTC day)'s counted minutes."""

    started: Mapping[tuple[str, str], datetime]
    counted_by_day: Mapping[tuple[str, date], float]


def judge_time(
    activities: Iterable[Activity], context: TimeContext, *, daily_max_minutes: int
) -> list[Activity]:
    """The activities (in time order) with their counted minutes and flag set."""
    started = dict(context.started)
    counted = dict(context.counted_by_day)
    judged: list[Activity] = []
    for activity in sorted(activities, key=lambda a: a.occurred_at):
        key = (activity.learner_id, activity.activity_iri) if activity.activity_iri else None
        first = started.get(key) if key is not None else None
        if key is not None and (first is None or activity.occurred_at < first):
            started[key] = activity.occurred_at
        if activity.reported_minutes <= 0:
            judged.append(activity)
            continue
        reported = timedelta(minutes=activity.reported_minutes)
        day = (activity.learner_id, activity.occurred_at.date())
        flag = None
        since_start = activity.occurred_at - first if first is not None else None
        if (
            since_start is not None
            and since_start > timedelta(0)
            and reported > since_start + SLACK
        ):
            flag = SINCE_START
        elif counted.get(day, 0.0) + activity.reported_minutes > daily_max_minutes:
            flag = DAILY_MAXIMUM
        if flag is None:
            counted[day] = counted.get(day, 0.0) + activity.reported_minutes
            judged.append(replace(activity, minutes=activity.reported_minutes))
        else:
            judged.append(replace(activity, minutes=0.0, time_flag=flag))
    return judged
