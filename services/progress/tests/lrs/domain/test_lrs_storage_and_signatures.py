"""complete_statement (LRS-assigned properties) and signed Statement checks."""

import base64
import copy
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import NameOID
from xapi_samples import ACTIVITY, SPEC_SIGNED, UUID, statement, substatement

from progress.lrs.domain import (
    XapiValidationError,
    check_signature,
    complete_statement,
    is_uuid,
    signature_attachments,
    validate_statement,
)

STORED = datetime(2024, 5, 1, 10, 0, 0, 123456, UTC)
AUTHORITY = {
    "objectType": "Agent",
    "account": {"homePage": "https://lrs.example.org", "name": "key"},
}


class TestComplete:
    def test_fills_in_assigned_properties(self) -> None:
        sent = statement()
        stored = complete_statement(sent, stored=STORED, authority=AUTHORITY)
        assert is_uuid(stored["id"])
        assert stored["stored"] == "2024-05-01T10:00:00.123Z"
        assert stored["timestamp"] == stored["stored"]
        assert stored["authority"] == AUTHORITY
        assert stored["version"] == "1.0.0"
        assert "id" not in sent and "stored" not in sent
        validate_statement(stored)

    def test_keeps_what_was_sent(self) -> None:
        sent = statement(id=UUID, timestamp="2015-11-18T12:17:00+00:00", version="1.0.3")
        stored = complete_statement(sent, stored=STORED)
        assert stored["id"] == UUID
        assert stored["timestamp"] == "2015-11-18T12:17:00+00:00"
        assert stored["version"] == "1.0.3"
        assert "authority" not in stored

    def test_overwrites_stored_and_authority(self) -> None:
        sent = statement(stored="2000-01-01T00:00:00Z", authority={"mbox": "mailto:x@y.org"})
        stored = complete_statement(sent, stored=STORED, authority=AUTHORITY)
        assert stored["stored"] == "2024-05-01T10:00:00.123Z"
        assert stored["authority"] == AUTHORITY

    def test_given_id_is_used(self) -> None:
        assert complete_statement(statement(), stored=STORED, statement_id=UUID)["id"] == UUID

    def test_context_activities_become_arrays(self) -> None:
        sent = statement(
            context={"contextActivities": {"parent": ACTIVITY, "other": [ACTIVITY]}},
            object=substatement(context={"contextActivities": {"category": ACTIVITY}}),
        )
        before = copy.deepcopy(sent)
        stored = complete_statement(sent, stored=STORED)
        assert stored["context"]["contextActivities"] == {"parent": [ACTIVITY], "other": [ACTIVITY]}
        assert stored["object"]["context"]["contextActivities"] == {"category": [ACTIVITY]}
        assert sent == before


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _jws(payload: Any, alg: str = "RS256", raw_payload: bytes | None = None) -> str:
    header = _b64(json.dumps({"alg": alg}).encode())
    body = _b64(raw_payload if raw_payload is not None else json.dumps(payload).encode())
    return f"{header}.{body}.{_b64(b'signature-bytes')}"


SIGNED_PAYLOAD = {k: v for k, v in SPEC_SIGNED.items() if k != "attachments"}


class TestSignatures:
    def test_finds_signature_attachments(self) -> None:
        assert signature_attachments(SPEC_SIGNED) == SPEC_SIGNED["attachments"]
        assert signature_attachments(statement()) == []

    @pytest.mark.parametrize("alg", ["RS256", "RS384", "RS512"])
    def test_well_formed_signature(self, alg: str) -> None:
        check_signature(SPEC_SIGNED, _jws(SIGNED_PAYLOAD, alg))
        check_signature(SPEC_SIGNED, _jws(SIGNED_PAYLOAD, alg).encode())

    def test_lrs_assigned_properties_do_not_break_the_match(self) -> None:
        received = complete_statement(SPEC_SIGNED, stored=STORED, authority=AUTHORITY)
        check_signature(received, _jws(SIGNED_PAYLOAD))

    @pytest.mark.parametrize(
        ("jws", "text"),
        [
            ("not-a-jws", "compact serialization"),
            (_jws(SIGNED_PAYLOAD, "HS256"), "RS256, RS384 or RS512"),
            (_jws(None, raw_payload=b"{not json"), "base64url-encoded JSON"),
            (_jws({"actor": "x"}), "valid Statement"),
            (
                _jws({**SIGNED_PAYLOAD, "verb": {"id": "http://example.com/other"}}),
                "does not match",
            ),
            ("%%%." + _jws(SIGNED_PAYLOAD).split(".", 1)[1], "JWS header"),
            (f"{_b64(json.dumps({'alg': ['RS256']}).encode())}.e30.AA", "must be an object"),
            (f"{_b64(b'{}')}.e30.AA", "with an alg"),
            (f"{_b64(b'[' * 100_000)}.e30.AA", "JWS header"),
        ],
    )
    def test_malformed_signatures(self, jws: str, text: str) -> None:
        with pytest.raises(XapiValidationError) as caught:
            check_signature(SPEC_SIGNED, jws)
        assert caught.value.path == "signature"
        assert text in caught.value.message


# -- signatures with an X.509 certificate chain (x5c) ----------------------------------------


def _certificate(
    name: str, key: Any, issuer_name: str | None = None, issuer_key: Any = None
) -> x509.Certificate:
    now = datetime.now(UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
        .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer_name or name)]))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .sign(issuer_key or key, hashes.SHA256())
    )


def _der(certificate: x509.Certificate) -> str:
    return base64.b64encode(certificate.public_bytes(serialization.Encoding.DER)).decode()


ROOT_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
SIGNER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
ROOT = _certificate("Continuum test root", ROOT_KEY)
SIGNER = _certificate("Course signer", SIGNER_KEY, "Continuum test root", ROOT_KEY)
_SHA = {"RS256": hashes.SHA256, "RS384": hashes.SHA384, "RS512": hashes.SHA512}


def _signed_jws(
    payload: Any, x5c: Any, key: Any = SIGNER_KEY, alg: str = "RS256", tamper: bool = False
) -> str:
    signing_input = f"{_b64(json.dumps({'alg': alg, 'x5c': x5c}).encode())}.{_b64(json.dumps(payload).encode())}"
    signature = key.sign(signing_input.encode(), padding.PKCS1v15(), _SHA[alg]())
    if tamper:
        signature = bytes([signature[0] ^ 1]) + signature[1:]
    return f"{signing_input}.{_b64(signature)}"


class TestCertificateSignatures:
    @pytest.mark.parametrize("alg", ["RS256", "RS384", "RS512"])
    def test_verifies_against_the_leaf_certificate(self, alg: str) -> None:
        check_signature(SPEC_SIGNED, _signed_jws(SIGNED_PAYLOAD, [_der(SIGNER)], alg=alg))
        check_signature(SPEC_SIGNED, _signed_jws(SIGNED_PAYLOAD, [_der(SIGNER), _der(ROOT)]))

    @pytest.mark.parametrize(
        ("jws", "text"),
        [
            (_signed_jws(SIGNED_PAYLOAD, [_der(SIGNER)], tamper=True), "does not verify"),
            (_signed_jws(SIGNED_PAYLOAD, [_der(ROOT)]), "does not verify"),
            (_signed_jws(SIGNED_PAYLOAD, [_der(SIGNER), _der(SIGNER)]), "chain is broken"),
            (_signed_jws(SIGNED_PAYLOAD, []), "non-empty array"),
            (_signed_jws(SIGNED_PAYLOAD, "MIIB"), "non-empty array"),
            (_signed_jws(SIGNED_PAYLOAD, ["not base64!"]), "DER X.509"),
            (_signed_jws(SIGNED_PAYLOAD, [base64.b64encode(b"junk").decode()]), "DER X.509"),
        ],
    )
    def test_rejects_what_does_not_verify(self, jws: str, text: str) -> None:
        with pytest.raises(XapiValidationError) as caught:
            check_signature(SPEC_SIGNED, jws)
        assert caught.value.path == "signature"
        assert text in caught.value.message

    def test_rejects_a_certificate_without_an_rsa_key(self) -> None:
        ec_key = ec.generate_private_key(ec.SECP256R1())
        ec_certificate = _certificate("EC signer", ec_key)
        signed = _signed_jws(SIGNED_PAYLOAD, [_der(SIGNER)])
        header = _b64(json.dumps({"alg": "RS256", "x5c": [_der(ec_certificate)]}).encode())
        with pytest.raises(XapiValidationError, match="RSA public key"):
            check_signature(SPEC_SIGNED, header + signed[signed.index(".") :])

    def test_signature_must_be_base64url(self) -> None:
        signed = _signed_jws(SIGNED_PAYLOAD, [_der(SIGNER)])
        with pytest.raises(XapiValidationError, match="does not verify|base64url"):
            check_signature(SPEC_SIGNED, signed.rsplit(".", 1)[0] + ".@@@@")
