"""Querying statements: filters, related filters, time windows, paging with `more`, formats,
HEAD, and canonical Activity Definitions."""

from __future__ import annotations

import json
import uuid

import httpx
import pytest
from factories import (
    COMPLETED,
    activity,
    post_statements,
    query_statements,
    statement,
)

from continuum_runtime.testing.service import service_fixture
from progress.main import create_app
from progress.settings import ProgressSettings
from progress.store.migrate import migrate_async

progress = service_fixture(
    create_app, ProgressSettings, migrate_async, events=False, xapi_statements_page_size=50
)


async def test_filters_by_agent_verb_activity_and_registration(lrs: httpx.AsyncClient) -> None:
    agent = {"mbox": f"mailto:{uuid.uuid4().hex[:8]}@example.com"}
    target = activity()
    registration = str(uuid.uuid4())
    verb = f"http://example.com/verbs/{uuid.uuid4().hex}"
    ids = await post_statements(
        lrs,
        [
            statement(actor=agent, object={"id": target}),
            statement(actor=agent, verb={"id": verb}),
            statement(object={"id": target}, context={"registration": registration}),
        ],
    )
    by_agent = await query_statements(lrs, agent=json.dumps(agent))
    assert [s["id"] for s in by_agent["statements"]] == [ids[1], ids[0]]
    assert by_agent["more"] == ""
    by_verb = await query_statements(lrs, verb=verb)
    assert [s["id"] for s in by_verb["statements"]] == [ids[1]]
    by_activity = await query_statements(lrs, activity=target)
    assert [s["id"] for s in by_activity["statements"]] == [ids[2], ids[0]]
    by_registration = await query_statements(lrs, registration=registration.upper())
    assert [s["id"] for s in by_registration["statements"]] == [ids[2]]
    both = await query_statements(lrs, agent=json.dumps(agent), activity=target)
    assert [s["id"] for s in both["statements"]] == [ids[0]]


async def test_related_activities_and_agents(lrs: httpx.AsyncClient) -> None:
    parent = activity()
    instructor = {"mbox": f"mailto:{uuid.uuid4().hex[:8]}@example.com"}
    member = {"mbox": f"mailto:{uuid.uuid4().hex[:8]}@example.com"}
    [in_context, in_group] = await post_statements(
        lrs,
        [
            statement(
                context={"contextActivities": {"parent": {"id": parent}}, "instructor": instructor}
            ),
            statement(actor={"objectType": "Group", "member": [member]}),
        ],
    )
    assert (await query_statements(lrs, activity=parent))["statements"] == []
    related = await query_statements(lrs, activity=parent, related_activities="true")
    assert [s["id"] for s in related["statements"]] == [in_context]
    assert (await query_statements(lrs, agent=json.dumps(instructor)))["statements"] == []
    related_agent = await query_statements(lrs, agent=json.dumps(instructor), related_agents="true")
    assert [s["id"] for s in related_agent["statements"]] == [in_context]
    as_member = await query_statements(lrs, agent=json.dumps(member))
    assert [s["id"] for s in as_member["statements"]] == [in_group]


async def test_since_until_ascending_and_paging_with_more(lrs: httpx.AsyncClient) -> None:
    verb = f"http://example.com/verbs/{uuid.uuid4().hex}"
    ids = []
    for _ in range(5):
        ids += await post_statements(lrs, statement(verb={"id": verb}))
    first = (await query_statements(lrs, statementId=ids[0]))["stored"]
    last = (await query_statements(lrs, statementId=ids[4]))["stored"]
    page = await query_statements(lrs, verb=verb, limit=2)
    seen = [s["id"] for s in page["statements"]]
    while page["more"]:
        assert page["more"].startswith("/xapi/statements?more=")
        response = await lrs.get(page["more"])
        assert response.status_code == 200
        page = response.json()
        seen += [s["id"] for s in page["statements"]]
    assert seen == ids[::-1]
    ascending = await query_statements(lrs, verb=verb, ascending="true")
    assert [s["id"] for s in ascending["statements"]] == ids
    if first != last:
        since = await query_statements(lrs, verb=verb, since=first)
        assert ids[0] not in [s["id"] for s in since["statements"]]
        until = await query_statements(lrs, verb=verb, until=first)
        assert ids[0] in [s["id"] for s in until["statements"]]
        assert ids[4] not in [s["id"] for s in until["statements"]]
    empty = await query_statements(lrs, verb=verb, since="2999-01-01T00:00:00Z")
    assert empty == {"statements": [], "more": ""}


async def test_a_tampered_more_token_is_400(lrs: httpx.AsyncClient) -> None:
    response = await lrs.get("/xapi/statements", params={"more": "abc.def"})
    assert response.status_code == 400


async def test_formats_ids_and_canonical(lrs: httpx.AsyncClient) -> None:
    [statement_id] = await post_statements(lrs, statement())
    ids = await query_statements(lrs, statementId=statement_id, format="ids")
    assert ids["verb"] == {"id": COMPLETED}
    assert "definition" not in ids["object"]
    response = await lrs.get(
        "/xapi/statements",
        params={"statementId": statement_id, "format": "canonical"},
        headers={"Accept-Language": "de, en;q=0.5"},
    )
    canonical = response.json()
    assert canonical["object"]["definition"]["name"] == {"de": "Ein"}
    assert len(canonical["verb"]["display"]) == 1
    assert (await lrs.get("/xapi/statements", params={"format": "nope"})).status_code == 400


@pytest.mark.parametrize(
    "params",
    [
        {"unknown": "1"},
        {"statementId": str(uuid.uuid4()), "verb": COMPLETED},
        {"statementId": str(uuid.uuid4()), "voidedStatementId": str(uuid.uuid4())},
        {"agent": "{not json"},
        {"agent": json.dumps({"name": "no ifi"})},
        {"verb": "not an iri"},
        {"registration": "nope"},
        {"since": "yesterday"},
        {"limit": "-1"},
        {"ascending": "yes"},
        {"related_agents": "1"},
        {"attachments": "maybe"},
        {"statementId": "nope"},
    ],
)
async def test_bad_query_parameters_are_400(lrs: httpx.AsyncClient, params: dict[str, str]) -> None:
    response = await lrs.get("/xapi/statements", params=params)
    assert response.status_code == 400, response.text
    assert response.headers["X-Experience-API-Version"] == "1.0.3"


async def test_unknown_statement_is_404(lrs: httpx.AsyncClient) -> None:
    response = await lrs.get("/xapi/statements", params={"statementId": str(uuid.uuid4())})
    assert response.status_code == 404


async def test_head_has_headers_and_no_body(lrs: httpx.AsyncClient) -> None:
    [statement_id] = await post_statements(lrs, statement())
    response = await lrs.head("/xapi/statements", params={"statementId": statement_id})
    assert response.status_code == 200
    assert response.content == b""
    assert response.headers["X-Experience-API-Version"] == "1.0.3"
    assert "Last-Modified" in response.headers


async def test_canonical_format_uses_the_lrs_canonical_definitions(
    lrs: httpx.AsyncClient,
) -> None:
    target = activity()
    first = statement(object={"id": target, "definition": {"name": {"en-US": "First"}}})
    [first_id] = await post_statements(lrs, first)
    await post_statements(
        lrs, statement(object={"id": target, "definition": {"name": {"en-US": "Later"}}})
    )
    canonical = await query_statements(lrs, statementId=first_id, format="canonical")
    assert canonical["object"]["definition"]["name"] == {"en-US": "Later"}
    exact = await query_statements(lrs, statementId=first_id)
    assert exact["object"]["definition"]["name"] == {"en-US": "First"}
    known = await lrs.get("/xapi/activities", params={"activityId": target})
    assert known.status_code == 200
    assert known.json()["definition"]["name"] == {"en-US": "Later"}


async def test_an_empty_activity_definition_is_stored_and_leaves_the_canonical_one(
    lrs: httpx.AsyncClient,
) -> None:
    target = activity()
    await post_statements(
        lrs, statement(object={"id": target, "definition": {"name": {"en-US": "Known"}}})
    )
    sub = {"objectType": "SubStatement", **statement(object={"id": target, "definition": {}})}
    [empty_id, sub_id] = await post_statements(
        lrs, [statement(object={"id": target, "definition": {}}), statement(object=sub)]
    )
    # Every definition property is optional (Data 2.4.4.1): stored as sent, it defines nothing.
    assert (await query_statements(lrs, statementId=empty_id))["object"]["definition"] == {}
    stored_sub = await query_statements(lrs, statementId=sub_id)
    assert stored_sub["object"]["object"]["definition"] == {}
    canonical = await query_statements(lrs, statementId=empty_id, format="canonical")
    assert canonical["object"]["definition"] == {"name": {"en-US": "Known"}}
    known = await lrs.get("/xapi/activities", params={"activityId": target})
    assert known.json()["definition"] == {"name": {"en-US": "Known"}}
