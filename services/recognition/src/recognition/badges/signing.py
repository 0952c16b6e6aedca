"""Signatures: OB 3.0 credentials as VC-JWTs, OB 2.0 assertions as JWS, and their verification.

The VC-JWT follows OB 3.0 section 8.2: the credential itself is the JWT payload (no `vc`
wrapper) plus `iss`, `jti`, `nbf`, `sub` (and `exp` when it expires); the header carries only
`alg`, `kid` (a URL that dereferences to the public JWK) and `typ`. Verification here is what a
third party does with our public documents: it knows only the JWK Set, never the key ring.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from joserfc import jws, jwt
from joserfc.errors import JoseError
from joserfc.jwk import import_key

from recognition.badges.keys import ALGORITHMS, SigningKey
from recognition.badges.urls import PublicUrls

# "EdDSA" is the identifier OB 3.0 and VC-JOSE verifiers implement today; RFC 9864's "Ed25519"
# is not yet understood by them, so joserfc's deprecation notice is expected here.
warnings.filterwarnings("ignore", message="EdDSA is deprecated", module="joserfc")

Document = dict[str, Any]


class VerificationFailed(ValueError):
    """A signature or claim that does not hold; the message says which and why."""


def sign_credential(credential: Mapping[str, Any], key: SigningKey, urls: PublicUrls) -> str:
    """The Compact JWS (VC-JWT) of an OpenBadgeCredential, signed with `key`."""
    claims: Document = dict(credential)
    claims["iss"] = _issuer_id(credential)
    claims["jti"] = credential["id"]
    claims["sub"] = credential["credentialSubject"]["id"]
    claims["nbf"] = _numeric_date(credential["validFrom"])
    if "validUntil" in credential:
        claims["exp"] = _numeric_date(credential["validUntil"])
    header = {"alg": key.algorithm, "kid": urls.jwk(key.thumbprint), "typ": "JWT"}
    return jwt.encode(header, claims, key.jose_key, algorithms=[key.algorithm])


def verify_credential(
    token: str, jwks: Mapping[str, Any], *, now: datetime | None = None
) -> Document:
    """Check a VC-JWT against a JWK Set as a verifier would; return the credential.

    Checks the signature with the key its `kid` names, then that `iss`, `sub`, `jti` and `nbf`
    match the credential, that it is valid already and not expired.
    """
    payload = _verified_payload(token, jwks)
    moment = now or datetime.now(UTC)
    expected = {
        "iss": _issuer_id(payload),
        "jti": payload.get("id"),
        "sub": (payload.get("credentialSubject") or {}).get("id"),
    }
    for claim, value in expected.items():
        if value is None or payload.get(claim) != value:
            raise VerificationFailed(f"claim {claim!r} does not match the credential")
    if "validFrom" not in payload or payload.get("nbf") != _numeric_date(payload["validFrom"]):
        raise VerificationFailed("claim 'nbf' does not match validFrom")
    if payload["nbf"] > moment.timestamp():
        raise VerificationFailed("the credential is not valid yet")
    if "exp" in payload:
        if "validUntil" not in payload or payload["exp"] != _numeric_date(payload["validUntil"]):
            raise VerificationFailed("claim 'exp' does not match validUntil")
        if payload["exp"] <= moment.timestamp():
            raise VerificationFailed("the credential has expired")
    return payload


def sign_assertion(assertion: Mapping[str, Any], key: SigningKey) -> str:
    """An OB 2.0 signed assertion: a JWS whose payload is the assertion's JSON (RS256)."""
    if key.algorithm != "RS256":
        raise ValueError("OB 2.0 signed assertions use RS256")
    payload = json.dumps(assertion, separators=(",", ":"), ensure_ascii=False)
    return jws.serialize_compact({"alg": "RS256"}, payload.encode(), key.jose_key, ["RS256"])


def verify_assertion(token: str, public_key_pem: str) -> Document:
    """The assertion inside an OB 2.0 JWS, once its RS256 signature checks with the PEM key."""
    try:
        key = import_key(public_key_pem.encode(), key_type="RSA")
        signed = jws.deserialize_compact(token, key, algorithms=["RS256"])
    except (JoseError, ValueError) as error:
        raise VerificationFailed(f"the assertion's signature does not verify: {error}") from error
    return _json_object(signed.payload, "assertion")


def _verified_payload(token: str, jwks: Mapping[str, Any]) -> Document:
    try:
        header = jws.extract_compact(token.encode()).headers()
    except (JoseError, ValueError) as error:
        raise VerificationFailed(f"not a compact JWS: {error}") from error
    algorithm = header.get("alg")
    if algorithm not in ALGORITHMS:
        raise VerificationFailed(f"algorithm {algorithm!r} is not accepted")
    unexpected = set(header) - {"alg", "kid", "typ"}
    if unexpected:
        raise VerificationFailed(f"JOSE header fields not allowed: {sorted(unexpected)}")
    jwk = next((k for k in jwks.get("keys", []) if k.get("kid") == header.get("kid")), None)
    if jwk is None:
        raise VerificationFailed(f"no published key with kid {header.get('kid')!r}")
    try:
        key = import_key(dict(jwk), key_type=jwk.get("kty"))
        signed = jws.deserialize_compact(token, key, algorithms=[str(algorithm)])
    except (JoseError, ValueError) as error:
        raise VerificationFailed(f"the signature does not verify: {error}") from error
    return _json_object(signed.payload, "JWT payload")


def _json_object(payload: bytes, what: str) -> Document:
    try:
        value = json.loads(payload)
    except ValueError as error:
        raise VerificationFailed(f"the {what} is not JSON") from error
    if not isinstance(value, dict):
        raise VerificationFailed(f"the {what} is not a JSON object")
    return value


def _issuer_id(credential: Mapping[str, Any]) -> Any:
    issuer = credential.get("issuer")
    return issuer.get("id") if isinstance(issuer, dict) else issuer


def _numeric_date(value: str) -> int:
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except (AttributeError, ValueError) as error:
        raise VerificationFailed(f"{value!r} is not an ISO 8601 date-time") from error
    if moment.tzinfo is None:
        raise VerificationFailed(f"{value!r} has no time zone")
    return int(moment.timestamp())
