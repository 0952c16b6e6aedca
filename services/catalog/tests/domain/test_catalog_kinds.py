"""Item kinds: per-kind details validated through the discriminated union; the evidence each needs."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import ValidationError

from catalog.domain.kinds import (
    DETAILS_BY_KIND,
    BookDetails,
    CourseDetails,
    ItemKind,
    normalise_isbn,
    parse_details,
)
from catalog.domain.snapshots import evidence_of

SESSION = {
    "start": "2025-03-03T09:00:00+01:00",
    "end": "2025-03-03T17:00:00+01:00",
    "location": "Lyon, room 4",
    "capacity": 12,
}

VALID: dict[ItemKind, dict[str, Any]] = {
    ItemKind.COURSE: {"provider": "Open University", "credits": 7.5, "level": "advanced"},
    ItemKind.SEMINAR: {"sessions": [SESSION]},
    ItemKind.WORKSHOP: {
        "sessions": [{**SESSION, "location": None, "online_url": "https://meet.example/x"}]
    },
    ItemKind.ELEARNING: {
        "provider": "Acme",
        "launch_url": "https://lms.example/launch/42",
        "package_type": "cmi5",
    },
    ItemKind.VIDEO: {"url": "https://video.example/v/1", "duration_seconds": 540},
    ItemKind.ARTICLE: {"url": "https://blog.example/post", "author": "R. Author"},
    ItemKind.BOOK: {"authors": ["A. Writer"], "isbn": "978-0-306-40615-7", "publisher": "P"},
    ItemKind.PODCAST: {"series": "Data Talk", "episode_url": "https://pod.example/e/12"},
    ItemKind.MENTORING_PROGRAMME: {"duration_weeks": 12, "cadence": "fortnightly"},
    ItemKind.PEER_CIRCLE: {"cadence": "monthly", "max_members": 8},
    ItemKind.ON_THE_JOB: {"sponsor_id": "E-1001", "expected_outcome": "Ship the pricing API"},
    ItemKind.CONFERENCE: {
        "start_date": "2025-06-10",
        "end_date": "2025-06-12",
        "location": "Berlin",
    },
    ItemKind.CERTIFICATION: {
        "issuer": "CNCF",
        "validity_months": 36,
        "exam": {"name": "CKA", "passing_score": 0.66},
    },
}


def errors(data: dict[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
    with pytest.raises(ValidationError) as caught:
        parse_details(data)
    return [(tuple(e["loc"]), e["type"]) for e in caught.value.errors()]


def test_every_kind_has_a_details_model_named_by_its_kind() -> None:
    assert set(DETAILS_BY_KIND) == set(ItemKind)
    for kind, model in DETAILS_BY_KIND.items():
        assert model.model_fields["kind"].default == kind.value


@pytest.mark.parametrize("kind", list(ItemKind))
def test_valid_details_parse_to_the_model_of_their_kind(kind: ItemKind) -> None:
    details = parse_details({"kind": kind.value, **VALID[kind]})
    assert type(details) is DETAILS_BY_KIND[kind]
    assert details.kind == kind


@pytest.mark.parametrize("kind", list(ItemKind))
def test_details_survive_a_json_round_trip(kind: ItemKind) -> None:
    details = parse_details({"kind": kind.value, **VALID[kind]})
    assert parse_details(json.loads(details.model_dump_json())) == details


def test_unknown_kind_is_refused() -> None:
    assert errors({"kind": "tiktok"}) == [((), "union_tag_invalid")]


def test_missing_kind_is_refused() -> None:
    assert errors({"provider": "x"}) == [((), "union_tag_not_found")]


def test_errors_name_the_field_of_the_kind() -> None:
    assert errors({"kind": "course"}) == [(("course", "provider"), "missing")]
    assert errors({"kind": "video", "url": "https://v.example", "duration_seconds": 0}) == [
        (("video", "duration_seconds"), "greater_than")
    ]


def test_fields_of_another_kind_are_refused() -> None:
    assert errors({"kind": "video", **VALID[ItemKind.BOOK]}) == [
        (("video", "url"), "missing"),
        (("video", "duration_seconds"), "missing"),
        (("video", "authors"), "extra_forbidden"),
        (("video", "isbn"), "extra_forbidden"),
        (("video", "publisher"), "extra_forbidden"),
    ]


def test_session_must_end_after_it_starts() -> None:
    session = {**SESSION, "end": SESSION["start"]}
    assert errors({"kind": "seminar", "sessions": [session]}) == [
        (("seminar", "sessions", 0, "end"), "value_error")
    ]


def test_session_times_must_carry_a_timezone() -> None:
    session = {**SESSION, "start": "2025-03-03T09:00:00"}
    assert errors({"kind": "workshop", "sessions": [session]}) == [
        (("workshop", "sessions", 0, "start"), "timezone_aware")
    ]


def test_session_needs_a_place_or_a_link() -> None:
    session = {**SESSION, "location": None}
    assert errors({"kind": "seminar", "sessions": [session]}) == [
        (("seminar", "sessions", 0), "value_error")
    ]


def test_scheduled_kinds_need_a_session() -> None:
    assert errors({"kind": "seminar", "sessions": []}) == [(("seminar", "sessions"), "value_error")]


def test_conference_cannot_end_before_it_starts() -> None:
    data = {**VALID[ItemKind.CONFERENCE], "end_date": "2025-06-09"}
    assert errors({"kind": "conference", **data}) == [(("conference", "end_date"), "value_error")]


def test_certification_passing_score_is_scaled() -> None:
    data = {**VALID[ItemKind.CERTIFICATION], "exam": {"name": "CKA", "passing_score": 66}}
    assert errors({"kind": "certification", **data}) == [
        (("certification", "exam", "passing_score"), "less_than_equal")
    ]


def test_blank_text_is_refused() -> None:
    assert errors({"kind": "podcast", **VALID[ItemKind.PODCAST], "series": "   "}) == [
        (("podcast", "series"), "string_too_short")
    ]


def test_details_are_immutable() -> None:
    course = CourseDetails(provider="Open University")
    with pytest.raises(ValidationError):
        course.provider = "Other"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("978-0-306-40615-7", "9780306406157"),
        ("0 306 40615 2", "0306406152"),
        ("0-8044-2957-x", "080442957X"),
    ],
)
def test_isbn_is_normalised(raw: str, normalised: str) -> None:
    assert normalise_isbn(raw) == normalised
    assert BookDetails(authors=("A",), isbn=raw).isbn == normalised


@pytest.mark.parametrize("raw", ["978-0-306-40615-8", "0306406153", "12345", "97803064061X7"])
def test_bad_isbn_is_refused(raw: str) -> None:
    assert errors({"kind": "book", "authors": ["A"], "isbn": raw}) == [
        (("book", "isbn"), "value_error")
    ]


@pytest.mark.parametrize(
    ("kind", "details", "evidence"),
    [
        (ItemKind.CERTIFICATION, {}, "trusted"),
        (ItemKind.COURSE, {"provider": "Academy", "assessed": True}, "trusted"),
        (ItemKind.VIDEO, {"compliance": True}, "trusted"),
        (ItemKind.COURSE, {"provider": "Academy"}, "self_report"),
        (ItemKind.WORKSHOP, {}, "self_report"),  # published as a seminar
        (ItemKind.ARTICLE, {}, "self_report"),
        (ItemKind.ON_THE_JOB, {}, "self_report"),
    ],
)
def test_each_item_declares_whose_statement_completes_it(
    kind: ItemKind, details: dict[str, Any], evidence: str
) -> None:
    assert evidence_of(kind.value, details) == evidence


def test_every_kind_may_be_flagged_compliance_or_assessed() -> None:
    book = parse_details({"kind": "book", "authors": ["A"], "compliance": True})
    assert book.compliance is True and book.assessed is None
    assert parse_details({"kind": "course", "provider": "A", "assessed": True}).assessed is True
    with pytest.raises(ValidationError):
        parse_details({"kind": "book", "authors": ["A"], "compliance": "yes please"})
