"""Statement context and context activities (Data 2.4.6)."""

from typing import Any

from progress.lrs.domain.activities import validate_activity
from progress.lrs.domain.agents import validate_actor, validate_group
from progress.lrs.domain.datatypes import (
    check_extensions,
    check_keys,
    check_language_tag,
    check_string,
    check_uuid,
    describe,
    expect_object,
)
from progress.lrs.domain.errors import XapiValidationError
from progress.lrs.domain.references import validate_statement_ref

CONTEXT_ACTIVITY_TYPES = ("parent", "grouping", "category", "other")
_CONTEXT_KEYS = frozenset(
    (
        "registration",
        "instructor",
        "team",
        "contextActivities",
        "revision",
        "platform",
        "language",
        "statement",
        "extensions",
    )
)
_CONTEXT_ACTIVITY_KEYS = frozenset(CONTEXT_ACTIVITY_TYPES)


def validate_context(value: Any, path: str, object_is_activity: bool) -> None:
    """A Context; revision and platform are only allowed when the object is an Activity."""
    context = expect_object(value, path, "a context")
    check_keys(context, _CONTEXT_KEYS, path, "a context")
    if "registration" in context:
        check_uuid(context["registration"], path + ".registration", "a context registration")
    if "instructor" in context:
        validate_actor(context["instructor"], path + ".instructor", "a context instructor")
    if "team" in context:
        team = expect_object(context["team"], path + ".team", "a context team")
        if team.get("objectType") != "Group":
            raise XapiValidationError("a context team must be a Group", path + ".team")
        validate_group(team, path + ".team")
    if "contextActivities" in context:
        _validate_context_activities(context["contextActivities"], path + ".contextActivities")
    for key in ("revision", "platform"):
        if key in context:
            check_string(context[key], f"{path}.{key}", f"a context {key}")
            if not object_is_activity:
                raise XapiValidationError(
                    f"a context {key} is only allowed when the Statement object is an Activity",
                    f"{path}.{key}",
                )
    if "language" in context:
        check_language_tag(context["language"], path + ".language", "a context language")
    if "statement" in context:
        validate_statement_ref(context["statement"], path + ".statement")
    if "extensions" in context:
        check_extensions(context["extensions"], path + ".extensions")


def _validate_context_activities(value: Any, path: str) -> None:
    activities = expect_object(value, path, "contextActivities")
    if not activities:
        raise XapiValidationError("contextActivities must not be an empty object", path)
    check_keys(activities, _CONTEXT_ACTIVITY_KEYS, path, "contextActivities")
    for key, entry in activities.items():
        entry_path = f"{path}.{key}"
        if isinstance(entry, list):
            for index, activity in enumerate(entry):
                validate_activity(activity, f"{entry_path}[{index}]")
        elif isinstance(entry, dict):
            validate_activity(entry, entry_path)
        else:
            raise XapiValidationError(
                f"a contextActivities value must be an Activity or an array of Activities, "
                f"not {describe(entry)}",
                entry_path,
            )
