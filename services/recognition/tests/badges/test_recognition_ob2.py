"""Open Badges 2.0 documents: valid JSON-LD against the published context, linked as the
specification asks, signed assertions verifiable by an independent JOSE library (PyJWT)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime

import jwt as pyjwt
import pytest
from recognition_factories import ISSUER, URLS, badge, badge_award
from recognition_jsonld import expand, types_of, undefined_terms

from recognition.badges import ob2, signing
from recognition.badges.keys import KeyRing, generate_key
from recognition.badges.model import Recipient, Revocation, identity_hash

OBI = "https://w3id.org/openbadges#"


@pytest.fixture(scope="module")
def ring() -> KeyRing:
    return KeyRing([generate_key("RS256"), generate_key("EdDSA")])


def test_every_document_uses_only_terms_of_the_published_context(ring: KeyRing) -> None:
    award = badge_award(expires=datetime(2027, 3, 4, tzinfo=UTC), narrative="Well done.")
    documents = [
        ob2.issuer_profile(ISSUER, URLS, ring),
        ob2.badge_class(badge(), URLS),
        ob2.assertion(award, URLS),
        ob2.assertion(award, URLS, verification="signed", signing_key=ring.signing_key()),
        ob2.cryptographic_key(ring.signing_key(), URLS),
        ob2.revocation_list([(award.award_id, "Awarded in error")], URLS),
        ob2.revoked_assertion(
            replace(award, revocation=Revocation("Awarded in error", datetime.now(UTC))), URLS
        ),
    ]
    for document in documents:
        assert undefined_terms(document) == set(), document["type"]


def test_documents_expand_to_the_open_badges_classes(ring: KeyRing) -> None:
    award = badge_award()
    assert types_of(expand(ob2.issuer_profile(ISSUER, URLS, ring))) == [OBI + "Issuer"]
    assert types_of(expand(ob2.badge_class(badge(), URLS))) == [OBI + "BadgeClass"]
    [assertion] = expand(ob2.assertion(award, URLS))
    assert assertion["@type"] == [OBI + "Assertion"]
    assert assertion[OBI + "verify"][0]["@type"] == [OBI + "HostedBadge"]
    assert assertion[OBI + "badge"] == [{"@id": URLS.badge_class("python-explorer")}]
    recipient = assertion[OBI + "recipient"][0]
    assert recipient[OBI + "hashed"][0]["@value"] is True
    assert types_of(expand(ob2.cryptographic_key(ring.signing_key(), URLS))) == [
        "https://w3id.org/security#Key"
    ]


def test_the_issuer_lists_its_rsa_keys_and_each_key_names_its_owner(ring: KeyRing) -> None:
    profile = ob2.issuer_profile(ISSUER, URLS, ring)
    rsa = ring.signing_key("RS256")
    assert profile["publicKey"] == [URLS.ob2_key(rsa.thumbprint)]  # EdDSA is not OB 2.0
    key = ob2.cryptographic_key(rsa, URLS)
    assert key["owner"] == profile["id"]
    assert key["publicKeyPem"].startswith("-----BEGIN PUBLIC KEY-----")
    assert {"name", "url", "email"} <= profile.keys()
    assert profile["revocationList"] == URLS.revocation_list()


def test_a_hosted_assertion_lives_at_its_id_inside_the_declared_scope(ring: KeyRing) -> None:
    award = badge_award()
    assertion = ob2.assertion(award, URLS)
    profile = ob2.issuer_profile(ISSUER, URLS, ring)
    assert assertion["id"] == URLS.assertion(award.award_id)
    assert assertion["id"].startswith(profile["verification"]["startsWith"])
    assert assertion["issuedOn"] == "2026-03-04T10:30:15Z"
    assert assertion["evidence"][0]["id"].startswith("urn:uuid:")


def test_the_recipient_is_a_salted_hash_a_verifier_can_check() -> None:
    # The specification's own example: SHA-256 of "mayze" without salt.
    assert identity_hash("email", "mayze", "") == (
        "sha256$7a1a1b3f7d40552e4299180e346e3add12bf9a751a43d9c4ca4518febc2c60c6"
    )
    recipient = badge_award().recipient
    assert recipient.matches("Ada.Lovelace@example.com ")  # emails compare case-insensitively
    assert not recipient.matches("grace.hopper@example.com")
    assert "ada" not in json.dumps(ob2.assertion(badge_award(), URLS)).lower()
    assert (
        Recipient.hashed("email", "a@example.com").salt
        != Recipient.hashed("email", "a@example.com").salt
    )


def test_a_signed_assertion_verifies_with_pyjwt_and_the_published_pem(ring: KeyRing) -> None:
    key = ring.signing_key("RS256")
    assertion = ob2.assertion(badge_award(), URLS, verification="signed", signing_key=key)
    token = signing.sign_assertion(assertion, key)
    pem = ob2.cryptographic_key(key, URLS)["publicKeyPem"]
    payload = pyjwt.api_jws.decode(token, pem, algorithms=["RS256"])
    assert json.loads(payload) == assertion
    assert assertion["id"] == badge_award().award_id.urn
    assert assertion["verification"] == {"type": "signed", "creator": URLS.ob2_key(key.thumbprint)}
    assert signing.verify_assertion(token, pem) == assertion


def test_a_tampered_or_foreign_signed_assertion_is_refused(ring: KeyRing) -> None:
    key = ring.signing_key("RS256")
    token = signing.sign_assertion(
        ob2.assertion(badge_award(), URLS, verification="signed", signing_key=key), key
    )
    header, payload, signature = token.split(".")
    forged = f"{header}.{payload[:-4]}AAAA.{signature}"
    with pytest.raises(signing.VerificationFailed):
        signing.verify_assertion(forged, key.public_pem())
    with pytest.raises(signing.VerificationFailed):
        signing.verify_assertion(token, generate_key("RS256").public_pem())
    with pytest.raises(ValueError, match="RS256"):
        signing.sign_assertion({}, ring.signing_key("EdDSA"))


def test_revocation_strips_the_assertion_and_lists_signed_ones() -> None:
    award = replace(badge_award(), revocation=Revocation("Evidence voided", datetime.now(UTC)))
    revoked = ob2.revoked_assertion(award, URLS)
    assert revoked == {
        "@context": ob2.CONTEXT,
        "id": URLS.assertion(award.award_id),
        "type": "Assertion",
        "revoked": True,
        "revocationReason": "Evidence voided",
    }
    listing = ob2.revocation_list([(award.award_id, "Evidence voided")], URLS)
    assert listing["revokedAssertions"] == [
        {"id": award.award_id.urn, "revocationReason": "Evidence voided"}
    ]
    with pytest.raises(ValueError, match="not revoked"):
        ob2.revoked_assertion(badge_award(), URLS)


def test_the_badge_class_aligns_to_catalog_skills() -> None:
    document = ob2.badge_class(badge(), URLS)
    assert document["alignment"] == [
        {
            "targetName": "Python programming",
            "targetUrl": "https://catalog.example.com/skills/python-programming",
            "targetCode": "python-programming",
            "targetFramework": "Example Corp skills",
        }
    ]
    assert document["criteria"]["narrative"].startswith("Complete **three**")
    assert document["issuer"] == URLS.issuer()
