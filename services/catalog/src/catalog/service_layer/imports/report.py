"""The report of an import: each row's outcome or the errors naming row and field."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, NamedTuple


@dataclass(frozen=True)
class RowError:
    section: str
    row: int  # 1-based position in its section (for CSV: line number minus one)
    key: str | None
    loc: list[str | int]
    msg: str


class RowOutcome(NamedTuple):
    """A tuple, not a dataclass: a 100,000-row import keeps one per row, and the cyclic
    collector stops tracking tuples of strings and ints."""

    section: str
    row: int
    key: str
    id: str
    outcome: str  # created, updated, unchanged


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    rows: list[RowOutcome] = field(default_factory=list)
    dry_run: bool = False

    def count(self, outcome: RowOutcome) -> None:
        self.rows.append(outcome)
        if outcome.outcome == "created":
            self.created += 1
        elif outcome.outcome == "updated":
            self.updated += 1
        else:
            self.unchanged += 1

    def clear_outcomes(self) -> None:
        """A rejected import wrote nothing: it has errors, no outcomes."""
        self.rows.clear()
        self.created = self.updated = self.unchanged = 0

    def as_dict(self, *, rows: bool = True) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "dry_run": self.dry_run,
            "errors": [asdict(e) for e in self.errors],
            # Outcomes are flat: a dict per row, without dataclasses.asdict's deep copies.
            "rows": [
                {"section": r.section, "row": r.row, "key": r.key, "id": r.id, "outcome": r.outcome}
                for r in self.rows
            ]
            if rows
            else [],
        }


class ImportRejected(Exception):
    def __init__(self, report: ImportReport) -> None:
        self.report = report
        super().__init__(f"{len(report.errors)} problems; nothing was imported")
