"""Pure rules: status moves, versions, events per change; the CSV and JSON file formats."""

from __future__ import annotations

import json

import pytest

from catalog.domain.catalog_file import FileError, read_csv, read_json, write_csv
from catalog.domain.lifecycle import (
    Change,
    change_kind,
    changed_fields,
    check_status_move,
    check_writable,
    next_version,
)
from continuum_runtime.errors import Conflict


@pytest.mark.parametrize(
    ("before", "after", "changed", "expected"),
    [
        (None, "draft", True, Change.NONE),
        (None, "published", True, Change.PUBLISHED),
        ("draft", "draft", True, Change.NONE),
        ("draft", "published", True, Change.PUBLISHED),
        ("published", "published", True, Change.UPDATED),
        ("published", "published", False, Change.NONE),
        ("published", "retired", True, Change.RETIRED),
        ("draft", "retired", True, Change.NONE),
    ],
)
def test_each_transition_calls_for_one_event_at_most(
    before: str | None, after: str, changed: bool, expected: Change
) -> None:
    assert change_kind(before, after, changed) is expected


def test_drafts_keep_their_version_published_entries_get_a_new_one() -> None:
    assert next_version("draft", 1) == 1
    assert next_version("published", 3) == 4


def test_retired_entries_are_read_only_and_published_ones_never_go_back() -> None:
    with pytest.raises(Conflict):
        check_writable("item x", "retired")
    with pytest.raises(Conflict):
        check_status_move("item x", "published", "draft")
    check_status_move("item x", "draft", "published")


def test_changed_fields_are_named_sorted() -> None:
    before = {"title": "a", "tags": ["x"], "status": "published"}
    assert changed_fields(before, {"title": "b", "tags": ["x", "y"], "status": "published"}) == [
        "tags",
        "title",
    ]


def test_csv_cells_become_item_fields() -> None:
    sections = read_csv(
        b"\xef\xbb\xbfexternal_id,kind,title,language,duration_minutes,skills,tags,details\n"
        b'e1,book,Clean Code,en,600,craft:3;design:2,craft; books ,"{""authors"": [""R. Martin""]}"\n'
    )
    [item] = sections["items"]
    assert item == {
        "external_id": "e1",
        "kind": "book",
        "title": "Clean Code",
        "language": "en",
        "duration_minutes": "600",
        "skills": [{"skill_id": "craft", "level": "3"}, {"skill_id": "design", "level": "2"}],
        "tags": ["craft", "books"],
        "details": {"authors": ["R. Martin"]},
    }


def test_csv_round_trips_through_the_writer() -> None:
    item = {
        "external_id": "e1",
        "id": "5b0c7d6e-4a0f-4a43-9a31-111111111111",
        "kind": "video",
        "title": 'Comma, "quotes" and ; semicolons',
        "language": "en",
        "duration_minutes": 5,
        "skills": [{"skill_id": "s", "level": 1}],
        "prerequisites": ["e0"],
        "tags": ["a", "b"],
        "details": {"url": "https://v.example", "duration_seconds": 300, "kind": "video"},
        "status": "published",
    }
    [read] = read_csv(write_csv([item]))["items"]
    assert read["title"] == item["title"]
    assert read["prerequisites"] == ["e0"]
    assert read["details"] == item["details"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not json", "not a JSON document"),
        (b"[]", "must be a JSON object"),
        (json.dumps({"items": {}}).encode(), "'items' must be a list"),
        (json.dumps({"courses": []}).encode(), "unknown sections"),
    ],
)
def test_unreadable_json_files_are_refused(data: bytes, message: str) -> None:
    with pytest.raises(FileError, match=message):
        read_json(data)


def test_a_csv_without_the_required_columns_is_refused() -> None:
    with pytest.raises(FileError, match="lacks the columns"):
        read_csv(b"external_id,title\nx,y\n")


def test_the_bulk_published_payload_is_the_contract_wire_form() -> None:
    from datetime import UTC, datetime

    from catalog.domain.events import published_item_payload
    from catalog.domain.item_fields import item_values
    from continuum_contracts.events.catalog import ItemPublished
    from continuum_runtime.unit_of_work import PreparedEvent

    at = datetime(2026, 11, 28, 16, 0, 0, 123456, tzinfo=UTC)
    fields = {
        "title": "Kotlin",
        "summary": None,
        "language": "en",
        "duration_minutes": 30,
        "skills": [{"skill_id": "kotlin", "level": 2}],
        "prerequisite_item_ids": ["0b8c3f1e-8a5d-4d3c-9a7e-2f1e7c9b4a10"],
        "tags": ["jvm"],
        "url": None,
        "provider": "Internal",
        "details": {"kind": "workshop", "sessions": []},
        "status": "published",
    }
    values = item_values(
        "7d4e9b2a-1c3f-4e5a-8b6d-9f0a1b2c3d4e", "x-1", "workshop", "https://a.example/1", fields, at
    )
    payload = published_item_payload(values, at)
    model = ItemPublished.model_validate(payload)
    prepared = PreparedEvent.of(ItemPublished, key=values["id"], payload=payload)
    # Byte for byte what the contract model puts in the outbox.
    assert prepared.payload_json == PreparedEvent.from_event(model).payload_json
    assert model.to_json_dict() == payload
    assert (prepared.event_type, prepared.topic) == (model.event_type, model.topic.name)
    assert payload["item"]["kind"] == "seminar"
