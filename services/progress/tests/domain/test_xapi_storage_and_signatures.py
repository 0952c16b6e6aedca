"""complete_statement (LRS-assigned properties) and signed Statement checks."""

import base64
import copy
import json
from datetime import UTC, datetime
from typing import Any

import pytest
from xapi_samples import ACTIVITY, SPEC_SIGNED, UUID, statement, substatement

from progress.domain.xapi import (
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
        ],
    )
    def test_malformed_signatures(self, jws: str, text: str) -> None:
        with pytest.raises(XapiValidationError) as caught:
            check_signature(SPEC_SIGNED, jws)
        assert caught.value.path == "signature"
        assert text in caught.value.message
