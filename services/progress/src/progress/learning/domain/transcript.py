"""A learner's transcript: everything learned, with dates and hours; CSV rendering."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

CSV_COLUMNS = (
    "date",
    "kind",
    "title",
    "item_kind",
    "hours",
    "success",
    "score",
    "reference",
    "evidence",
)


@dataclass(frozen=True)
class TranscriptEntry:
    """One line of a transcript: a completed item or path, a mentoring session or a badge."""

    at: datetime
    kind: str  # item_completed, path_completed, mentoring_session, badge_awarded
    title: str
    reference: str
    minutes: float
    item_kind: str | None = None
    success: bool | None = None
    score: float | None = None
    evidence: str | None = None  # a completed item's: who vouched for it (self: self-reported)


def ordered(entries: Iterable[TranscriptEntry]) -> list[TranscriptEntry]:
    """Entries oldest first (ties by kind then title, so the order is stable)."""
    return sorted(entries, key=lambda e: (e.at, e.kind, e.title))


def hours(minutes: float) -> float:
    return round(minutes / 60.0, 2)


def to_csv(entries: Iterable[TranscriptEntry]) -> str:
    """The transcript as CSV (RFC 4180, header row first)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for entry in ordered(entries):
        writer.writerow(
            (
                entry.at.date().isoformat(),
                entry.kind,
                _safe(entry.title),
                entry.item_kind or "",
                f"{hours(entry.minutes):.2f}",
                "" if entry.success is None else str(entry.success).lower(),
                "" if entry.score is None else f"{entry.score:g}",
                entry.reference,
                entry.evidence or "",
            )
        )
    return out.getvalue()


def _safe(text: str) -> str:
    # A cell starting with = + - @ is a formula to spreadsheet programs (CSV injection).
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text
