"""The one rule of what completes a catalog item of each kind."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from continuum_contracts.completion import (
    COMPLETION_RULES,
    ITEM_KINDS,
    AdlVerb,
    completes,
    completion_evidence,
    completion_rule,
    completion_rules_document,
    effective_verb,
    item_evidence,
    requires_trusted_evidence,
    sessions_to_complete,
)
from continuum_contracts.events.catalog import ItemPublished

EXAMPLE = json.loads(
    (
        Path(__file__).parents[1] / "examples" / "io.continuum.catalog.item.published.v1.json"
    ).read_text()
)

BOOKMARKED = "https://example.com/verbs/bookmarked"


def test_every_contract_kind_has_a_rule_that_some_verb_completes() -> None:
    assert set(COMPLETION_RULES) == set(ITEM_KINDS)
    assert all(rule.completed_by for rule in COMPLETION_RULES.values())


def test_no_verb_both_completes_and_only_progresses_an_item() -> None:
    for kind, rule in COMPLETION_RULES.items():
        assert not rule.completed_by & rule.progressed_by, kind


@pytest.mark.parametrize(
    ("verb", "completion", "success", "expected"),
    [
        (AdlVerb.COMPLETED, None, None, AdlVerb.COMPLETED),
        (AdlVerb.COMPLETED, True, True, AdlVerb.COMPLETED),
        (AdlVerb.COMPLETED, None, False, AdlVerb.FAILED),
        (AdlVerb.PASSED, None, None, AdlVerb.PASSED),
        (AdlVerb.FAILED, True, None, AdlVerb.FAILED),
        (AdlVerb.ATTEMPTED, True, None, AdlVerb.ATTEMPTED),
        (AdlVerb.ATTENDED, True, None, AdlVerb.ATTENDED),
        (AdlVerb.EXPERIENCED, None, None, AdlVerb.EXPERIENCED),
        (AdlVerb.EXPERIENCED, True, None, AdlVerb.COMPLETED),
        (AdlVerb.PROGRESSED, True, False, AdlVerb.FAILED),
        (BOOKMARKED, None, None, BOOKMARKED),
        (BOOKMARKED, False, True, BOOKMARKED),
    ],
)
def test_the_verb_a_statement_counts_as(
    verb: str, completion: bool | None, success: bool | None, expected: str
) -> None:
    assert effective_verb(verb, completion=completion, success=success) == expected


@pytest.mark.parametrize(
    ("kind", "verb", "completion", "done"),
    [
        # Where the catalog's table and progress's mapping disagreed, and how it was settled.
        ("video", AdlVerb.EXPERIENCED, True, True),
        ("video", AdlVerb.EXPERIENCED, None, False),
        ("seminar", AdlVerb.ATTENDED, None, True),  # a workshop is published as a seminar
        ("conference", AdlVerb.COMPLETED, None, True),
        ("mentoring_programme", AdlVerb.ATTENDED, None, False),
        ("peer_circle", AdlVerb.ATTENDED, None, False),
        ("book", AdlVerb.PASSED, None, True),
        # Where they agreed.
        ("course", AdlVerb.COMPLETED, None, True),
        ("elearning", AdlVerb.PASSED, None, True),
        ("certification", AdlVerb.PASSED, None, True),
        ("certification", AdlVerb.COMPLETED, None, False),
        ("certification", AdlVerb.ATTENDED, None, False),
        ("certification", AdlVerb.EXPERIENCED, True, False),
        ("course", AdlVerb.ATTEMPTED, True, False),
        ("course", BOOKMARKED, None, False),
    ],
)
def test_what_completes_an_item(kind: str, verb: str, completion: bool | None, done: bool) -> None:
    assert completes(kind, verb, completion=completion) is done


def test_a_completion_reported_as_unsuccessful_completes_nothing() -> None:
    assert not completes("course", AdlVerb.COMPLETED, success=False)
    assert not completes("video", AdlVerb.EXPERIENCED, completion=True, success=False)


def test_what_only_progresses_an_item() -> None:
    assert AdlVerb.ATTENDED in completion_rule("peer_circle").progressed_by
    assert AdlVerb.COMPLETED in completion_rule("certification").progressed_by
    assert AdlVerb.EXPERIENCED in completion_rule("video").progressed_by
    assert AdlVerb.LAUNCHED in completion_rule("elearning").progressed_by
    assert BOOKMARKED not in completion_rule("course").progressed_by


@pytest.mark.parametrize(
    ("kind", "details", "sessions"),
    [
        ("seminar", {}, 1),
        ("conference", {}, 1),
        ("seminar", {"sessions_required": 3}, 3),
        ("mentoring_programme", {}, None),
        ("mentoring_programme", {"sessions_required": 6}, 6),
        ("peer_circle", {"sessions_required": 0}, None),
        ("peer_circle", {"sessions_required": True}, None),
        ("peer_circle", {"sessions_required": "4"}, None),
        ("course", {"sessions_required": 4}, None),
    ],
)
def test_sessions_that_complete_an_item(
    kind: str, details: dict[str, object], sessions: int | None
) -> None:
    assert sessions_to_complete(kind, details) == sessions


def test_an_unknown_kind_completes_as_a_course() -> None:
    assert completion_rule("hackathon") == completion_rule("course")


def test_the_rules_are_publishable_json() -> None:
    document = completion_rules_document()
    assert json.loads(json.dumps(document)) == document
    assert set(document) == set(ITEM_KINDS)
    assert document["certification"]["completed_by"] == ["http://adlnet.gov/expapi/verbs/passed"]
    assert document["seminar"]["session_based"] is True
    assert all(rule["completed_by"] == sorted(rule["completed_by"]) for rule in document.values())


@pytest.mark.parametrize(
    ("kind", "details", "trusted_only"),
    [
        ("certification", {}, True),
        ("course", {}, False),
        ("course", {"assessed": True}, True),
        ("elearning", {"compliance": True}, True),
        ("video", {"compliance": "yes"}, False),  # only a true flag counts
        ("article", {}, False),
        ("on_the_job", {}, False),
    ],
)
def test_certifications_and_flagged_items_need_trusted_evidence(
    kind: str, details: dict[str, object], trusted_only: bool
) -> None:
    assert requires_trusted_evidence(kind, details) is trusted_only


@pytest.mark.parametrize(
    ("kind", "details", "evidence"),
    [
        ("certification", {}, "trusted"),
        ("course", {"assessed": True}, "trusted"),
        ("podcast", {"compliance": True}, "trusted"),
        ("course", {}, "self_report"),
        ("article", {}, "self_report"),
        ("on_the_job", {}, "self_report"),
    ],
)
def test_the_evidence_an_item_declares_follows_the_rule(
    kind: str, details: dict[str, object], evidence: str
) -> None:
    assert completion_evidence(kind, details) == evidence
    assert (evidence == "trusted") is requires_trusted_evidence(kind, details)


def test_an_item_of_an_older_event_implies_its_evidence() -> None:
    item = ItemPublished.model_validate(EXAMPLE).item
    declared = item.model_copy(update={"completion_evidence": None, "kind": "certification"})
    assert item_evidence(declared) == "trusted"
    assert item_evidence(item) == item.completion_evidence
