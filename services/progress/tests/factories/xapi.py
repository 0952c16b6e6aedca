"""xAPI statements as clients send them, and clients calling the LRS under test."""

from __future__ import annotations

import base64
import hashlib
import json
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import jwt
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from continuum_runtime.testing.service import ServiceUnderTest
from progress.lrs.api.multipart import build_multipart
from progress.lrs.service_layer.credentials import issue_credential

# The organisation's homePage of employees' accounts (the settings' default).
ORG = "https://continuum.example.com"
V = {"X-Experience-API-Version": "1.0.3"}
ADL = "http://adlnet.gov/expapi/verbs/"
COMPLETED = ADL + "completed"
VOIDED = ADL + "voided"
SIGNATURE = "http://adlnet.gov/expapi/attachments/signature"


# -- xAPI statements as clients send them ----------------------------------------------------


def activity() -> str:
    return f"http://example.com/activities/{uuid.uuid4().hex}"


def statement(**overrides: Any) -> dict[str, Any]:
    """A valid statement by a fresh mbox actor, completed, about a fresh activity."""
    base: dict[str, Any] = {
        "actor": {"objectType": "Agent", "mbox": f"mailto:{uuid.uuid4().hex[:8]}@example.com"},
        "verb": {"id": COMPLETED, "display": {"en-US": "completed", "fr": "a terminé"}},
        "object": {"id": activity(), "definition": {"name": {"en-US": "A", "de": "Ein"}}},
    }
    base.update(overrides)
    return base


def learner(employee_id: str, org: str = ORG) -> dict[str, Any]:
    """An employee as an xAPI Agent: an account on the organisation's homePage."""
    return {"objectType": "Agent", "account": {"homePage": org, "name": employee_id}}


def voiding(target_id: str) -> dict[str, Any]:
    return statement(verb={"id": VOIDED}, object={"objectType": "StatementRef", "id": target_id})


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
    """A multipart/mixed body: the statements, then one part per file (xAPI headers unless
    `headers` replaces them)."""
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


def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def pem_of(key: rsa.RSAPrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def self_signed(key: rsa.RSAPrivateKey) -> str:
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


def signature_attachment(jws: bytes) -> dict[str, Any]:
    return {**attachment(jws, SIGNATURE), "contentType": "application/octet-stream"}


def signed(
    given: dict[str, Any], algorithm: str = "RS256", x5c_key: rsa.RSAPrivateKey | None = None
) -> tuple[dict[str, Any], bytes]:
    """The statement with a signature attachment (a JWS of it by a fresh key), and the JWS;
    with `x5c_key`, the JWS header carries that key's certificate."""
    pem = pem_of(rsa_key())
    if algorithm == "HS256":
        token = jwt.encode(given, "secret", algorithm="HS256")
    elif x5c_key is not None:
        token = jwt.encode(given, pem, algorithm=algorithm, headers={"x5c": [self_signed(x5c_key)]})
    else:
        token = jwt.encode(given, pem, algorithm=algorithm)
    jws = token.encode()
    return {**given, "attachments": [signature_attachment(jws)]}, jws


# -- calling the LRS -------------------------------------------------------------------------


async def basic_auth(
    service: ServiceUnderTest, scopes: Sequence[str], content: Sequence[str] = ("*",)
) -> str:
    """An Authorization header value with fresh Basic credentials of `scopes`, registered for
    `content` (Activity id prefixes; `*`: any)."""
    key, secret = await issue_credential(
        uow=service.runtime.unit_of_work(),
        name="test client",
        scopes=scopes,
        content=content,
        pepper=service.settings.xapi_credential_pepper,
    )
    return "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode()


def xapi_client(service: ServiceUnderTest, authorization: str | None) -> httpx.AsyncClient:
    """A client sending the xAPI version header and `authorization` (None: anonymous)."""
    client = service.client(None)
    client.headers.update(V)
    if authorization is not None:
        client.headers["Authorization"] = authorization
    return client


def bearer_client(
    service: ServiceUnderTest, subject: str, roles: Sequence[str], reports: Sequence[str] = ()
) -> httpx.AsyncClient:
    """An xAPI client holding an employee's platform token."""
    token = service.token(",".join(roles), subject=subject, reports=list(reports) or None)
    return xapi_client(service, f"Bearer {token}")


async def post_statements(client: httpx.AsyncClient, body: Any, status: int = 200) -> Any:
    response = await client.post("/xapi/statements", json=body)
    assert response.status_code == status, response.text
    return response.json()


async def query_statements(client: httpx.AsyncClient, **params: Any) -> dict[str, Any]:
    response = await client.get("/xapi/statements", params=params)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


async def statement_status(client: httpx.AsyncClient, **params: str) -> int:
    """The status GET /xapi/statements answers with these parameters."""
    return (await client.get("/xapi/statements", params=params)).status_code


# -- xAPI documents ------------------------------------------------------------------------------

STATE = "/xapi/activities/state"
ACTIVITY_PROFILE = "/xapi/activities/profile"
AGENT_PROFILE = "/xapi/agents/profile"
DOCUMENT_ACTIVITY = "http://www.example.com/activityId/hashset"
DOCUMENT_AGENT = {
    "objectType": "Agent",
    "account": {"homePage": "http://www.example.com/agentId/1", "name": "Rick James"},
}
OTHER_DOCUMENT_AGENT = {"mbox": "mailto:other@example.com"}


def state_params(agent: dict[str, Any] = DOCUMENT_AGENT, **extra: str) -> dict[str, str]:
    """The parameters of a fresh State document of `agent`."""
    return {
        "activityId": DOCUMENT_ACTIVITY,
        "agent": json.dumps(agent),
        "stateId": str(uuid.uuid4()),
        **extra,
    }


def activity_profile_params(**extra: str) -> dict[str, str]:
    return {"activityId": DOCUMENT_ACTIVITY, "profileId": str(uuid.uuid4()), **extra}


def agent_profile_params(**extra: str) -> dict[str, str]:
    return {"agent": json.dumps(DOCUMENT_AGENT), "profileId": str(uuid.uuid4()), **extra}


def without(params: dict[str, str], *names: str) -> dict[str, str]:
    return {k: v for k, v in params.items() if k not in names}
