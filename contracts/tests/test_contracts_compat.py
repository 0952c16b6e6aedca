"""The compatibility checker: each kind of breaking change is caught, additions are not."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from continuum_contracts.compat import ChangeKind, breaking_changes, diff

Schema = dict[str, Any]

BASE: Schema = {
    "$defs": {
        "Skill": {
            "title": "Skill",
            "type": "object",
            "properties": {
                "skill_id": {"type": "string", "minLength": 1, "maxLength": 200},
                "level": {"type": "integer", "minimum": 1, "maximum": 5},
            },
            "required": ["skill_id", "level"],
        }
    },
    "type": "object",
    "properties": {
        "learner_id": {"type": "string", "description": "Employee id."},
        "kind": {"type": "string", "enum": ["course", "video", "book"]},
        "score": {"anyOf": [{"type": "number"}, {"type": "null"}], "default": None},
        "due": {"type": "string", "format": "date"},
        "skills": {"type": "array", "items": {"$ref": "#/$defs/Skill"}},
        "details": {"type": "object", "additionalProperties": True},
        "visibility": {"type": "string", "enum": ["public", "team"], "default": "public"},
    },
    "required": ["learner_id", "kind", "skills"],
}


def changed(edit: Callable[[Schema], None]) -> Schema:
    new = copy.deepcopy(BASE)
    edit(new)
    return new


def kinds(new: Schema) -> set[ChangeKind]:
    return {change.kind for change in breaking_changes(BASE, new)}


def test_identical_schemas_have_no_changes() -> None:
    assert diff(BASE, copy.deepcopy(BASE)) == []


def test_annotations_may_change_freely() -> None:
    def edit(s: Schema) -> None:
        s["properties"]["learner_id"]["description"] = "The learner."
        s["$defs"]["Skill"]["title"] = "SkillTarget"
        s["x-schema-minor"] = 3
        s["deprecated"] = True

    assert diff(BASE, changed(edit)) == []


def test_additive_optional_field_is_compatible() -> None:
    def edit(s: Schema) -> None:
        s["properties"]["comment"] = {"anyOf": [{"type": "string"}, {"type": "null"}]}
        s["$defs"]["Skill"]["properties"]["evidence"] = {"type": "string"}

    changes = diff(BASE, changed(edit))
    assert [c.kind for c in changes] == [ChangeKind.FIELD_ADDED, ChangeKind.FIELD_ADDED]
    assert {c.path for c in changes} == {"comment", "skills[].evidence"}
    assert breaking_changes(BASE, changed(edit)) == []


def test_renaming_a_referenced_model_is_compatible() -> None:
    def edit(s: Schema) -> None:
        s["$defs"] = {"SkillTarget": s["$defs"].pop("Skill")}
        s["properties"]["skills"]["items"] = {"$ref": "#/$defs/SkillTarget"}

    assert diff(BASE, changed(edit)) == []


@pytest.mark.parametrize(
    ("edit", "kind"),
    [
        (lambda s: s["properties"].pop("due"), ChangeKind.FIELD_REMOVED),
        (lambda s: s["required"].append("due"), ChangeKind.FIELD_NEWLY_REQUIRED),
        (lambda s: s["required"].remove("kind"), ChangeKind.FIELD_NO_LONGER_REQUIRED),
        (
            lambda s: (s["properties"].update(x={"type": "string"}), s["required"].append("x")),
            ChangeKind.FIELD_ADDED_REQUIRED,
        ),
        (lambda s: s["properties"]["due"].update(type="integer"), ChangeKind.TYPE_CHANGED),
        (
            lambda s: s["properties"].update(score={"type": "number"}),
            ChangeKind.TYPE_NARROWED,
        ),
        (
            lambda s: s["properties"]["learner_id"].update(type=["string", "null"]),
            ChangeKind.TYPE_WIDENED,
        ),
        (
            lambda s: s["$defs"]["Skill"]["properties"]["level"].update(type="number"),
            ChangeKind.TYPE_WIDENED,
        ),
        (lambda s: s["properties"]["kind"]["enum"].remove("book"), ChangeKind.ENUM_VALUE_REMOVED),
        (lambda s: s["properties"]["kind"]["enum"].append("podcast"), ChangeKind.ENUM_VALUE_ADDED),
        (
            lambda s: s["$defs"]["Skill"]["properties"]["level"].update(maximum=4),
            ChangeKind.CONSTRAINT_TIGHTENED,
        ),
        (
            lambda s: s["$defs"]["Skill"]["properties"]["skill_id"].update(minLength=3),
            ChangeKind.CONSTRAINT_TIGHTENED,
        ),
        (
            lambda s: s["properties"]["learner_id"].update(pattern="^E[0-9]+$"),
            ChangeKind.CONSTRAINT_TIGHTENED,
        ),
        (
            lambda s: s["properties"]["skills"].update(minItems=1),
            ChangeKind.CONSTRAINT_TIGHTENED,
        ),
        (
            lambda s: s["$defs"]["Skill"]["properties"]["level"].update(maximum=7),
            ChangeKind.CONSTRAINT_LOOSENED,
        ),
        (
            lambda s: s["properties"]["due"].update(format="date-time"),
            ChangeKind.CONSTRAINT_CHANGED,
        ),
        (
            lambda s: s["properties"]["details"].update(additionalProperties=False),
            ChangeKind.ADDITIONAL_PROPERTIES_TIGHTENED,
        ),
        (
            lambda s: s["properties"]["details"].update(additionalProperties={"type": "string"}),
            ChangeKind.ADDITIONAL_PROPERTIES_TIGHTENED,
        ),
        (
            lambda s: s.update(additionalProperties=False),
            ChangeKind.ADDITIONAL_PROPERTIES_TIGHTENED,
        ),
        (
            lambda s: s["properties"]["visibility"].update(default="team"),
            ChangeKind.DEFAULT_CHANGED,
        ),
        (lambda s: s.update({"x-topic": "other.v1"}), ChangeKind.KEYWORD_CHANGED),
    ],
)
def test_breaking_change_is_detected(edit: Callable[[Schema], Any], kind: ChangeKind) -> None:
    assert kind in kinds(changed(edit))


def test_field_added_to_a_closed_object_breaks_old_consumers() -> None:
    old = changed(lambda s: s.update(additionalProperties=False))
    new = copy.deepcopy(old)
    new["properties"]["comment"] = {"type": "string"}
    assert [c.kind for c in breaking_changes(old, new)] == [ChangeKind.FIELD_ADDED_TO_CLOSED_OBJECT]


def test_union_variants_are_paired_by_model_title() -> None:
    agent = {"title": "Agent", "type": "object", "properties": {"name": {"type": "string"}}}
    group = {"title": "Group", "type": "object", "properties": {"member": {"type": "array"}}}
    old = {"properties": {"actor": {"oneOf": [agent, group]}}}
    swapped = {"properties": {"actor": {"oneOf": [group, agent]}}}
    assert diff(old, swapped) == []
    narrowed = {"properties": {"actor": {"oneOf": [agent]}}}
    assert [str(c) for c in breaking_changes(old, narrowed)] == [
        "actor: type narrowed: variant Group removed"
    ]
    deeper = copy.deepcopy(old)
    deeper["properties"]["actor"]["oneOf"][1]["properties"].pop("member")
    assert [str(c) for c in breaking_changes(old, deeper)] == ["actor<Group>.member: field removed"]


def test_recursive_schemas_terminate() -> None:
    node = {
        "$defs": {
            "Node": {
                "type": "object",
                "properties": {"children": {"type": "array", "items": {"$ref": "#/$defs/Node"}}},
            }
        },
        "$ref": "#/$defs/Node",
    }
    assert diff(node, copy.deepcopy(node)) == []


def test_change_describes_itself() -> None:
    new = changed(lambda s: s["properties"]["kind"]["enum"].remove("book"))
    assert [str(c) for c in breaking_changes(BASE, new)] == ['kind: enum value removed: "book"']
