"""Replaying an HRIS export through the gateway's webhook: rows to signed canonical batches.

Going through the webhook (rather than straight to Kafka) gives a replay the same checks,
mapping and idempotency as live deliveries: replaying a file twice publishes nothing new.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from gateway.hris.csv_export import RowOutcome
from gateway.hris.mapped import MappedEvent
from gateway.hris.signature import sign

MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class RowReport:
    line: int
    employee_id: str | None
    outcome: str  # published, duplicate, invalid, refused, failed
    detail: str = ""


def canonical(event: MappedEvent) -> dict[str, Any]:
    """The canonical CloudEvent the webhook maps back to this very event (same id)."""
    return {
        "specversion": "1.0",
        "id": event.hris_event_id,
        "source": event.source,
        "type": event.event.event_type,
        "time": event.event.occurred_at.isoformat(),
        "data": event.event.to_json_dict(),
    }


def batches(rows: Iterable[RowOutcome], size: int) -> Iterator[list[RowOutcome]]:
    batch: list[RowOutcome] = []
    for row in rows:
        batch.append(row)
        if sum(len(r.events) for r in batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class Replayer:
    def __init__(
        self,
        client: httpx.Client,
        secret: bytes,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._client = client
        self._secret = secret
        self._sleep = sleep
        self._clock = clock

    def send(self, rows: Sequence[RowOutcome]) -> list[RowReport]:
        """Post the valid rows' events as one signed batch; one report per row."""
        reports = [
            RowReport(r.line, r.employee_id, "invalid",
                      "; ".join(f"{'.'.join(map(str, p.loc))}: {p.msg}" for p in r.problems))
            for r in rows if not r.ok
        ]  # fmt: skip
        valid = [r for r in rows if r.ok and r.events]
        if not valid:
            return sorted(reports, key=lambda r: r.line)
        body = json.dumps([canonical(e) for r in valid for e in r.events]).encode()
        answer = self._post(body)
        if answer.status_code == 202:
            duplicates = set(answer.json().get("duplicates", []))
            for row in valid:
                dup = all(e.event_id in duplicates for e in row.events)
                reports.append(
                    RowReport(row.line, row.employee_id, "duplicate" if dup else "published")
                )
        else:
            detail = _problem_detail(answer)
            outcome = "refused" if answer.status_code < 500 else "failed"
            reports += [RowReport(r.line, r.employee_id, outcome, detail) for r in valid]
        return sorted(reports, key=lambda r: r.line)

    def _post(self, body: bytes) -> httpx.Response:
        for attempt in range(1, MAX_ATTEMPTS + 1):
            headers = {
                "Content-Type": "application/json",
                **sign(self._secret, int(self._clock()), body),
            }
            try:
                answer = self._client.post("/v1/hris/events", content=body, headers=headers)
            except httpx.TransportError:
                if attempt == MAX_ATTEMPTS:
                    raise
                self._sleep(min(2**attempt, 30))
                continue
            if answer.status_code not in (429, 503) or attempt == MAX_ATTEMPTS:
                return answer
            self._sleep(float(answer.headers.get("retry-after", "1")))
        raise AssertionError("unreachable")


def _problem_detail(answer: httpx.Response) -> str:
    try:
        problem = answer.json()
    except ValueError:
        return f"HTTP {answer.status_code}"
    errors = problem.get("errors") or []
    if errors:
        return "; ".join(f"{e.get('field')}: {e.get('msg')}" for e in errors)
    return str(problem.get("detail") or problem.get("title") or answer.status_code)
