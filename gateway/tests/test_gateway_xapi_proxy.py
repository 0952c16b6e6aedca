"""`/xapi/...` through the gateway to the real LRS: bodies streamed both ways, xAPI's own format."""

from __future__ import annotations

import base64
import hashlib
import json
import uuid
from collections.abc import AsyncIterator

from platform_servers import Platform

from progress.lrs.api.multipart import build_multipart, parse_multipart
from progress.lrs.service_layer.credentials import issue_credential

V = {"X-Experience-API-Version": "1.0.3"}


async def basic(platform: Platform) -> str:
    progress = platform.backends["progress"].app
    key, secret = await issue_credential(
        uow=progress.state.runtime.unit_of_work(), name="gateway test content",
        scopes=["all"], pepper=progress.state.settings.xapi_credential_pepper,
    )  # fmt: skip
    return "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode()


def with_attachment(content: bytes) -> tuple[bytes, str]:
    statement = {
        "actor": {"mbox": f"mailto:{uuid.uuid4().hex[:8]}@example.com"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
        "object": {"id": f"http://example.com/activities/{uuid.uuid4().hex}"},
        "attachments": [{"usageType": "http://example.com/usage/evidence",
                         "display": {"en-US": "evidence"}, "contentType": "text/plain",
                         "length": len(content), "sha2": hashlib.sha256(content).hexdigest()}],
    }  # fmt: skip
    return build_multipart([
        ([("Content-Type", "application/json")], json.dumps(statement).encode()),
        ([("Content-Type", "text/plain"), ("Content-Transfer-Encoding", "binary"),
          ("X-Experience-API-Hash", hashlib.sha256(content).hexdigest())], content),
    ])  # fmt: skip


async def in_chunks(body: bytes, size: int = 64 * 1024) -> AsyncIterator[bytes]:
    for start in range(0, len(body), size):
        yield body[start : start + size]


async def test_a_statement_with_an_attachment_streams_through(platform: Platform) -> None:
    client = platform.client()
    client.headers.update({**V, "Authorization": await basic(platform)})
    content = uuid.uuid4().bytes * 65536  # 1 MiB
    body, content_type = with_attachment(content)
    # Sent chunked, with no Content-Length: the proxy relays it as it arrives.
    stored = await client.post("/xapi/statements", content=in_chunks(body),
                               headers={"Content-Type": content_type})  # fmt: skip
    assert stored.status_code == 200, stored.text
    [statement_id] = stored.json()
    assert stored.headers["x-experience-api-version"] == "1.0.3"
    assert "x-experience-api-consistent-through" in stored.headers
    assert "access-control-allow-origin" not in stored.headers  # the gateway's CORS applies
    fetched = await client.get("/xapi/statements",
                               params={"statementId": statement_id, "attachments": "true"})  # fmt: skip
    assert fetched.headers["content-type"].startswith("multipart/mixed")
    parts = parse_multipart(fetched.content, fetched.headers["content-type"])
    assert parts[1].body == content


async def test_the_lrs_answers_in_its_own_format(platform: Platform) -> None:
    client = platform.client()
    unversioned = await client.get("/xapi/statements",
                                   headers={"Authorization": await basic(platform)})  # fmt: skip
    assert unversioned.status_code == 400
    assert "X-Experience-API-Version" in unversioned.json()["error"]
    anonymous = await client.get("/xapi/statements", headers=V)
    assert anonymous.status_code == 401
    about = await client.get("/xapi/about")
    assert about.status_code == 200 and "1.0.3" in about.json()["version"]


async def test_a_bearer_token_reaches_the_lrs_too(platform: Platform) -> None:
    learner = platform.client("e-xapi", "learner")
    answer = await learner.get("/xapi/statements", headers=V)
    assert answer.status_code == 200, answer.text  # the LRS checked the forwarded token
    assert answer.headers["x-experience-api-version"] == "1.0.3"
