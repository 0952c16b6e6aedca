import json

import pytest

from continuum_runtime.envelope import CloudEvent, EnvelopeError, from_kafka


def test_round_trip_keeps_attributes_and_trace_headers() -> None:
    event = CloudEvent(
        type="io.continuum.toy.note.added.v1",
        source="/continuum/toy",
        subject="k1",
        data={"a": 1, "text": "é"},
        extensions={"traceparent": "00-" + "1" * 32 + "-" + "2" * 16 + "-01"},
    )
    decoded = from_kafka(event.headers(), event.value())
    assert decoded.id == event.id and decoded.type == event.type and decoded.subject == "k1"
    assert decoded.data == {"a": 1, "text": "é"}
    assert decoded.time == event.time
    assert decoded.extensions["traceparent"].startswith("00-111")
    names = [k for k, _ in event.headers()]
    assert {"ce_id", "ce_source", "ce_type", "ce_specversion", "ce_time", "content-type"} <= set(
        names
    )


@pytest.mark.parametrize(
    ("headers", "value", "reason"),
    [
        ([], b"{}", "ce_id"),
        ([("ce_id", b"1"), ("ce_type", b"t"), ("ce_source", b"s")], b"{}", "ce_specversion"),
        (
            [("ce_id", b"1"), ("ce_type", b"t"), ("ce_source", b"s"), ("ce_specversion", b"0.3")],
            b"{}",
            "specversion",
        ),
        (
            [("ce_id", b"1"), ("ce_type", b"t"), ("ce_source", b"s"), ("ce_specversion", b"1.0")],
            b"not json",
            "JSON",
        ),
        (
            [("ce_id", b"1"), ("ce_type", b"t"), ("ce_source", b"s"), ("ce_specversion", b"1.0")],
            json.dumps([1]).encode(),
            "object",
        ),
        (
            [
                ("ce_id", b"1"),
                ("ce_type", b"t"),
                ("ce_source", b"s"),
                ("ce_specversion", b"1.0"),
                ("content-type", b"text/xml"),
            ],
            b"{}",
            "content-type",
        ),
    ],
)
def test_invalid_records_are_rejected_with_the_reason(headers, value, reason) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(EnvelopeError, match=reason):
        from_kafka(headers, value)
