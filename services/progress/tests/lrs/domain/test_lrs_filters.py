"""What the agent and activity filters of GET /statements match, plain and related."""

from typing import Any

import pytest
from xapi_samples import SPEC_LONG, statement, substatement

from progress.lrs.domain import (
    agent_matches,
    statement_activity_ids,
    statement_agent_ifis,
)

ALICE = {"mbox": "mailto:alice@example.com"}
BOB = {"openid": "http://bob.example.org/"}
CAROL = {"account": {"homePage": "https://lms.example.org", "name": "carol"}}
DAVE = {"mbox_sha1sum": "ebd31e95054c018b10727ccffd2ef2ec3a016ee9"}
TEAM = {"objectType": "Group", "mbox": "mailto:team@example.com", "member": [BOB, CAROL]}
A1, A2, A3, A4, A5 = (f"http://example.com/activities/{n}" for n in range(1, 6))

RICH = statement(
    actor=ALICE,
    object={"id": A1},
    authority={"objectType": "Agent", **DAVE},
    context={
        "instructor": BOB,
        "team": TEAM,
        "contextActivities": {"parent": {"id": A2}, "grouping": [{"id": A3}]},
    },
)
WITH_SUB = statement(
    actor=ALICE,
    object=substatement(
        actor=BOB,
        object={"objectType": "Agent", **CAROL},
        context={"instructor": DAVE, "contextActivities": {"other": [{"id": A4}]}},
    ),
)
SUB_ACTIVITY = statement(object=substatement(object={"id": A5}))


@pytest.mark.parametrize(
    ("document", "agent", "plain", "related"),
    [
        (RICH, ALICE, True, True),
        (RICH, DAVE, False, True),  # authority
        (RICH, BOB, False, True),  # instructor
        (RICH, {"objectType": "Group", "mbox": "mailto:team@example.com"}, False, True),  # team
        (RICH, CAROL, False, True),  # member of the team
        (RICH, {"mbox": "mailto:nobody@example.com"}, False, False),
        (statement(object={"objectType": "Agent", **CAROL}), CAROL, True, True),  # object
        (statement(actor=TEAM), BOB, True, True),  # member of the actor Group
        (
            statement(actor=TEAM),
            {"objectType": "Group", "mbox": "MAILTO:team@EXAMPLE.COM"},
            True,
            True,
        ),
        (WITH_SUB, ALICE, True, True),
        (WITH_SUB, BOB, False, True),  # SubStatement actor
        (WITH_SUB, CAROL, False, True),  # SubStatement object
        (WITH_SUB, DAVE, False, True),  # SubStatement instructor
        (
            SPEC_LONG,
            {"name": "Ena", "mbox_sha1sum": "EBD31E95054C018B10727CCFFD2EF2EC3A016EE9"},
            True,
            True,
        ),
    ],
)
def test_agent_filter(
    document: dict[str, Any], agent: dict[str, Any], plain: bool, related: bool
) -> None:
    assert agent_matches(agent, document) is plain
    assert agent_matches(agent, document, related=True) is related


def test_agent_ifis_of_a_statement() -> None:
    assert statement_agent_ifis(RICH) == {"mbox:mailto:alice@example.com"}
    assert statement_agent_ifis(RICH, related=True) == {
        "mbox:mailto:alice@example.com",
        f"mbox_sha1sum:{DAVE['mbox_sha1sum']}",
        "openid:http://bob.example.org/",
        "mbox:mailto:team@example.com",
        "account:https://lms.example.org|carol",
    }


def test_anonymous_group_contributes_its_members_only() -> None:
    group = {"objectType": "Group", "member": [ALICE, BOB]}
    assert statement_agent_ifis(statement(actor=group)) == {
        "mbox:mailto:alice@example.com",
        "openid:http://bob.example.org/",
    }


@pytest.mark.parametrize(
    ("document", "plain", "related"),
    [
        (RICH, {A1}, {A1, A2, A3}),
        (WITH_SUB, set(), {A4}),
        (SUB_ACTIVITY, set(), {A5}),
        (
            statement(
                object={"objectType": "StatementRef", "id": "8f87ccde-bb56-4c2e-ab83-44982ef22df0"}
            ),
            set(),
            set(),
        ),
        (
            SPEC_LONG,
            {"http://www.example.com/meetings/occurances/34534"},
            {
                "http://www.example.com/meetings/occurances/34534",
                "http://www.example.com/meetings/series/267",
                "http://www.example.com/meetings/categories/teammeeting",
                "http://www.example.com/meetings/occurances/34257",
                "http://www.example.com/meetings/occurances/3425567",
            },
        ),
    ],
)
def test_activity_filter(document: dict[str, Any], plain: set[str], related: set[str]) -> None:
    assert statement_activity_ids(document) == plain
    assert statement_activity_ids(document, related=True) == related
