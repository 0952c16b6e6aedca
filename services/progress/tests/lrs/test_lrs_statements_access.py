"""Who reads and writes which statements: employees' tokens and credential scopes."""

from __future__ import annotations

import json

import httpx
from factories import (
    ORG,
    basic_auth,
    bearer_client,
    learner,
    post_statements,
    query_statements,
    statement,
    xapi_client,
)

from continuum_runtime.testing.service import ServiceUnderTest, service_fixture
from progress.main import create_app
from progress.settings import ProgressSettings
from progress.store.migrate import migrate_async

progress = service_fixture(
    create_app, ProgressSettings, migrate_async, events=False, xapi_statements_page_size=50
)


async def test_learners_read_and_write_only_their_own_statements(
    progress: ServiceUnderTest,
) -> None:
    alice = bearer_client(progress, "E-1", ["learner"])
    bob = bearer_client(progress, "E-2", ["learner"])
    [own] = await post_statements(alice, statement(actor=learner("E-1")))
    await post_statements(alice, statement(actor=learner("E-2")), 403)
    await post_statements(bob, statement(actor=learner("E-2")))
    mine = await query_statements(alice)
    assert {s["actor"]["account"]["name"] for s in mine["statements"]} == {"E-1"}
    forbidden = await alice.get("/xapi/statements", params={"agent": json.dumps(learner("E-2"))})
    assert forbidden.status_code == 403
    other = await bob.get("/xapi/statements", params={"statementId": own})
    assert other.status_code == 403
    stored = (await alice.get("/xapi/statements", params={"statementId": own})).json()
    assert stored["authority"]["account"] == {"homePage": ORG, "name": "E-1"}


async def test_a_token_listing_reports_reads_nobody_elses_statements_admins_everyone(
    progress: ServiceUnderTest,
) -> None:
    # Who reports to whom comes from HRIS events (the learning side's team views), never from
    # the token: a manager's token claiming E-10 as a report reads only its own statements.
    report = bearer_client(progress, "E-10", ["learner"])
    manager = bearer_client(progress, "E-11", ["manager"], reports=["E-10"])
    admin = bearer_client(progress, "E-12", ["admin"])
    [written] = await post_statements(report, statement(actor=learner("E-10")))
    by_manager = await manager.get("/xapi/statements", params={"statementId": written})
    assert by_manager.status_code == 403
    refused = await manager.get("/xapi/statements", params={"agent": json.dumps(learner("E-10"))})
    assert refused.status_code == 403
    [own] = await post_statements(manager, statement(actor=learner("E-11")))
    assert [s["id"] for s in (await query_statements(manager))["statements"]] == [own]
    await post_statements(admin, statement(actor=learner("E-99")))
    assert (await admin.get("/xapi/statements", params={"statementId": written})).is_success


async def test_credential_scopes(progress: ServiceUnderTest, lrs: httpx.AsyncClient) -> None:
    mine = xapi_client(
        progress, await basic_auth(progress, ["statements/write", "statements/read/mine"])
    )
    reader = xapi_client(progress, await basic_auth(progress, ["statements/read"]))
    [own] = await post_statements(mine, statement())
    [foreign] = await post_statements(lrs, statement())
    assert (await mine.get("/xapi/statements", params={"statementId": own})).is_success
    hidden = await mine.get("/xapi/statements", params={"statementId": foreign})
    assert hidden.status_code == 403
    assert [s["id"] for s in (await query_statements(mine))["statements"]] == [own]
    await post_statements(reader, statement(), 403)
    assert (await reader.get("/xapi/statements", params={"statementId": own})).is_success
