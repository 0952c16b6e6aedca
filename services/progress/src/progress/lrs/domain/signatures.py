"""Signed Statements (Data 2.6): the checks an LRS must make before storing one.

Data 2.6.s5 calls a signature malformed when it is not a JWS of an allowed algorithm whose
payload is the received Statement, or when its header carries an X.509 certificate chain
(`x5c`) and the signature does not verify against that certificate. The chain itself is
checked for integrity (each certificate issued by the next); trusting its root is the
reader's business, as the spec leaves it.
"""

import base64
import binascii
import json
from collections.abc import Mapping
from itertools import pairwise
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from progress.lrs.domain.attachments import SIGNATURE_USAGE_TYPE
from progress.lrs.domain.comparison import statements_equivalent
from progress.lrs.domain.errors import XapiValidationError
from progress.lrs.domain.statements import validate_statement

HASHES: Mapping[str, type[hashes.HashAlgorithm]] = {
    "RS256": hashes.SHA256,
    "RS384": hashes.SHA384,
    "RS512": hashes.SHA512,
}


def signature_attachments(statement: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The Attachment objects of a Statement that carry a JWS signature."""
    return [
        attachment
        for attachment in statement.get("attachments", ())
        if attachment.get("usageType") == SIGNATURE_USAGE_TYPE
    ]


def check_signature(statement: Mapping[str, Any], jws: str | bytes) -> None:
    """Check a JWS compact serialization signs this (valid) Statement with an allowed algorithm."""
    text = jws.decode("ascii", "replace") if isinstance(jws, bytes) else jws
    parts = text.strip().split(".")
    if len(parts) != 3:
        raise XapiValidationError("a signature must be a JWS in compact serialization", "signature")
    header = _decode_json(parts[0], "JWS header")
    if not isinstance(header, dict) or not isinstance(header.get("alg"), str):
        raise XapiValidationError("a JWS header must be an object with an alg", "signature")
    if header["alg"] not in HASHES:
        raise XapiValidationError(
            "a signature must use the algorithm RS256, RS384 or RS512", "signature"
        )
    payload = _decode_json(parts[1], "JWS payload")
    try:
        validate_statement(payload)
    except XapiValidationError as exc:
        raise XapiValidationError(
            f"the JWS payload must be a valid Statement ({exc})", "signature"
        ) from None
    if not statements_equivalent(payload, statement):
        raise XapiValidationError(
            "the signed Statement does not match the received Statement", "signature"
        )
    if "x5c" in header:
        chain = _certificate_chain(header["x5c"])
        signing_input = f"{parts[0]}.{parts[1]}".encode("ascii")
        _verify(chain[0], header["alg"], signing_input, _decode_segment(parts[2], "JWS signature"))


def _certificate_chain(x5c: Any) -> list[x509.Certificate]:
    """The certificates of an `x5c` header (RFC 7515 4.1.6: base64 DER, leaf first), each
    checked to be issued by the next."""
    if not isinstance(x5c, list) or not x5c or not all(isinstance(c, str) for c in x5c):
        raise XapiValidationError(
            "the JWS header x5c must be a non-empty array of base64 DER certificates", "signature"
        )
    try:
        chain = [x509.load_der_x509_certificate(base64.b64decode(c, validate=True)) for c in x5c]
    except (binascii.Error, ValueError):
        raise XapiValidationError(
            "the JWS header x5c must hold base64-encoded DER X.509 certificates", "signature"
        ) from None
    for issued, issuer in pairwise(chain):
        try:
            issued.verify_directly_issued_by(issuer)
        except (ValueError, TypeError, InvalidSignature, UnsupportedAlgorithm):
            raise XapiValidationError(
                "the x5c certificate chain is broken: a certificate is not issued by the next, "
                "or is signed with an algorithm this LRS does not verify (SHA-1, say)",
                "signature",
            ) from None
    return chain


def _verify(
    certificate: x509.Certificate, alg: str, signing_input: bytes, signature: bytes
) -> None:
    try:
        key = certificate.public_key()
    except (ValueError, UnsupportedAlgorithm):
        key = None
    if not isinstance(key, rsa.RSAPublicKey):
        raise XapiValidationError(
            f"the x5c certificate must hold an RSA public key for {alg}", "signature"
        )
    try:
        key.verify(signature, signing_input, padding.PKCS1v15(), HASHES[alg]())
    except InvalidSignature:
        raise XapiValidationError(
            "the JWS signature does not verify against the x5c certificate", "signature"
        ) from None


def _decode_segment(segment: str, what: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
    except (binascii.Error, ValueError):
        raise XapiValidationError(f"the {what} must be base64url-encoded", "signature") from None


def _decode_json(segment: str, what: str) -> Any:
    try:
        return json.loads(_decode_segment(segment, what))
    except (ValueError, RecursionError):
        raise XapiValidationError(
            f"the {what} must be base64url-encoded JSON", "signature"
        ) from None
