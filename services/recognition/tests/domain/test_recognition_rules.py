"""Rule definitions: valid data, errors that name the field, versions on every change."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from recognition.domain.criteria import CompleteItems, LearningHours, NewAttempts
from recognition.domain.facts import AttemptOutcome
from recognition.domain.periods import PeriodKind
from recognition.domain.rules import Bonus, PerPeriod, Rule, RuleDefinition


def definition(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "name": "Python explorer",
        "badge_id": "python-explorer",
        "criterion": {"type": "complete_items", "count": 3, "skill_id": "python-programming"},
        "points": 50,
        "bonus": {"amount": "100.00", "currency": "EUR"},
    }
    values.update(overrides)
    return values


def errors(data: dict[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
    with pytest.raises(ValidationError) as caught:
        RuleDefinition.model_validate(data)
    return [(e["loc"], e["msg"]) for e in caught.value.errors()]


def test_a_valid_definition_becomes_version_one_then_two() -> None:
    rule = Rule.create("python-explorer", RuleDefinition.model_validate(definition()))
    assert rule.version == 1 and rule.active and rule.period is None
    assert rule.criterion == CompleteItems(count=3, skill_id="python-programming")
    assert rule.bonus == Bonus(amount="100.00", currency="EUR")  # type: ignore[arg-type]
    revised = rule.revise(RuleDefinition.model_validate(definition(points=80)))
    assert (revised.id, revised.version, revised.points) == ("python-explorer", 2, 80)


def test_defaults_celebrate_any_try() -> None:
    rule = RuleDefinition.model_validate(definition(criterion={"type": "new_attempts"}))
    assert rule.criterion == NewAttempts(count=1, outcomes=frozenset(AttemptOutcome))


@pytest.mark.parametrize(
    ("overrides", "location", "message"),
    [
        (
            {"criterion": {"type": "complete_items", "count": 0}},
            ("criterion", "complete_items", "count"),
            "greater than or equal to 1",
        ),
        (
            {"criterion": {"type": "complete_items", "count": 2, "modality": "hologram"}},
            ("criterion", "complete_items", "modality"),
            "Input should be",
        ),
        (
            {"criterion": {"type": "teleport"}},
            ("criterion",),
            "does not match any of the expected tags",
        ),
        (
            {"criterion": {"type": "learning_hours", "hours": -1}},
            ("criterion", "learning_hours", "hours"),
            "greater than 0",
        ),
        (
            {"criterion": {"type": "learning_streak", "weeks": 1}},
            ("criterion", "learning_streak", "weeks"),
            "greater than or equal to 2",
        ),
        (
            {"criterion": {"type": "new_attempts", "outcomes": []}},
            ("criterion", "new_attempts", "outcomes"),
            "at least one outcome",
        ),
        (
            {"criterion": {"type": "complete_item", "item_id": "not-a-uuid"}},
            ("criterion", "complete_item", "item_id"),
            "UUID",
        ),
        (
            {"criterion": {"type": "mentoring_sessions", "count": 3, "role": "boss"}},
            ("criterion", "mentoring_sessions", "role"),
            "Input should be",
        ),
        ({"badge_id": "Python Explorer!"}, ("badge_id",), "should match pattern"),
        ({"points": -5}, ("points",), "greater than or equal to 0"),
        (
            {"bonus": {"amount": "10", "currency": "euro"}},
            ("bonus", "currency"),
            "should match pattern",
        ),
        ({"bonus": {"amount": "0", "currency": "EUR"}}, ("bonus", "amount"), "greater than 0"),
        ({"bonus": {"amount": "0.005", "currency": "EUR"}}, ("bonus", "amount"), "2 decimals"),
        ({"bonus": {"amount": 150, "currency": "EUR"}}, ("bonus", "amount"), "as text"),
        ({"points": "5"}, ("points",), "valid integer"),
        ({"points": 5.5}, ("points",), "valid integer"),
        ({"active": 1}, ("active",), "valid boolean"),
        (
            {"repeat": {"kind": "per_period", "period": "fortnight"}},
            ("repeat", "per_period", "period"),
            "Input should be",
        ),
        ({"surprise": True}, ("surprise",), "Extra inputs are not permitted"),
        ({"name": ""}, ("name",), "at least 1 character"),
    ],
)
def test_invalid_definitions_name_the_field(
    overrides: dict[str, Any], location: tuple[str, ...], message: str
) -> None:
    found = errors(definition(**overrides))
    assert any(loc == location and message in msg for loc, msg in found), found


def test_a_repeatable_rule_counts_hours_in_its_own_period() -> None:
    found = errors(
        definition(
            repeat={"kind": "per_period", "period": "month"},
            criterion={"type": "learning_hours", "hours": 10, "within": "week"},
        )
    )
    assert found[0][0] == ("criterion",)
    assert "within (week) must be empty or equal to the rule's period (month)" in found[0][1]
    ok = RuleDefinition.model_validate(
        definition(
            repeat={"kind": "per_period", "period": "month"},
            criterion={"type": "learning_hours", "hours": 10, "within": "month"},
        )
    )
    assert ok.repeat == PerPeriod(period=PeriodKind.MONTH)
    assert ok.criterion == LearningHours(hours=10, within=PeriodKind.MONTH)


def test_rules_are_immutable_values() -> None:
    rule = Rule.create("r", RuleDefinition.model_validate(definition()))
    with pytest.raises(ValidationError):
        rule.points = 3  # type: ignore[misc]
    assert Rule.model_validate_json(rule.model_dump_json()) == rule
