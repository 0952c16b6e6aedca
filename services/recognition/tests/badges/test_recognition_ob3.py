"""Open Badges 3.0 credentials: valid JSON-LD against the VC 2.0 and OB 3.0 contexts, VC-JWTs
that an independent JOSE library (PyJWT) verifies, rotation, and revocation by status list."""

from __future__ import annotations

import base64
import gzip
import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import jwt as pyjwt
import pytest
from recognition_factories import ISSUER, URLS, badge_award
from recognition_jsonld import expand, types_of, undefined_terms

from recognition.badges import ob2, ob3, signing, status_list
from recognition.badges.keys import KeyRing, generate_key

# joserfc notes that RFC 9864 deprecates the "EdDSA" name; verifiers still expect it.
pytestmark = pytest.mark.filterwarnings("ignore:EdDSA is deprecated")

OB = "https://purl.imsglobal.org/spec/vc/ob/vocab.html#"
NOW = datetime(2026, 6, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def ring() -> KeyRing:
    return KeyRing([generate_key("RS256"), generate_key("EdDSA")])


def credential(**award_fields: object) -> dict[str, object]:
    award = badge_award(**award_fields)
    return ob3.credential(award, ISSUER, URLS, status=status_list.entry(URLS, "1", 42))


def test_the_credential_uses_only_defined_terms_and_expands_to_an_open_badge() -> None:
    document = credential(expires=datetime(2027, 3, 4, tzinfo=UTC), narrative="For curiosity.")
    assert undefined_terms(document) == set()
    [node] = expand(document)
    assert set(node["@type"]) == {
        "https://www.w3.org/2018/credentials#VerifiableCredential",
        OB + "OpenBadgeCredential",
    }
    subject = node["https://www.w3.org/2018/credentials#credentialSubject"][0]
    assert subject["@type"] == [OB + "AchievementSubject"]
    assert subject[OB + "achievement"][0]["@type"] == [OB + "Achievement"]


def test_the_undefined_term_check_does_catch_strays() -> None:
    stray = {**credential(), "favouriteColour": "blue"}
    assert {t.rsplit(":", 1)[-1].rsplit("#", 1)[-1] for t in undefined_terms(stray)} == {
        "favouriteColour"
    }
    assert undefined_terms({**ob2.badge_class(badge_award().badge, URLS), "colour": "x"}) == {
        "urn:undefined-term:colour"
    }


def test_standalone_profile_and_status_list_are_valid_json_ld() -> None:
    profile = ob3.profile(ISSUER, URLS)
    assert undefined_terms(profile) == set()
    assert types_of(expand(profile)) == [OB + "Profile"]
    listing = status_list.credential(URLS, "1", [3], NOW)
    assert undefined_terms(listing) == set()
    assert "https://www.w3.org/ns/credentials/status#BitstringStatusListCredential" in types_of(
        expand(listing)
    )


def test_the_subject_is_pseudonymous_and_the_recipient_a_salted_email_hash() -> None:
    document = credential()
    subject = document["credentialSubject"]
    assert isinstance(subject, dict)
    assert subject["id"].startswith("urn:uuid:")
    [identity] = subject["identifier"]
    assert identity["identityType"] == "emailAddress" and identity["hashed"] is True
    assert badge_award().recipient.matches("ada.lovelace@example.com")
    assert "lovelace" not in json.dumps(document)


@pytest.mark.parametrize("algorithm", ["RS256", "EdDSA"])
def test_pyjwt_verifies_the_vc_jwt_with_the_published_jwks(ring: KeyRing, algorithm: str) -> None:
    document = credential(expires=datetime(2030, 1, 1, tzinfo=UTC))
    key = ring.signing_key(algorithm)  # type: ignore[arg-type]
    token = signing.sign_credential(document, key, URLS)
    header = pyjwt.get_unverified_header(token)
    assert header == {"alg": algorithm, "kid": URLS.jwk(key.thumbprint), "typ": "JWT"}
    jwks = pyjwt.PyJWKSet.from_dict(json.loads(json.dumps(ring.jwks(URLS))))
    public = next(k for k in jwks.keys if k.key_id == header["kid"])
    claims = pyjwt.decode(token, public.key, algorithms=[algorithm], options={"verify_aud": False})
    assert claims["iss"] == document["issuer"]["id"]  # type: ignore[index]
    assert claims["jti"] == document["id"]
    assert claims["sub"] == document["credentialSubject"]["id"]  # type: ignore[index]
    assert claims["nbf"] == int(datetime(2026, 3, 4, 10, 30, 15, tzinfo=UTC).timestamp())
    assert claims["exp"] == int(datetime(2030, 1, 1, tzinfo=UTC).timestamp())
    assert document["validFrom"] == "2026-03-04T10:30:15Z"  # whole seconds: equals nbf
    assert {
        k: v for k, v in claims.items() if k not in {"iss", "jti", "sub", "nbf", "exp"}
    } == document
    assert signing.verify_credential(token, ring.jwks(URLS), now=NOW)["id"] == document["id"]


def test_the_jwk_set_never_publishes_private_members(ring: KeyRing) -> None:
    private_members = {"d", "p", "q", "dp", "dq", "qi"}
    for jwk in ring.jwks(URLS)["keys"]:
        assert not private_members & jwk.keys()
        assert jwk["kid"].startswith(URLS.base + "/keys/") and jwk["use"] == "sig"


def test_rotation_keeps_old_credentials_verifiable(ring: KeyRing) -> None:
    old = ring.signing_key("RS256")
    token_before = signing.sign_credential(credential(), old, URLS)
    rotated = KeyRing([*ring, generate_key("RS256")])
    new = rotated.signing_key("RS256")
    assert new.thumbprint != old.thumbprint
    token_after = signing.sign_credential(credential(), new, URLS)
    for token in (token_before, token_after):
        assert signing.verify_credential(token, rotated.jwks(URLS), now=NOW)
        kid = pyjwt.get_unverified_header(token)["kid"]
        assert any(k["kid"] == kid for k in rotated.jwks(URLS)["keys"])
    assert pyjwt.get_unverified_header(token_after)["kid"] == URLS.jwk(new.thumbprint)


def test_verification_refuses_what_a_verifier_must_refuse(ring: KeyRing) -> None:
    key = ring.signing_key("RS256")
    jwks = ring.jwks(URLS)
    token = signing.sign_credential(credential(expires=datetime(2026, 5, 1, tzinfo=UTC)), key, URLS)
    with pytest.raises(signing.VerificationFailed, match="expired"):
        signing.verify_credential(token, jwks, now=NOW)
    with pytest.raises(signing.VerificationFailed, match="not valid yet"):
        signing.verify_credential(token, jwks, now=datetime(2026, 1, 1, tzinfo=UTC))
    with pytest.raises(signing.VerificationFailed, match="no published key"):
        signing.verify_credential(token, {"keys": []}, now=datetime(2026, 4, 1, tzinfo=UTC))
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims["credentialSubject"]["achievement"]["name"] = "Forged"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    with pytest.raises(signing.VerificationFailed, match="signature"):
        signing.verify_credential(f"{header}.{forged}.{signature}", jwks, now=NOW)
    with pytest.raises(pyjwt.InvalidSignatureError):
        public = pyjwt.PyJWKSet.from_dict(jwks).keys[0].key
        pyjwt.decode(
            f"{header}.{forged}.{signature}",
            public,
            algorithms=["RS256"],
            options={"verify_exp": False},
        )
    with pytest.raises(signing.VerificationFailed, match="not a compact JWS"):
        signing.verify_credential("garbage", jwks)


def test_a_claim_that_disagrees_with_the_credential_is_refused(ring: KeyRing) -> None:
    key = ring.signing_key("RS256")
    document = credential()
    mismatched = {**document, "validFrom": "2026-03-05T00:00:00Z"}
    token = signing.sign_credential(document, key, URLS)
    header, _, _ = token.split(".")
    from joserfc import jwt as jose_jwt

    claims = {
        **mismatched,
        "iss": URLS.profile(),
        "jti": document["id"],
        "nbf": 1,
        "sub": document["credentialSubject"]["id"],
    }  # type: ignore[index]
    bad = jose_jwt.encode(
        {"alg": "RS256", "kid": URLS.jwk(key.thumbprint)},
        claims,
        key.jose_key,
        algorithms=["RS256"],
    )
    with pytest.raises(signing.VerificationFailed, match="nbf"):
        signing.verify_credential(bad, ring.jwks(URLS), now=NOW)
    del header


def test_revocation_sets_the_credentials_bit_in_the_status_list() -> None:
    document = credential()
    status = document["credentialStatus"]
    assert status == {
        "id": URLS.status_list("1") + "#42",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "42",
        "statusListCredential": URLS.status_list("1"),
    }
    clean = status_list.credential(URLS, "1", [], NOW)
    revoked = status_list.credential(URLS, "1", [7, 42], NOW)
    assert not status_list.is_revoked(status, clean)  # type: ignore[arg-type]
    assert status_list.is_revoked(status, revoked)  # type: ignore[arg-type]
    # Decoded independently: multibase 'u', base64url, GZIP, 16 KiB, index 0 left-most.
    encoded = revoked["credentialSubject"]["encodedList"]
    bits = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    assert encoded[0] == "u" and len(bits) == 16 * 1024
    assert bits[5] == 0b0010_0000 and bits[0] == 0b0000_0001 and sum(bits) == 33


def test_status_lists_fill_in_order_and_reject_bad_input() -> None:
    assert status_list.locate(0) == ("1", 0)
    assert status_list.locate(status_list.LIST_BITS) == ("2", 0)
    assert status_list.encode([]) == status_list.encode([])  # same list, same bytes
    with pytest.raises(ValueError):
        status_list.entry(URLS, "1", status_list.LIST_BITS)
    with pytest.raises(status_list.StatusListError, match="multibase"):
        status_list.decode("zabc")
    with pytest.raises(status_list.StatusListError, match="GZIP"):
        status_list.decode("uAAAA")
    short = "u" + base64.urlsafe_b64encode(gzip.compress(b"\x00" * 10)).decode().rstrip("=")
    with pytest.raises(status_list.StatusListError, match="shorter"):
        status_list.decode(short)


def test_revoked_and_expired_helpers_use_whole_seconds() -> None:
    award = badge_award(issued_on=datetime(2026, 3, 4, 10, 30, 15, 999_999, tzinfo=UTC))
    document = ob3.credential(award, ISSUER, URLS)
    assert document["validFrom"] == document["awardedDate"] == "2026-03-04T10:30:15Z"
    later = replace(award, expires=award.issued_on + timedelta(days=365))
    assert ob3.credential(later, ISSUER, URLS)["validUntil"] == "2027-03-04T10:30:15Z"
    assert "credentialStatus" not in document
