"""Statement queries keep their index walks on PostgreSQL without planner statistics (the
test database never runs ANALYZE): no full scan, no hash or merge join, no bitmap scan, for
every documented filter and access limit. Speed itself is measured in bench/lrs_plans_bench.py."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from factories import COMPLETED, learner, post_statements, statement
from sqlalchemy import event, text

from continuum_runtime.testing.service import ServiceUnderTest, service_fixture
from progress.lrs.domain import agent_ifi_key
from progress.lrs.store.statement_filter import StatementFilter
from progress.lrs.store.statement_queries import find_statements
from progress.lrs.store.statement_rows import epoch_micros
from progress.main import create_app
from progress.settings import ProgressSettings
from progress.store.migrate import migrate_async

progress = service_fixture(
    create_app, ProgressSettings, migrate_async, backends=("postgresql",), events=False
)
ORG = "https://continuum.example.com"
COURSE = "http://example.com/course/plans"
FORBIDDEN = {"Seq Scan", "Hash Join", "Merge Join", "Bitmap Heap Scan", "Gather"}
ANYONE = agent_ifi_key(learner("E-plans-1"))
FILTERS = {
    "none": StatementFilter(),
    "agent": StatementFilter(agent_ifi=ANYONE),
    "agent + verb": StatementFilter(agent_ifi=ANYONE, verb_id=COMPLETED),
    "agent, related": StatementFilter(agent_ifi=ANYONE, related_agents=True),
    "verb": StatementFilter(verb_id=COMPLETED),
    "verb + since + until": StatementFilter(verb_id=COMPLETED, since_us=1, until_us=2**62),
    # A window of a few statements is walked through the `stored` index instead of the verb's.
    "verb + since (a small window)": StatementFilter(
        verb_id=COMPLETED, since_us=epoch_micros(datetime.now(UTC) - timedelta(hours=1))
    ),
    "until (before anything)": StatementFilter(until_us=1),
    "activity, related": StatementFilter(activity_id=COURSE, related_activities=True),
    "activity + agent": StatementFilter(activity_id=COURSE, agent_ifi=ANYONE),
    "registration": StatementFilter(registration="0b9f6f1e-7a53-4c4e-9d0a-3f1c2b7e5d10"),
    "learner": StatementFilter(verb_id=COMPLETED, actor_keys=frozenset({"E-plans-1"})),
    "manager": StatementFilter(actor_keys=frozenset({"E-plans-1", "E-plans-2", "E-plans-3"})),
    "read/mine + verb": StatementFilter(authority_key="account:x|y", verb_id=COMPLETED),
}


@pytest.fixture(scope="module", autouse=True)
async def stored(lrs: httpx.AsyncClient) -> None:
    """A few statements, StatementRefs and a chain of them, so every part of a query runs."""
    parent = {"contextActivities": {"parent": [{"id": COURSE}]}}
    ids = await post_statements(
        lrs, [statement(actor=learner(f"E-plans-{n}"), context=parent) for n in range(1, 4)]
    )
    first = await post_statements(
        lrs, statement(object={"objectType": "StatementRef", "id": ids[0]})
    )
    await post_statements(lrs, statement(object={"objectType": "StatementRef", "id": first[0]}))


def _nodes(plan: dict[str, Any]) -> set[str]:
    found = {plan["Node Type"]}
    for child in plan.get("Plans", []):
        found |= _nodes(child)
    return found


@pytest.mark.parametrize("name", list(FILTERS))
async def test_every_query_walks_indexes_without_statistics(
    progress: ServiceUnderTest, name: str
) -> None:
    engine = progress.runtime.engine
    captured: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, params: Any, *_: Any) -> None:
        captured.append((statement, params))

    async with progress.runtime.unit_of_work() as uow:
        session = uow.session
        stats = await session.scalar(
            text("SELECT count(*) FROM pg_stats WHERE tablename = 'statements'")
        )
        assert stats == 0
        event.listen(engine.sync_engine, "before_cursor_execute", capture)
        try:
            found = await find_statements(session, FILTERS[name], limit=10)
        finally:
            event.remove(engine.sync_engine, "before_cursor_execute", capture)
        query, params = captured[-1]
        connection = await session.connection()
        explained = await connection.exec_driver_sql("EXPLAIN (FORMAT JSON) " + query, params)
        plan = explained.scalar_one()
    plan = json.loads(plan) if isinstance(plan, str) else plan
    nodes = _nodes(plan[0]["Plan"])
    assert not nodes & FORBIDDEN, (name, sorted(nodes))
    assert "Index Scan" in nodes or "Index Only Scan" in nodes
    if name in ("none", "agent", "activity, related", "manager", "verb + since (a small window)"):
        assert found, name
