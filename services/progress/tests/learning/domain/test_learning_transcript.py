"""Transcript ordering and CSV rendering."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from progress.learning.domain.transcript import CSV_COLUMNS, TranscriptEntry, ordered, to_csv

EARLY = datetime(2026, 2, 1, 10, tzinfo=UTC)
LATE = datetime(2026, 2, 3, 10, tzinfo=UTC)


def test_entries_are_ordered_oldest_first() -> None:
    b = TranscriptEntry(LATE, "item_completed", "B", "ib", 30)
    a = TranscriptEntry(EARLY, "mentoring_session", "A", "sa", 45)
    assert ordered([b, a]) == [a, b]


def test_csv_has_a_header_hours_and_escapes_formulas_and_commas() -> None:
    entries = [
        TranscriptEntry(
            LATE, "item_completed", "=HYPERLINK(1)", "i1", 90, "course", True, 0.8, "provider"
        ),
        TranscriptEntry(EARLY, "mentoring_session", "Talk, with comma", "s1", 45),
    ]
    rows = list(csv.reader(io.StringIO(to_csv(entries))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert rows[1] == [
        "2026-02-01",
        "mentoring_session",
        "Talk, with comma",
        "",
        "0.75",
        "",
        "",
        "s1",
        "",
    ]
    assert rows[2] == [
        "2026-02-03",
        "item_completed",
        "'=HYPERLINK(1)",
        "course",
        "1.50",
        "true",
        "0.8",
        "i1",
        "provider",
    ]
