"""The xAPI Statement resource over HTTP, on SQLite and on PostgreSQL (schema by migrations)."""

from __future__ import annotations

import base64
import hashlib
import json
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import jwt
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from fastapi import FastAPI
from progress_apps import app_per_backend, asgi_client
from sqlalchemy import func, select

from continuum_runtime.auth.devissuer import DevIssuer
from progress.lrs.api.multipart import build_multipart, parse_multipart
from progress.lrs.service_layer.credentials import issue_credential
from progress.settings import ProgressSettings

ORG = "https://people.example.com"
VOIDED = "http://adlnet.gov/expapi/verbs/voided"
COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
SIGNATURE = "http://adlnet.gov/expapi/attachments/signature"
V = {"X-Experience-API-Version": "1.0.3"}


app = app_per_backend(org_homepage=ORG, xapi_statements_page_size=50)


async def _basic(app: FastAPI, scopes: list[str]) -> str:
    settings: ProgressSettings = app.state.settings
    key, secret = await issue_credential(
        uow=app.state.runtime.unit_of_work(),
        name="test client",
        scopes=scopes,
        pepper=settings.xapi_credential_pepper,
    )
    return "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode()


def _client(app: FastAPI, authorization: str) -> httpx.AsyncClient:
    return asgi_client(app, {"Authorization": authorization, **V})


@pytest.fixture(scope="module")
async def lrs(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """A client with Basic credentials of scope `all`."""
    async with _client(app, await _basic(app, ["all"])) as client:
        yield client


@pytest.fixture(scope="module")
async def bearer(app: FastAPI, dev_issuer: DevIssuer) -> Any:
    def make(subject: str, roles: list[str], reports: list[str] | None = None) -> Any:
        token = dev_issuer.mint(subject, roles, reports=reports)
        return _client(app, f"Bearer {token}")

    return make


def activity() -> str:
    return f"http://example.com/activities/{uuid.uuid4().hex}"


def statement(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "actor": {"objectType": "Agent", "mbox": f"mailto:{uuid.uuid4().hex[:8]}@example.com"},
        "verb": {"id": COMPLETED, "display": {"en-US": "completed", "fr": "a terminé"}},
        "object": {"id": activity(), "definition": {"name": {"en-US": "A", "de": "Ein"}}},
    }
    base.update(overrides)
    return base


def learner(employee_id: str) -> dict[str, Any]:
    return {"objectType": "Agent", "account": {"homePage": ORG, "name": employee_id}}


async def post(client: httpx.AsyncClient, body: Any, status: int = 200) -> Any:
    response = await client.post("/xapi/statements", json=body)
    assert response.status_code == status, response.text
    return response.json()


async def query(client: httpx.AsyncClient, **params: Any) -> dict[str, Any]:
    response = await client.get("/xapi/statements", params=params)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


# -- storing ---------------------------------------------------------------------------------


async def test_post_stores_and_returns_ids_with_lrs_properties(lrs: httpx.AsyncClient) -> None:
    given = statement(id=str(uuid.uuid4()))
    ids = await post(lrs, [given, statement()])
    assert ids[0] == given["id"] and len(ids) == 2
    response = await lrs.get("/xapi/statements", params={"statementId": ids[1]})
    assert response.status_code == 200
    stored = response.json()
    assert stored["id"] == ids[1]
    assert stored["stored"].endswith("Z") and stored["timestamp"] == stored["stored"]
    assert stored["version"] == "1.0.0"
    assert stored["authority"]["account"]["homePage"].endswith("/xapi")
    assert response.headers["Last-Modified"].endswith("GMT")
    assert "X-Experience-API-Consistent-Through" in response.headers


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"LIMIT": "1"}, 400),
        ({"statementId": "7d9ca3d9-2b6c-4d7e-9f3e-6b9f0d1f1a10", "verb": COMPLETED}, 400),
        ({"statementId": "7d9ca3d9-2b6c-4d7e-9f3e-6b9f0d1f1a10"}, 404),
        ({"limit": "1"}, 200),
    ],
)
async def test_every_statements_response_says_how_consistent_it_is(
    lrs: httpx.AsyncClient, params: dict[str, str], status: int
) -> None:
    response = await lrs.get("/xapi/statements", params=params)
    assert response.status_code == status
    through = datetime.fromisoformat(response.headers["X-Experience-API-Consistent-Through"])
    assert through <= datetime.now(UTC)
    head = await lrs.head("/xapi/statements", params=params)
    assert "X-Experience-API-Consistent-Through" in head.headers
    unauthorised = await _client_without_headers(lrs).get(
        "/xapi/statements", headers={"X-Experience-API-Version": "1.0.3"}
    )
    assert unauthorised.status_code == 401
    assert "X-Experience-API-Consistent-Through" in unauthorised.headers


async def test_deeply_nested_json_is_a_400(lrs: httpx.AsyncClient) -> None:
    response = await lrs.post(
        "/xapi/statements",
        content=b"[" * 100_000 + b"]" * 100_000,
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["rule"] == "body"


async def test_an_unexpected_error_is_a_500_with_the_xapi_headers(
    lrs: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr("progress.lrs.service_layer.statement_reads.statement_page", broken)
    response = await lrs.get("/xapi/statements", params={"limit": "1"})
    assert response.status_code == 500
    assert response.json() == {"error": "internal error", "rule": "server"}
    assert response.headers["X-Experience-API-Version"] == "1.0.3"
    assert "X-Experience-API-Consistent-Through" in response.headers
    assert "access-control-allow-origin" in response.headers


async def test_submitted_authority_and_stored_are_replaced(lrs: httpx.AsyncClient) -> None:
    given = statement(
        authority={"mbox": "mailto:forged@example.com"}, stored="2001-01-01T00:00:00Z"
    )
    [statement_id] = await post(lrs, given)
    stored = (await lrs.get("/xapi/statements", params={"statementId": statement_id})).json()
    assert stored["authority"] != given["authority"]
    assert not stored["stored"].startswith("2001")


async def test_put_stores_with_the_given_id(lrs: httpx.AsyncClient) -> None:
    statement_id = str(uuid.uuid4())
    given = statement()
    response = await lrs.put("/xapi/statements", params={"statementId": statement_id}, json=given)
    assert response.status_code == 204, response.text
    again = await lrs.put("/xapi/statements", params={"statementId": statement_id}, json=given)
    assert again.status_code == 204
    other = await lrs.put(
        "/xapi/statements", params={"statementId": statement_id}, json=statement()
    )
    assert other.status_code == 409
    assert other.headers["X-Experience-API-Version"] == "1.0.3"
    fetched = await lrs.get("/xapi/statements", params={"statementId": statement_id})
    assert fetched.json()["object"] == given["object"]


@pytest.mark.parametrize(
    ("params", "body"),
    [
        ({}, "statement"),  # no statementId
        ({"statementId": "not-a-uuid"}, "statement"),
        ({"statementId": str(uuid.uuid4()), "agent": "x"}, "statement"),
        ({"statementId": str(uuid.uuid4())}, "list"),
        ({"statementId": str(uuid.uuid4())}, "other-id"),
    ],
)
async def test_put_rejects_bad_requests(
    lrs: httpx.AsyncClient, params: dict[str, str], body: str
) -> None:
    payload: Any = statement()
    if body == "list":
        payload = [payload]
    elif body == "other-id":
        payload["id"] = str(uuid.uuid4())
    response = await lrs.put("/xapi/statements", params=params, json=payload)
    assert response.status_code == 400, response.text
    assert response.json()["error"]


async def test_post_same_id_same_content_is_skipped_and_other_content_conflicts(
    lrs: httpx.AsyncClient,
) -> None:
    given = statement(id=str(uuid.uuid4()))
    assert await post(lrs, given) == [given["id"]]
    assert await post(lrs, {**given, "timestamp": "2020-01-01T00:00:00Z"}, 409)
    assert await post(lrs, given) == [given["id"]]


async def test_a_batch_is_all_or_nothing(lrs: httpx.AsyncClient) -> None:
    existing = statement(id=str(uuid.uuid4()))
    await post(lrs, existing)
    fresh = statement(id=str(uuid.uuid4()))
    conflicting = {**statement(), "id": existing["id"]}
    await post(lrs, [fresh, conflicting], 409)
    missing = await lrs.get("/xapi/statements", params={"statementId": fresh["id"]})
    assert missing.status_code == 404


async def test_a_batch_repeating_an_id_is_rejected(lrs: httpx.AsyncClient) -> None:
    statement_id = str(uuid.uuid4())
    body = await post(lrs, [statement(id=statement_id), statement(id=statement_id)], 400)
    assert "same id" in body["error"]


@pytest.mark.parametrize(
    ("change", "rule"),
    [
        ({"verb": {"display": {"en-US": "x"}}}, "verb"),
        ({"actor": {"mbox": "a@example.com"}}, "mbox"),
        ({"object": {"id": "not an iri"}}, "object.id"),
        ({"timestamp": "yesterday"}, "timestamp"),
        ({"unknown": 1}, "statement"),
        ({"id": "1234"}, "id"),
    ],
)
async def test_invalid_statements_are_400_naming_the_rule(
    lrs: httpx.AsyncClient, change: dict[str, Any], rule: str
) -> None:
    body = await post(lrs, statement(**change), 400)
    assert rule in body["rule"] or rule in body["error"]


async def test_a_body_that_is_not_json_is_400(lrs: httpx.AsyncClient) -> None:
    response = await lrs.post(
        "/xapi/statements", content=b"{nope", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    form = await lrs.post(
        "/xapi/statements", content=b"{}", headers={"Content-Type": "multipart/form-data"}
    )
    assert form.status_code == 400


# -- querying --------------------------------------------------------------------------------


async def test_filters_by_agent_verb_activity_and_registration(lrs: httpx.AsyncClient) -> None:
    agent = {"mbox": f"mailto:{uuid.uuid4().hex[:8]}@example.com"}
    target = activity()
    registration = str(uuid.uuid4())
    verb = f"http://example.com/verbs/{uuid.uuid4().hex}"
    ids = await post(
        lrs,
        [
            statement(actor=agent, object={"id": target}),
            statement(actor=agent, verb={"id": verb}),
            statement(object={"id": target}, context={"registration": registration}),
        ],
    )
    by_agent = await query(lrs, agent=json.dumps(agent))
    assert [s["id"] for s in by_agent["statements"]] == [ids[1], ids[0]]
    assert by_agent["more"] == ""
    by_verb = await query(lrs, verb=verb)
    assert [s["id"] for s in by_verb["statements"]] == [ids[1]]
    by_activity = await query(lrs, activity=target)
    assert [s["id"] for s in by_activity["statements"]] == [ids[2], ids[0]]
    by_registration = await query(lrs, registration=registration.upper())
    assert [s["id"] for s in by_registration["statements"]] == [ids[2]]
    both = await query(lrs, agent=json.dumps(agent), activity=target)
    assert [s["id"] for s in both["statements"]] == [ids[0]]


async def test_related_activities_and_agents(lrs: httpx.AsyncClient) -> None:
    parent = activity()
    instructor = {"mbox": f"mailto:{uuid.uuid4().hex[:8]}@example.com"}
    member = {"mbox": f"mailto:{uuid.uuid4().hex[:8]}@example.com"}
    [in_context, in_group] = await post(
        lrs,
        [
            statement(
                context={"contextActivities": {"parent": {"id": parent}}, "instructor": instructor}
            ),
            statement(actor={"objectType": "Group", "member": [member]}),
        ],
    )
    assert (await query(lrs, activity=parent))["statements"] == []
    related = await query(lrs, activity=parent, related_activities="true")
    assert [s["id"] for s in related["statements"]] == [in_context]
    assert (await query(lrs, agent=json.dumps(instructor)))["statements"] == []
    related_agent = await query(lrs, agent=json.dumps(instructor), related_agents="true")
    assert [s["id"] for s in related_agent["statements"]] == [in_context]
    as_member = await query(lrs, agent=json.dumps(member))
    assert [s["id"] for s in as_member["statements"]] == [in_group]


async def test_since_until_ascending_and_paging_with_more(lrs: httpx.AsyncClient) -> None:
    verb = f"http://example.com/verbs/{uuid.uuid4().hex}"
    ids = []
    for _ in range(5):
        ids += await post(lrs, statement(verb={"id": verb}))
    first = (await query(lrs, statementId=ids[0]))["stored"]
    last = (await query(lrs, statementId=ids[4]))["stored"]
    page = await query(lrs, verb=verb, limit=2)
    seen = [s["id"] for s in page["statements"]]
    while page["more"]:
        assert page["more"].startswith("/xapi/statements?more=")
        response = await lrs.get(page["more"])
        assert response.status_code == 200
        page = response.json()
        seen += [s["id"] for s in page["statements"]]
    assert seen == ids[::-1]
    ascending = await query(lrs, verb=verb, ascending="true")
    assert [s["id"] for s in ascending["statements"]] == ids
    if first != last:
        since = await query(lrs, verb=verb, since=first)
        assert ids[0] not in [s["id"] for s in since["statements"]]
        until = await query(lrs, verb=verb, until=first)
        assert ids[0] in [s["id"] for s in until["statements"]]
        assert ids[4] not in [s["id"] for s in until["statements"]]
    empty = await query(lrs, verb=verb, since="2999-01-01T00:00:00Z")
    assert empty == {"statements": [], "more": ""}


async def test_a_tampered_more_token_is_400(lrs: httpx.AsyncClient) -> None:
    response = await lrs.get("/xapi/statements", params={"more": "abc.def"})
    assert response.status_code == 400


async def test_formats_ids_and_canonical(lrs: httpx.AsyncClient) -> None:
    [statement_id] = await post(lrs, statement())
    ids = await query(lrs, statementId=statement_id, format="ids")
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
    [statement_id] = await post(lrs, statement())
    response = await lrs.head("/xapi/statements", params={"statementId": statement_id})
    assert response.status_code == 200
    assert response.content == b""
    assert response.headers["X-Experience-API-Version"] == "1.0.3"
    assert "Last-Modified" in response.headers


# -- voiding ---------------------------------------------------------------------------------


def voiding(target_id: str) -> dict[str, Any]:
    return statement(verb={"id": VOIDED}, object={"objectType": "StatementRef", "id": target_id})


async def test_voiding_hides_the_target_but_keeps_it_reachable(lrs: httpx.AsyncClient) -> None:
    target = activity()
    [voided_id] = await post(lrs, statement(object={"id": target}))
    [voiding_id] = await post(lrs, voiding(voided_id))
    hidden = await lrs.get("/xapi/statements", params={"statementId": voided_id})
    assert hidden.status_code == 404
    found = await lrs.get("/xapi/statements", params={"voidedStatementId": voided_id})
    assert found.status_code == 200 and found.json()["id"] == voided_id
    not_voided = await lrs.get("/xapi/statements", params={"voidedStatementId": voiding_id})
    assert not_voided.status_code == 404
    # The voided statement is hidden; the voiding statement targeting it still matches.
    by_activity = await query(lrs, activity=target)
    assert [s["id"] for s in by_activity["statements"]] == [voiding_id]
    voiding_statement = await query(lrs, verb=VOIDED, limit=50)
    assert voiding_id in [s["id"] for s in voiding_statement["statements"]]


async def _status(lrs: httpx.AsyncClient, **params: str) -> int:
    return (await lrs.get("/xapi/statements", params=params)).status_code


async def test_a_voiding_statement_cannot_be_voided(lrs: httpx.AsyncClient) -> None:
    [target] = await post(lrs, statement())
    [voiding_id] = await post(lrs, voiding(target))
    # Stored, without effect (Data 2.3.2.s2.b3: only a non-voiding statement can be voided).
    [ignored] = await post(lrs, voiding(voiding_id))
    assert await _status(lrs, statementId=voiding_id) == 200
    assert await _status(lrs, voidedStatementId=voiding_id) == 404
    assert await _status(lrs, statementId=ignored) == 200
    assert await _status(lrs, voidedStatementId=target) == 200
    # In one batch, a voiding statement targeting another of the batch is refused.
    first = voiding(str(uuid.uuid4()))
    first["id"] = str(uuid.uuid4())
    body = await post(lrs, [first, voiding(first["id"])], 400)
    assert "voiding" in body["error"]


async def test_a_voiding_statement_that_voided_nothing_can_be_voided(
    lrs: httpx.AsyncClient,
) -> None:
    absent = str(uuid.uuid4())
    [pointless] = await post(lrs, voiding(absent))
    [voiding_id] = await post(lrs, voiding(pointless))
    assert await _status(lrs, statementId=pointless) == 404
    assert await _status(lrs, voidedStatementId=pointless) == 200
    # Voided, it voids nothing when its target arrives; the statement that voided it stays.
    await post(lrs, statement(id=absent))
    assert await _status(lrs, statementId=absent) == 200
    assert await _status(lrs, statementId=voiding_id) == 200
    # A voiding statement arriving after one that targets it is voided only if it voided
    # nothing itself.
    [kept_target] = await post(lrs, statement())
    effective_id, idle_id = str(uuid.uuid4()), str(uuid.uuid4())
    await post(lrs, voiding(effective_id))
    await post(lrs, voiding(idle_id))
    await post(lrs, {**voiding(kept_target), "id": effective_id})
    await post(lrs, {**voiding(str(uuid.uuid4())), "id": idle_id})
    assert await _status(lrs, statementId=effective_id) == 200
    assert await _status(lrs, voidedStatementId=kept_target) == 200
    assert await _status(lrs, voidedStatementId=idle_id) == 200


async def test_voiding_in_a_batch_behaves_as_if_sent_one_by_one(lrs: httpx.AsyncClient) -> None:
    # A: V1 -> X stored (X absent); then [X, V2 -> V1]: X arrives voided by V1, so V1 took
    # effect and V2 (voiding a voiding statement) has none.
    x, v1 = str(uuid.uuid4()), str(uuid.uuid4())
    await post(lrs, {**voiding(x), "id": v1})
    await post(lrs, [statement(id=x), voiding(v1)])
    assert await _status(lrs, voidedStatementId=x) == 200
    assert await _status(lrs, statementId=v1) == 200
    # B: V0 -> V1 stored (V1 absent); then [X, V1 -> X]: V1 voids X, which arrives with it,
    # so V1 is a voiding statement with effect and is not voided.
    x, v1 = str(uuid.uuid4()), str(uuid.uuid4())
    await post(lrs, voiding(v1))
    await post(lrs, [statement(id=x), {**voiding(x), "id": v1}])
    assert await _status(lrs, statementId=v1) == 200
    assert await _status(lrs, voidedStatementId=x) == 200
    # C: V1 -> X stored and voided (X absent), then X arrives with a resend of V1: the voided
    # V1 voids nothing.
    x, v1 = str(uuid.uuid4()), str(uuid.uuid4())
    resent = {**voiding(x), "id": v1}
    await post(lrs, resent)
    await post(lrs, voiding(v1))
    await post(lrs, [statement(id=x), resent])
    assert await _status(lrs, statementId=x) == 200
    assert await _status(lrs, voidedStatementId=v1) == 200


async def test_voiding_an_unknown_statement_is_allowed_and_applies_later(
    lrs: httpx.AsyncClient,
) -> None:
    later = str(uuid.uuid4())
    await post(lrs, voiding(later))
    await post(lrs, statement(id=later))
    hidden = await lrs.get("/xapi/statements", params={"statementId": later})
    assert hidden.status_code == 404
    found = await lrs.get("/xapi/statements", params={"voidedStatementId": later})
    assert found.status_code == 200


async def test_statement_ref_and_substatement_objects(lrs: httpx.AsyncClient) -> None:
    [referenced] = await post(lrs, statement())
    ref = statement(object={"objectType": "StatementRef", "id": referenced})
    sub = statement(
        object={
            "objectType": "SubStatement",
            "actor": {"mbox": "mailto:sub@example.com"},
            "verb": {"id": COMPLETED},
            "object": {"id": activity()},
        }
    )
    assert len(await post(lrs, [ref, sub])) == 2
    nested = statement(
        object={**sub["object"], "object": {**sub["object"], "object": {"id": activity()}}}
    )
    await post(lrs, nested, 400)


# -- attachments -----------------------------------------------------------------------------


def attachment(content: bytes, usage: str = "http://example.com/usage/test") -> dict[str, Any]:
    return {
        "usageType": usage,
        "display": {"en-US": "a file"},
        "contentType": "text/plain",
        "length": len(content),
        "sha2": hashlib.sha256(content).hexdigest(),
    }


def multipart(
    statements: Any, files: list[bytes], headers: list[tuple[str, str]] | None = None
) -> tuple[bytes, str]:
    parts: list[tuple[list[tuple[str, str]], bytes]] = [
        ([("Content-Type", "application/json")], json.dumps(statements).encode())
    ]
    for content in files:
        part_headers = (
            headers
            if headers is not None
            else [
                ("Content-Type", "text/plain"),
                ("Content-Transfer-Encoding", "binary"),
                ("X-Experience-API-Hash", hashlib.sha256(content).hexdigest()),
            ]
        )
        parts.append((part_headers, content))
    return build_multipart(parts)


async def test_multipart_attachments_round_trip(lrs: httpx.AsyncClient) -> None:
    content = f"here is a simple attachment {uuid.uuid4()}".encode()
    given = statement(attachments=[attachment(content)])
    body, content_type = multipart(given, [content])
    response = await lrs.post(
        "/xapi/statements", content=body, headers={"Content-Type": content_type}
    )
    assert response.status_code == 200, response.text
    [statement_id] = response.json()
    plain = await lrs.get("/xapi/statements", params={"statementId": statement_id})
    assert plain.headers["Content-Type"].startswith("application/json")
    with_files = await lrs.get(
        "/xapi/statements", params={"statementId": statement_id, "attachments": "true"}
    )
    assert with_files.headers["Content-Type"].startswith("multipart/mixed")
    parts = parse_multipart(with_files.content, with_files.headers["Content-Type"])
    assert json.loads(parts[0].body)["id"] == statement_id
    assert parts[1].body == content
    assert parts[1].headers["x-experience-api-hash"] == hashlib.sha256(content).hexdigest()
    assert parts[1].headers["content-transfer-encoding"] == "binary"
    listed = await lrs.get("/xapi/statements", params={"attachments": "true", "limit": "1"})
    assert listed.headers["Content-Type"].startswith("multipart/mixed")


async def test_substatement_attachments_travel_as_parts(lrs: httpx.AsyncClient) -> None:
    content = f"evidence for the planned session {uuid.uuid4()}".encode()
    inner = {
        "objectType": "SubStatement",
        "actor": {"mbox": "mailto:mentee@example.com"},
        "verb": {"id": "http://example.com/verbs/will-attend"},
        "object": {"id": activity()},
        "attachments": [attachment(content)],
    }
    given = statement(object=inner)
    missing = await lrs.post("/xapi/statements", json=given)
    assert missing.status_code == 400
    assert "statements[0].object.attachments[0]" in missing.text
    body, content_type = multipart(given, [content])
    response = await lrs.post(
        "/xapi/statements", content=body, headers={"Content-Type": content_type}
    )
    assert response.status_code == 200, response.text
    [statement_id] = response.json()
    with_files = await lrs.get(
        "/xapi/statements", params={"statementId": statement_id, "attachments": "true"}
    )
    parts = parse_multipart(with_files.content, with_files.headers["Content-Type"])
    assert [part.body for part in parts[1:]] == [content]


async def test_file_url_attachments_need_no_part(lrs: httpx.AsyncClient) -> None:
    linked = {**attachment(b"remote"), "fileUrl": "http://example.com/file.txt"}
    await post(lrs, statement(attachments=[linked]))
    await post(lrs, statement(attachments=[attachment(b"missing")]), 400)


@pytest.mark.parametrize("defect", ["no-hash", "no-encoding", "wrong-hash", "undeclared"])
async def test_malformed_attachment_parts_are_400(lrs: httpx.AsyncClient, defect: str) -> None:
    content = b"attachment body"
    sha2 = hashlib.sha256(content).hexdigest()
    headers = {
        "no-hash": [("Content-Type", "text/plain"), ("Content-Transfer-Encoding", "binary")],
        "no-encoding": [("Content-Type", "text/plain"), ("X-Experience-API-Hash", sha2)],
        "wrong-hash": [
            ("Content-Type", "text/plain"),
            ("Content-Transfer-Encoding", "binary"),
            ("X-Experience-API-Hash", hashlib.sha256(b"other").hexdigest()),
        ],
        "undeclared": None,
    }[defect]
    declared = [] if defect == "undeclared" else [attachment(content)]
    given = statement(attachments=declared) if declared else statement()
    body, content_type = multipart(given, [content], headers)
    response = await lrs.post(
        "/xapi/statements", content=body, headers={"Content-Type": content_type}
    )
    assert response.status_code == 400, response.text


async def test_multipart_first_part_must_be_json(lrs: httpx.AsyncClient) -> None:
    body, content_type = build_multipart([([("Content-Type", "text/plain")], b"{}")])
    response = await lrs.post(
        "/xapi/statements", content=body, headers={"Content-Type": content_type}
    )
    assert response.status_code == 400
    no_boundary = await lrs.post(
        "/xapi/statements", content=body, headers={"Content-Type": "multipart/mixed"}
    )
    assert no_boundary.status_code == 400


def _self_signed(key: rsa.RSAPrivateKey) -> str:
    """A self-signed certificate for `key`, base64 DER as an x5c entry."""
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "LMS signer")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    return base64.b64encode(certificate.public_bytes(serialization.Encoding.DER)).decode()


def _signed(
    given: dict[str, Any], algorithm: str = "RS256", x5c_key: rsa.RSAPrivateKey | None = None
) -> tuple[dict[str, Any], bytes]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    if algorithm == "HS256":
        token = jwt.encode(given, "secret", algorithm="HS256")
    elif x5c_key is not None:
        token = jwt.encode(
            given, pem, algorithm=algorithm, headers={"x5c": [_self_signed(x5c_key)]}
        )
    else:
        token = jwt.encode(given, pem, algorithm=algorithm)
    jws = token.encode()
    signature = {
        **attachment(jws, SIGNATURE),
        "contentType": "application/octet-stream",
    }
    return {**given, "attachments": [signature]}, jws


async def test_signed_statements(lrs: httpx.AsyncClient) -> None:
    signed, jws = _signed(statement(id=str(uuid.uuid4())))
    body, content_type = multipart(signed, [jws])
    response = await lrs.post(
        "/xapi/statements", content=body, headers={"Content-Type": content_type}
    )
    assert response.status_code == 200, response.text
    stored = await query(lrs, statementId=signed["id"])
    assert stored["attachments"] == signed["attachments"]
    tampered, jws = _signed(statement())
    tampered["object"] = {"id": activity()}
    body, content_type = multipart(tampered, [jws])
    response = await lrs.post(
        "/xapi/statements", content=body, headers={"Content-Type": content_type}
    )
    assert response.status_code == 400
    symmetric, jws = _signed(statement(), "HS256")
    body, content_type = multipart(symmetric, [jws])
    response = await lrs.post(
        "/xapi/statements", content=body, headers={"Content-Type": content_type}
    )
    assert response.status_code == 400


async def test_signatures_verify_against_their_x5c_certificate(lrs: httpx.AsyncClient) -> None:
    signer = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = signer.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    given = statement(id=str(uuid.uuid4()))
    token = jwt.encode(given, pem, algorithm="RS384", headers={"x5c": [_self_signed(signer)]})
    signed = {
        **given,
        "attachments": [
            {**attachment(token.encode(), SIGNATURE), "contentType": "application/octet-stream"}
        ],
    }
    body, content_type = multipart(signed, [token.encode()])
    response = await lrs.post(
        "/xapi/statements", content=body, headers={"Content-Type": content_type}
    )
    assert response.status_code == 200, response.text
    # Signed by one key, certificate of another: the signature does not verify.
    forged, jws = _signed(statement(id=str(uuid.uuid4())), x5c_key=signer)
    body, content_type = multipart(forged, [jws])
    response = await lrs.post(
        "/xapi/statements", content=body, headers={"Content-Type": content_type}
    )
    assert response.status_code == 400
    assert "does not verify against the x5c certificate" in response.json()["error"]
    missing = await lrs.get("/xapi/statements", params={"statementId": forged["id"]})
    assert missing.status_code == 404


# -- alternate request syntax ----------------------------------------------------------------


async def test_alternate_syntax_get_put_and_post(lrs: httpx.AsyncClient) -> None:
    auth = lrs.headers["Authorization"]
    bare = _client_without_headers(lrs)
    async with bare:
        statement_id = str(uuid.uuid4())
        put = await bare.post(
            "/xapi/statements?method=PUT",
            data={
                "statementId": statement_id,
                "content": json.dumps(statement()),
                "Authorization": auth,
                "X-Experience-API-Version": "1.0.3",
                "Content-Type": "application/json",
            },
        )
        assert put.status_code == 204, put.text
        got = await bare.post(
            "/xapi/statements?method=GET",
            data={
                "statementId": statement_id,
                "Authorization": auth,
                "X-Experience-API-Version": "1.0.3",
            },
        )
        assert got.status_code == 200 and got.json()["id"] == statement_id
        posted = await bare.post(
            "/xapi/statements?method=POST",
            data={
                "content": json.dumps(statement()),
                "Authorization": auth,
                "X-Experience-API-Version": "1.0.3",
            },
        )
        assert posted.status_code == 200 and len(posted.json()) == 1
    extra = await lrs.post(
        f"/xapi/statements?method=PUT&statementId={uuid.uuid4()}",
        data={"content": json.dumps(statement())},
    )
    assert extra.status_code == 400
    not_post = await lrs.get("/xapi/statements?method=POST")
    assert not_post.status_code == 400
    no_content = await lrs.post(
        "/xapi/statements?method=PUT", data={"statementId": str(uuid.uuid4())}
    )
    assert no_content.status_code == 400


def _client_without_headers(client: httpx.AsyncClient) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=client._transport, base_url="http://t")


# -- authorisation ---------------------------------------------------------------------------


async def test_learners_read_and_write_only_their_own_statements(bearer: Any) -> None:
    async with bearer("E-1", ["learner"]) as alice, bearer("E-2", ["learner"]) as bob:
        [own] = await post(alice, statement(actor=learner("E-1")))
        await post(alice, statement(actor=learner("E-2")), 403)
        await post(bob, statement(actor=learner("E-2")))
        mine = await query(alice)
        assert {s["actor"]["account"]["name"] for s in mine["statements"]} == {"E-1"}
        forbidden = await alice.get(
            "/xapi/statements", params={"agent": json.dumps(learner("E-2"))}
        )
        assert forbidden.status_code == 403
        other = await bob.get("/xapi/statements", params={"statementId": own})
        assert other.status_code == 403
        stored = (await alice.get("/xapi/statements", params={"statementId": own})).json()
        assert stored["authority"]["account"] == {"homePage": ORG, "name": "E-1"}


async def test_managers_read_their_reports_and_admins_everyone(bearer: Any) -> None:
    async with (
        bearer("E-10", ["learner"]) as report,
        bearer("E-11", ["manager"], reports=["E-10"]) as manager,
        bearer("E-12", ["admin"]) as admin,
    ):
        [written] = await post(report, statement(actor=learner("E-10")))
        by_manager = await manager.get("/xapi/statements", params={"statementId": written})
        assert by_manager.status_code == 200
        listed = await query(manager, agent=json.dumps(learner("E-10")))
        assert [s["id"] for s in listed["statements"]] == [written]
        await post(admin, statement(actor=learner("E-99")))
        assert (await admin.get("/xapi/statements", params={"statementId": written})).is_success


async def test_credential_scopes(app: FastAPI, lrs: httpx.AsyncClient) -> None:
    async with (
        _client(app, await _basic(app, ["statements/write", "statements/read/mine"])) as mine,
        _client(app, await _basic(app, ["statements/read"])) as reader,
    ):
        [own] = await post(mine, statement())
        [foreign] = await post(lrs, statement())
        assert (await mine.get("/xapi/statements", params={"statementId": own})).is_success
        hidden = await mine.get("/xapi/statements", params={"statementId": foreign})
        assert hidden.status_code == 403
        assert [s["id"] for s in (await query(mine))["statements"]] == [own]
        await post(reader, statement(), 403)
        assert (await reader.get("/xapi/statements", params={"statementId": own})).is_success


async def test_every_statement_is_staged_for_xapi_statements(
    app: FastAPI, lrs: httpx.AsyncClient
) -> None:
    outbox = app.state.runtime.tables.outbox
    async with app.state.runtime.sessions() as session:
        before = await session.scalar(select(func.count()).select_from(outbox))
    account = learner(f"E-{uuid.uuid4().hex[:6]}")
    ids = await post(lrs, [statement(actor=account), statement()])
    async with app.state.runtime.sessions() as session:
        rows = (await session.execute(select(outbox).order_by(outbox.c.id.desc()).limit(2))).all()
        after = await session.scalar(select(func.count()).select_from(outbox))
    assert after == (before or 0) + 2
    by_id = {json.loads(row.payload)["statement"]["id"]: row for row in rows}
    assert by_id[ids[0]].key == account["account"]["name"]
    assert by_id[ids[1]].key.startswith("mbox:mailto:")
    assert by_id[ids[0]].topic == "xapi.statements.v1"


async def test_statements_targeting_a_match_are_returned_even_if_it_is_voided(
    lrs: httpx.AsyncClient,
) -> None:
    verb = f"http://example.com/verbs/{uuid.uuid4().hex}"
    [voided_id] = await post(lrs, statement(verb={"id": verb}))
    [voiding_id] = await post(lrs, voiding(voided_id))
    [ref_id] = await post(
        lrs, statement(verb={"id": verb}, object={"objectType": "StatementRef", "id": voided_id})
    )
    found = await query(lrs, verb=verb)
    assert [s["id"] for s in found["statements"]] == [ref_id, voiding_id]
    first = await query(lrs, verb=verb, limit=1)
    assert [s["id"] for s in first["statements"]] == [ref_id]
    rest = (await lrs.get(first["more"])).json()
    assert [s["id"] for s in rest["statements"]] == [voiding_id]


async def test_statement_ref_chains_match_recursively(lrs: httpx.AsyncClient) -> None:
    """a targets b targets c: a filter matching only c returns a, b and c (2.1.3.s3)."""
    target = activity()
    other_verb = {"id": f"http://example.com/verbs/{uuid.uuid4().hex}"}

    def ref(statement_id: str) -> dict[str, Any]:
        return statement(verb=other_verb, object={"objectType": "StatementRef", "id": statement_id})

    [c] = await post(lrs, statement(object={"id": target}))
    [b] = await post(lrs, ref(c))
    [a] = await post(lrs, ref(b))
    [z] = await post(lrs, ref(a))
    await post(lrs, statement())  # unrelated
    found = await query(lrs, activity=target)
    assert [s["id"] for s in found["statements"]] == [z, a, b, c]
    ascending = await query(lrs, activity=target, ascending="true", limit=2)
    assert [s["id"] for s in ascending["statements"]] == [c, b]
    rest = (await lrs.get(ascending["more"])).json()
    assert [s["id"] for s in rest["statements"]] == [a, z]
    # The time window applies to the targeting statement, not to what it targets.
    stored_a = (await query(lrs, statementId=a))["stored"]
    later = await query(lrs, activity=target, since=stored_a)
    assert [s["id"] for s in later["statements"]] == [z]
    # Voiding a statement in the middle hides it; what targets it still matches.
    await post(lrs, voiding(b))
    after_void = await query(lrs, activity=target)
    ids = [s["id"] for s in after_void["statements"]]
    assert b not in ids
    assert {a, z, c} <= set(ids)


async def test_statement_ref_chains_match_whatever_the_arrival_order(
    lrs: httpx.AsyncClient,
) -> None:
    target = activity()
    a, b, c = (str(uuid.uuid4()) for _ in range(3))
    verb = {"id": f"http://example.com/verbs/{uuid.uuid4().hex}"}
    await post(lrs, statement(id=a, verb=verb, object={"objectType": "StatementRef", "id": b}))
    await post(lrs, statement(id=b, verb=verb, object={"objectType": "StatementRef", "id": c}))
    await post(lrs, statement(id=c, object={"id": target}))
    found = await query(lrs, activity=target)
    assert [s["id"] for s in found["statements"]] == [c, b, a]


async def test_statement_ref_cycles_end(lrs: httpx.AsyncClient) -> None:
    first, second = str(uuid.uuid4()), str(uuid.uuid4())
    verb = {"id": f"http://example.com/verbs/{uuid.uuid4().hex}"}
    third = str(uuid.uuid4())
    await post(
        lrs,
        [
            statement(id=first, verb=verb, object={"objectType": "StatementRef", "id": second}),
            statement(id=second, object={"objectType": "StatementRef", "id": third}),
            statement(id=third, object={"objectType": "StatementRef", "id": first}),
        ],
    )
    found = await query(lrs, verb=verb["id"])
    assert {s["id"] for s in found["statements"]} == {first, second, third}


async def test_alternate_syntax_form_fields_win_over_real_headers(lrs: httpx.AsyncClient) -> None:
    statement_id = str(uuid.uuid4())
    response = await lrs.post(
        "/xapi/statements?method=PUT",
        data={
            "statementId": statement_id,
            "X-Experience-API-Version": "0.8",
            "content": json.dumps(statement()),
        },
    )
    assert response.status_code == 400, response.text
    assert "X-Experience-API-Version" in response.json()["rule"]
    missing = await lrs.get("/xapi/statements", params={"statementId": statement_id})
    assert missing.status_code == 404


async def test_canonical_format_uses_the_lrs_canonical_definitions(
    lrs: httpx.AsyncClient,
) -> None:
    target = activity()
    first = statement(object={"id": target, "definition": {"name": {"en-US": "First"}}})
    [first_id] = await post(lrs, first)
    await post(lrs, statement(object={"id": target, "definition": {"name": {"en-US": "Later"}}}))
    canonical = await query(lrs, statementId=first_id, format="canonical")
    assert canonical["object"]["definition"]["name"] == {"en-US": "Later"}
    exact = await query(lrs, statementId=first_id)
    assert exact["object"]["definition"]["name"] == {"en-US": "First"}
    known = await lrs.get("/xapi/activities", params={"activityId": target})
    assert known.status_code == 200
    assert known.json()["definition"]["name"] == {"en-US": "Later"}


async def test_an_empty_activity_definition_is_stored_and_leaves_the_canonical_one(
    lrs: httpx.AsyncClient,
) -> None:
    target = activity()
    await post(lrs, statement(object={"id": target, "definition": {"name": {"en-US": "Known"}}}))
    sub = {"objectType": "SubStatement", **statement(object={"id": target, "definition": {}})}
    [empty_id, sub_id] = await post(
        lrs, [statement(object={"id": target, "definition": {}}), statement(object=sub)]
    )
    # Every definition property is optional (Data 2.4.4.1): stored as sent, it defines nothing.
    assert (await query(lrs, statementId=empty_id))["object"]["definition"] == {}
    stored_sub = await query(lrs, statementId=sub_id)
    assert stored_sub["object"]["object"]["definition"] == {}
    canonical = await query(lrs, statementId=empty_id, format="canonical")
    assert canonical["object"]["definition"] == {"name": {"en-US": "Known"}}
    known = await lrs.get("/xapi/activities", params={"activityId": target})
    assert known.json()["definition"] == {"name": {"en-US": "Known"}}
