"""statements_equivalent: same id and content answers 204, a different one 409 (Data 2.3.1)."""

import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from xapi_samples import (
    ACTIVITY,
    DELETE,
    SPEC_LONG,
    SPEC_SIGNED,
    SPEC_SIMPLE,
    SPEC_SUBSTATEMENT,
    UUID,
    statement,
    substatement,
    with_change,
)

from progress.lrs.domain import complete_statement, statements_equivalent
from progress.lrs.domain.timestamps import parse_iso8601_timestamp

BASE = statement(id=UUID, timestamp="2015-11-18T12:17:00+00:00")

SAME: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    ("identical", SPEC_LONG, SPEC_LONG),
    ("stored differs", SPEC_LONG, with_change(SPEC_LONG, "stored", "2020-01-01T00:00:00Z")),
    ("stored added", SPEC_SIMPLE, {**SPEC_SIMPLE, "stored": "2020-01-01T00:00:00.000Z"}),
    (
        "authority differs",
        SPEC_LONG,
        with_change(SPEC_LONG, "authority", {"mbox": "mailto:o@x.org"}),
    ),
    ("version differs", SPEC_LONG, with_change(SPEC_LONG, "version", "1.0.3")),
    ("version added", SPEC_SIMPLE, {**SPEC_SIMPLE, "version": "1.0.0"}),
    ("id missing on one side", {k: v for k, v in SPEC_SIMPLE.items() if k != "id"}, SPEC_SIMPLE),
    ("id case", SPEC_SIMPLE, with_change(SPEC_SIMPLE, "id", SPEC_SIMPLE["id"].upper())),
    (
        "timestamp missing on one side",
        {k: v for k, v in SPEC_SIMPLE.items() if k != "timestamp"},
        SPEC_SIMPLE,
    ),
    ("timestamp other zone", BASE, with_change(BASE, "timestamp", "2015-11-18T14:17:00.000+02:00")),
    ("timestamp Z", BASE, with_change(BASE, "timestamp", "2015-11-18T12:17:00Z")),
    ("timestamp basic format", BASE, with_change(BASE, "timestamp", "20151118T121700Z")),
    ("verb display", BASE, with_change(BASE, "verb.display", {"fr": "a assisté"})),
    ("verb display removed", BASE, with_change(BASE, "verb.display", DELETE)),
    (
        "activity definition",
        SPEC_LONG,
        with_change(SPEC_LONG, "object.definition.name", {"en": "renamed"}),
    ),
    ("activity definition removed", SPEC_LONG, with_change(SPEC_LONG, "object.definition", DELETE)),
    (
        "context activity definition",
        SPEC_LONG,
        with_change(SPEC_LONG, "context.contextActivities.category[0].definition", DELETE),
    ),
    ("activity objectType filled in", with_change(BASE, "object.objectType", DELETE), BASE),
    ("actor objectType filled in", with_change(BASE, "actor.objectType", DELETE), BASE),
    (
        "member objectType filled in",
        SPEC_LONG,
        with_change(SPEC_LONG, "actor.member[0].objectType", DELETE),
    ),
    (
        "group members reordered",
        SPEC_LONG,
        with_change(SPEC_LONG, "actor.member", list(reversed(SPEC_LONG["actor"]["member"]))),
    ),
    (
        "single context activity vs array",
        statement(context={"contextActivities": {"parent": ACTIVITY}}),
        statement(context={"contextActivities": {"parent": [ACTIVITY]}}),
    ),
    ("attachments", SPEC_SIGNED, with_change(SPEC_SIGNED, "attachments", DELETE)),
    ("mbox domain case", BASE, with_change(BASE, "actor.mbox", "MAILTO:xapi@ADLNET.GOV")),
    (
        "sha1 case",
        statement(actor={"mbox_sha1sum": "ebd31e95054c018b10727ccffd2ef2ec3a016ee9"}),
        statement(actor={"mbox_sha1sum": "EBD31E95054C018B10727CCFFD2EF2EC3A016EE9"}),
    ),
    (
        "registration case",
        SPEC_LONG,
        with_change(
            SPEC_LONG, "context.registration", SPEC_LONG["context"]["registration"].upper()
        ),
    ),
    (
        "statement ref id case",
        statement(object={"objectType": "StatementRef", "id": UUID}),
        statement(object={"objectType": "StatementRef", "id": UUID.upper()}),
    ),
    ("context language case", SPEC_LONG, with_change(SPEC_LONG, "context.language", "TLH")),
    (
        "integer vs float score",
        statement(result={"score": {"raw": 1}}),
        statement(result={"score": {"raw": 1.0}}),
    ),
    (
        "duration beyond hundredths",
        statement(result={"duration": "PT1.2345S"}),
        statement(result={"duration": "PT1.23S"}),
    ),
    (
        "key order",
        {"verb": BASE["verb"], "object": BASE["object"], "actor": BASE["actor"]},
        {"actor": BASE["actor"], "verb": BASE["verb"], "object": BASE["object"]},
    ),
    (
        "substatement verb display",
        SPEC_SUBSTATEMENT,
        with_change(SPEC_SUBSTATEMENT, "object.verb.display", DELETE),
    ),
]

DIFFERENT: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    ("id", SPEC_SIMPLE, with_change(SPEC_SIMPLE, "id", UUID.replace("a", "b"))),
    ("timestamp instant", BASE, with_change(BASE, "timestamp", "2015-11-18T12:17:01Z")),
    ("verb id", BASE, with_change(BASE, "verb.id", "http://example.com/other")),
    ("activity id", BASE, with_change(BASE, "object.id", "http://example.com/other")),
    ("activity id case", BASE, with_change(BASE, "object.id", ACTIVITY["id"].upper())),
    ("actor name", BASE, with_change(BASE, "actor.name", "Someone else")),
    ("actor mbox local part case", BASE, with_change(BASE, "actor.mbox", "mailto:XAPI@adlnet.gov")),
    ("actor identifier kind", BASE, with_change(BASE, "actor", {"openid": "http://x.org/1"})),
    (
        "member replaced",
        SPEC_LONG,
        with_change(SPEC_LONG, "actor.member[2]", {"mbox": "mailto:new@x.org"}),
    ),
    ("result added", BASE, {**BASE, "result": {"success": True}}),
    ("success", statement(result={"success": True}), statement(result={"success": False})),
    (
        "true vs 1 in extension",
        statement(result={"extensions": {"http://x.org/e": True}}),
        statement(result={"extensions": {"http://x.org/e": 1}}),
    ),
    (
        "extension value",
        statement(result={"extensions": {"http://x.org/e": [1, 2]}}),
        statement(result={"extensions": {"http://x.org/e": [2, 1]}}),
    ),
    (
        "duration spelling",
        statement(result={"duration": "PT1H"}),
        statement(result={"duration": "PT60M"}),
    ),
    ("response case", statement(result={"response": "Yes"}), statement(result={"response": "yes"})),
    (
        "context activity order",
        SPEC_LONG,
        with_change(
            SPEC_LONG,
            "context.contextActivities.other",
            list(reversed(SPEC_LONG["context"]["contextActivities"]["other"])),
        ),
    ),
    ("context platform", SPEC_LONG, with_change(SPEC_LONG, "context.platform", "other")),
    ("context removed", SPEC_LONG, with_change(SPEC_LONG, "context", DELETE)),
    ("object type", BASE, with_change(BASE, "object", {"objectType": "StatementRef", "id": UUID})),
    (
        "substatement object",
        SPEC_SUBSTATEMENT,
        with_change(SPEC_SUBSTATEMENT, "object.object.id", "http://x.org/b"),
    ),
    (
        "substatement timestamp",
        statement(object=substatement(timestamp="2030-01-01T00:00:00Z")),
        statement(object=substatement(timestamp="2030-01-01T00:00:01Z")),
    ),
    (
        "substatement timestamp removed",
        statement(object=substatement(timestamp="2030-01-01T00:00:00Z")),
        statement(object=substatement()),
    ),
]


@pytest.mark.parametrize(("a", "b"), [(a, b) for _, a, b in SAME], ids=[n for n, _, _ in SAME])
def test_equivalent(a: dict[str, Any], b: dict[str, Any]) -> None:
    assert statements_equivalent(a, b)
    assert statements_equivalent(b, a)


@pytest.mark.parametrize(
    ("a", "b"), [(a, b) for _, a, b in DIFFERENT], ids=[n for n, _, _ in DIFFERENT]
)
def test_different(a: dict[str, Any], b: dict[str, Any]) -> None:
    assert not statements_equivalent(a, b)
    assert not statements_equivalent(b, a)


def test_stored_form_matches_what_was_sent() -> None:
    sent = statement(context={"contextActivities": {"parent": ACTIVITY}})
    stored = complete_statement(
        sent,
        stored=parse_iso8601_timestamp("2024-05-01T10:00:00Z"),
        authority={"objectType": "Agent", "account": {"homePage": "https://lrs", "name": "key"}},
    )
    assert statements_equivalent(sent, stored)


@settings(deadline=None)
@given(st.randoms(use_true_random=False))
def test_member_order_never_matters(rng: random.Random) -> None:
    members = [{"mbox": f"mailto:m{i}@x.org", "name": f"M{i}"} for i in range(6)]
    shuffled = members[:]
    rng.shuffle(shuffled)
    a = statement(actor={"objectType": "Group", "member": members})
    b = statement(actor={"objectType": "Group", "member": shuffled})
    assert statements_equivalent(a, b)
