"""Activities and Activity Definitions, interaction activities included (Data 2.4.4.1)."""

from typing import Any, get_args

from continuum_contracts.xapi import InteractionType
from progress.lrs.domain.datatypes import (
    check_extensions,
    check_iri,
    check_irl,
    check_keys,
    check_language_map,
    check_string,
    expect_array,
    expect_object,
    shown,
)
from progress.lrs.domain.errors import XapiValidationError

# The shared xAPI contract owns the list; validation here only checks membership.
INTERACTION_TYPES: frozenset[str] = frozenset(get_args(InteractionType))
COMPONENT_LISTS = ("choices", "scale", "source", "target", "steps")
_ACTIVITY_KEYS = frozenset(("objectType", "id", "definition"))
_DEFINITION_KEYS = frozenset(
    (
        "name",
        "description",
        "type",
        "moreInfo",
        "interactionType",
        "correctResponsesPattern",
        *COMPONENT_LISTS,
        "extensions",
    )
)
_COMPONENT_KEYS = frozenset(("id", "description"))


def validate_activity(value: Any, path: str) -> None:
    """An Activity: objectType absent or ``Activity``, an IRI id, an optional definition."""
    activity = expect_object(value, path, "an Activity")
    check_keys(activity, _ACTIVITY_KEYS, path, "an Activity")
    object_type = activity.get("objectType", "Activity")
    if object_type != "Activity":
        raise XapiValidationError(
            f"an Activity objectType must be 'Activity', not {shown(object_type)}",
            path + ".objectType",
        )
    if "id" not in activity:
        raise XapiValidationError("an Activity must have an id", path)
    check_iri(activity["id"], path + ".id", "an Activity id")
    if "definition" in activity:
        validate_definition(activity["definition"], path + ".definition")


def validate_definition(value: Any, path: str) -> None:
    """An Activity Definition, including the interaction properties."""
    # Every property is optional (Data 2.4.4.1), so an empty object is a valid definition.
    definition = expect_object(value, path, "an Activity definition")
    check_keys(definition, _DEFINITION_KEYS, path, "an Activity definition")
    if "name" in definition:
        check_language_map(definition["name"], path + ".name", "an Activity definition name")
    if "description" in definition:
        check_language_map(
            definition["description"], path + ".description", "an Activity definition description"
        )
    if "type" in definition:
        check_iri(definition["type"], path + ".type", "an Activity definition type")
    if "moreInfo" in definition:
        check_irl(definition["moreInfo"], path + ".moreInfo", "an Activity definition moreInfo")
    if "extensions" in definition:
        check_extensions(definition["extensions"], path + ".extensions")
    _validate_interaction(definition, path)


def _validate_interaction(definition: dict[str, Any], path: str) -> None:
    interaction_type = definition.get("interactionType")
    if interaction_type is None and "interactionType" not in definition:
        for key in ("correctResponsesPattern", *COMPONENT_LISTS):
            if key in definition:
                raise XapiValidationError(
                    f"an Activity definition with {key} must have an interactionType", path
                )
        return
    if not isinstance(interaction_type, str) or interaction_type not in INTERACTION_TYPES:
        raise XapiValidationError(
            f"interactionType must be one of {', '.join(sorted(INTERACTION_TYPES))} "
            f"(exact case), not {shown(interaction_type)}",
            path + ".interactionType",
        )
    if "correctResponsesPattern" in definition:
        pattern_path = path + ".correctResponsesPattern"
        patterns = expect_array(
            definition["correctResponsesPattern"], pattern_path, "correctResponsesPattern"
        )
        for index, pattern in enumerate(patterns):
            check_string(pattern, f"{pattern_path}[{index}]", "a correct response pattern")
    for key in COMPONENT_LISTS:
        if key in definition:
            _validate_components(definition[key], f"{path}.{key}", key)


def _validate_components(value: Any, path: str, key: str) -> None:
    components = expect_array(value, path, f"the interaction component list {key}")
    seen: set[str] = set()
    for index, component in enumerate(components):
        item_path = f"{path}[{index}]"
        component = expect_object(component, item_path, "an interaction component")
        check_keys(component, _COMPONENT_KEYS, item_path, "an interaction component")
        if "id" not in component:
            raise XapiValidationError("an interaction component must have an id", item_path)
        component_id = component["id"]
        check_string(component_id, item_path + ".id", "an interaction component id")
        if component_id in seen:
            raise XapiValidationError(
                f"interaction component ids must be distinct within {key} ({component_id!r})",
                item_path + ".id",
            )
        seen.add(component_id)
        if "description" in component:
            check_language_map(
                component["description"],
                item_path + ".description",
                "an interaction component description",
            )
