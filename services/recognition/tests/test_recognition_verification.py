"""The public verification routes, called without a token: OB 2.0 hosted documents that expand
as JSON-LD, an OB 3.0 VC-JWT verified by PyJWT from the published JWK Set, baked images read by
IMS's bakery, and revocation (410, revocation list, status list bit)."""

from __future__ import annotations

import io
import json
import uuid
from pathlib import Path
from typing import Any

import httpx
import jwt as pyjwt
from factories import badge_body, hired, publish, rule_body, slug, statement
from openbadges_bakery import unbake as ims_unbake
from recognition_jsonld import expand, undefined_terms

from continuum_contracts.topics import HRIS_EMPLOYEES, XAPI_STATEMENTS
from continuum_runtime.auth.devissuer import DevIssuer
from continuum_runtime.kafka import ensure_topics
from continuum_runtime.testing.service import (
    FAST_SETTINGS,
    ServiceUnderTest,
    eventually,
    running,
    unique,
)
from recognition.badges import keystore, status_list
from recognition.badges.model import identity_hash
from recognition.main import create_app
from recognition.settings import RecognitionSettings

BASE = "https://learn.example.com/recognition/public"


def local(url: str) -> str:
    """The route of a public URL (the documents name the configured public base)."""
    assert url.startswith(BASE), url
    return "/public" + url[len(BASE) :]


MANAGER = "M-ADA"


async def hire_applied(service: ServiceUnderTest, learner: str, manager: str) -> None:
    """Wait until recognition knows `manager` as the learner's manager (from a hire event)."""
    boss = service.client("manager", subject=manager)

    async def known() -> bool:
        return (await boss.get(f"/learners/{learner}/awards")).status_code == 200

    await eventually(known, what="the hire")


async def earned_award(service: ServiceUnderTest, admin: httpx.AsyncClient) -> dict[str, Any]:
    servers = service.settings.kafka_bootstrap_servers
    await ensure_topics(servers, (HRIS_EMPLOYEES, XAPI_STATEMENTS))
    badge_id = slug("badge")
    body = badge_body(skill_ids=["python"], tags=["trying"], colour="#1f6feb")
    await admin.put(f"/badges/{badge_id}", json=body)
    rule = rule_body(slug("rule"), badge_id, {"type": "new_attempts", "count": 1})
    assert (await admin.post("/rules", json=rule)).status_code == 202
    learner = unique("E")
    await publish(servers, [hired(learner, email="Ada@Example.com", manager_id=MANAGER)])
    await hire_applied(service, learner, MANAGER)  # the address is hashed when the award is made
    await publish(servers, [statement(learner)])
    me = service.client("learner", subject=learner)

    async def awarded() -> dict[str, Any] | None:
        awards = (await me.get(f"/learners/{learner}/awards")).json()["awards"]
        return awards[0] if awards else None

    award: dict[str, Any] = await eventually(awarded, what="the award")
    return award


async def test_ob2_documents_are_public_linked_and_valid_json_ld(
    service: ServiceUnderTest, admin: httpx.AsyncClient
) -> None:
    award = await earned_award(service, admin)
    public = service.anonymous
    assertion = (await public.get(local(award["assertion_url"]))).json()
    recipient = assertion["recipient"]
    assert recipient["identity"] == identity_hash("email", "Ada@Example.com", recipient["salt"])
    assert assertion["id"] == award["assertion_url"] and assertion["type"] == "Assertion"
    assert undefined_terms(assertion) == set() and expand(assertion)
    recipient = assertion["recipient"]
    assert recipient["hashed"] is True and "Ada" not in json.dumps(assertion)

    badge = (await public.get(local(assertion["badge"]))).json()
    assert badge["type"] == "BadgeClass" and badge["alignment"][0]["targetName"] == "python"
    issuer = (await public.get(local(badge["issuer"]))).json()
    assert assertion["id"].startswith(issuer["verification"]["startsWith"])
    key = (await public.get(local(issuer["publicKey"][0]))).json()
    assert key["owner"] == issuer["id"] and "PRIVATE" not in key["publicKeyPem"]
    for document in (badge, issuer, key):
        assert undefined_terms(document) == set()
    criteria = await public.get(local(badge["criteria"]["id"]))
    assert criteria.status_code == 200 and "Try two" in criteria.text
    image = await public.get(local(badge["image"]))
    assert image.headers["content-type"] == "image/png"

    baked = await public.get(local(award["image_url"]))
    assert json.loads(ims_unbake(io.BytesIO(baked.content))) == assertion
    svg = await public.get(local(award["image_url"]).replace(".png", ".svg"))
    assert ims_unbake(io.BytesIO(svg.content)) == award["assertion_url"].encode()


async def verified_credential(
    public: httpx.AsyncClient, award: dict[str, Any], jwks: dict[str, Any]
) -> tuple[Any, dict[str, Any]]:
    """The award's VC-JWT, verified by PyJWT with the published key it names."""
    response = await public.get(local(award["credential_url"]))
    assert response.headers["content-type"].startswith("application/vc+jwt")
    kid = pyjwt.get_unverified_header(response.text)["kid"]
    assert (await public.get(local(kid))).json()["kid"] == kid
    key = next(k for k in pyjwt.PyJWKSet.from_dict(jwks).keys if k.key_id == kid)
    claims = pyjwt.decode(
        response.text, key.key, algorithms=["RS256"], options={"verify_aud": False}
    )
    return key, claims


async def test_an_issued_assertion_keeps_its_recipient_when_the_address_changes(
    service: ServiceUnderTest, admin: httpx.AsyncClient
) -> None:
    """The recipient is hashed when the award is made: a rehire under a new address (the only
    way HRIS changes one) leaves the OB 2.0 assertion, the OB 3.0 credential and the baked
    image as issued, and they still verify."""
    award = await earned_award(service, admin)
    public = service.anonymous
    assertion = (await public.get(local(award["assertion_url"]))).json()
    jwks = (await public.get("/public/.well-known/jwks.json")).json()
    _, credential = await verified_credential(public, award, jwks)

    learner = award["learner_id"]
    servers = service.settings.kafka_bootstrap_servers
    await publish(servers, [hired(learner, email="ada.new@example.com", manager_id="M-NEW")])
    await hire_applied(service, learner, "M-NEW")

    again = (await public.get(local(award["assertion_url"]))).json()
    assert again["recipient"] == assertion["recipient"]
    assert again["recipient"]["identity"] == identity_hash(
        "email", "ada@example.com", again["recipient"]["salt"]
    )
    assert undefined_terms(again) == set() and expand(again)
    _, reissued = await verified_credential(public, award, jwks)
    assert (
        reissued["credentialSubject"]["identifier"]
        == (credential["credentialSubject"]["identifier"])
    )
    baked = await public.get(local(award["image_url"]))
    assert json.loads(ims_unbake(io.BytesIO(baked.content)))["recipient"] == assertion["recipient"]


async def test_ob3_credential_verifies_with_the_published_keys_and_is_revocable(
    service: ServiceUnderTest, admin: httpx.AsyncClient
) -> None:
    award = await earned_award(service, admin)
    public = service.anonymous
    jwks = (await public.get("/public/.well-known/jwks.json")).json()
    assert all("d" not in k for k in jwks["keys"])
    key, credential = await verified_credential(public, award, jwks)
    identifier = credential["credentialSubject"]["identifier"][0]
    # The recipient is the address HRIS gave (compared case-insensitively).
    expected = identity_hash("email", "ada@example.com", identifier["salt"])
    assert identifier["identityHash"] == expected
    assert "OpenBadgeCredential" in credential["type"]
    subject = credential["credentialSubject"]
    assert subject["achievement"]["id"].endswith(f"/ob3/achievements/{award['badge_id']}")
    status = credential["credentialStatus"]
    listed = pyjwt.decode(
        (await public.get(local(status["statusListCredential"]))).text,
        key.key,
        algorithms=["RS256"],
        options={"verify_aud": False},
    )
    assert status_list.is_revoked(status, listed) is False

    revoke = await admin.post(
        f"/awards/{award['award_id']}/revoke", json={"reason": "granted in error"}
    )
    assert revoke.status_code == 200 and revoke.json()["revoked"] is True
    assert (
        await admin.post(f"/awards/{award['award_id']}/revoke", json={"reason": "again"})
    ).status_code == 409
    listed = pyjwt.decode(
        (await public.get(local(status["statusListCredential"]))).text,
        key.key,
        algorithms=["RS256"],
        options={"verify_aud": False},
    )
    assert status_list.is_revoked(status, listed) is True
    gone = await public.get(local(award["assertion_url"]))
    assert gone.status_code == 410
    assert gone.json() == {
        "@context": "https://w3id.org/openbadges/v2",
        "id": award["assertion_url"],
        "type": "Assertion",
        "revoked": True,
        "revocationReason": "granted in error",
    }
    revocations = (await public.get("/public/ob2/revocations")).json()
    assert {"id": f"urn:uuid:{award['award_id']}", "revocationReason": "granted in error"} in (
        revocations["revokedAssertions"]
    )
    assert (await public.get(local(award["image_url"]))).status_code == 410


async def test_unknown_badges_and_assertions_are_404_problems(service: ServiceUnderTest) -> None:
    public = service.anonymous
    missing = await public.get(f"/public/ob2/assertions/{uuid.uuid4()}")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    assert (await public.get("/public/ob2/badges/no-such-badge")).status_code == 404
    assert (await public.get("/public/ob2/assertions/not-a-uuid")).status_code == 422
    assert (await public.get("/public/ob3/status/0")).status_code == 404


async def test_key_rotation_keeps_earlier_credentials_verifiable(
    service: ServiceUnderTest,
    admin: httpx.AsyncClient,
    tmp_path: Path,
    auth_settings: dict[str, str],
    dev_issuer: DevIssuer,
) -> None:
    award = await earned_award(service, admin)
    keys = tmp_path / "keys"
    settings = RecognitionSettings(
        **FAST_SETTINGS,
        **auth_settings,
        database_url=service.settings.database_url,
        kafka_bootstrap_servers=service.settings.kafka_bootstrap_servers,
        relay_enabled=False,
        consumers_enabled=False,
        keys_dir=str(keys),
        public_base_url=BASE,
    )
    path = local(award["credential_url"])
    async with running(create_app, settings, dev_issuer) as before:  # generates the first key
        old = (await before.anonymous.get(path)).text
    keystore.rotate(keys)
    async with running(create_app, settings, dev_issuer) as after:
        new = (await after.anonymous.get(path)).text
        jwks = pyjwt.PyJWKSet.from_dict(
            (await after.anonymous.get("/public/.well-known/jwks.json")).json()
        )
    old_kid, new_kid = (pyjwt.get_unverified_header(t)["kid"] for t in (old, new))
    assert old_kid != new_kid and {old_kid, new_kid} <= {k.key_id for k in jwks.keys}
    for token, kid in ((old, old_kid), (new, new_kid)):
        key = next(k for k in jwks.keys if k.key_id == kid)
        claims = pyjwt.decode(token, key.key, algorithms=["RS256"], options={"verify_aud": False})
        assert claims["jti"] == award["credential_url"]
