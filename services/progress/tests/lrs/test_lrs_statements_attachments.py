"""Attachments as multipart/mixed parts, and signed statements (Data 2.6)."""

from __future__ import annotations

import hashlib
import json
import uuid

import httpx
import jwt
import pytest
from factories import (
    activity,
    attachment,
    multipart,
    pem_of,
    post_statements,
    query_statements,
    rsa_key,
    self_signed,
    signature_attachment,
    signed,
    statement,
)

from continuum_runtime.testing.service import service_fixture
from progress.lrs.api.multipart import build_multipart, parse_multipart
from progress.main import create_app
from progress.settings import ProgressSettings
from progress.store.migrate import migrate_async

progress = service_fixture(
    create_app, ProgressSettings, migrate_async, events=False, xapi_statements_page_size=50
)


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
    await post_statements(lrs, statement(attachments=[linked]))
    await post_statements(lrs, statement(attachments=[attachment(b"missing")]), 400)


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


async def test_signed_statements(lrs: httpx.AsyncClient) -> None:
    given, jws = signed(statement(id=str(uuid.uuid4())))
    body, content_type = multipart(given, [jws])
    response = await lrs.post(
        "/xapi/statements", content=body, headers={"Content-Type": content_type}
    )
    assert response.status_code == 200, response.text
    stored = await query_statements(lrs, statementId=given["id"])
    assert stored["attachments"] == given["attachments"]
    tampered, jws = signed(statement())
    tampered["object"] = {"id": activity()}
    body, content_type = multipart(tampered, [jws])
    response = await lrs.post(
        "/xapi/statements", content=body, headers={"Content-Type": content_type}
    )
    assert response.status_code == 400
    symmetric, jws = signed(statement(), "HS256")
    body, content_type = multipart(symmetric, [jws])
    response = await lrs.post(
        "/xapi/statements", content=body, headers={"Content-Type": content_type}
    )
    assert response.status_code == 400


async def test_signatures_verify_against_their_x5c_certificate(lrs: httpx.AsyncClient) -> None:
    signer = rsa_key()
    given = statement(id=str(uuid.uuid4()))
    token = jwt.encode(
        given, pem_of(signer), algorithm="RS384", headers={"x5c": [self_signed(signer)]}
    )
    body, content_type = multipart(
        {**given, "attachments": [signature_attachment(token.encode())]}, [token.encode()]
    )
    response = await lrs.post(
        "/xapi/statements", content=body, headers={"Content-Type": content_type}
    )
    assert response.status_code == 200, response.text
    # Signed by one key, certificate of another: the signature does not verify.
    forged, jws = signed(statement(id=str(uuid.uuid4())), x5c_key=signer)
    body, content_type = multipart(forged, [jws])
    response = await lrs.post(
        "/xapi/statements", content=body, headers={"Content-Type": content_type}
    )
    assert response.status_code == 400
    assert "does not verify against the x5c certificate" in response.json()["error"]
    missing = await lrs.get("/xapi/statements", params={"statementId": forged["id"]})
    assert missing.status_code == 404
