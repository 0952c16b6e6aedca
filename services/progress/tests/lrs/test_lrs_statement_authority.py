"""Who may assert and void what (issue 9.1): the authority each kind of caller is recorded
as, the assertion kind its events carry, and voiding limited to what the caller may write."""

from __future__ import annotations

import base64
import json
import uuid
from typing import Any

from factories import (
    ORG,
    activity,
    basic_auth,
    bearer_client,
    learner,
    post_statements,
    statement,
    statement_status,
    voiding,
    xapi_client,
)
from sqlalchemy import select

from continuum_runtime.testing.service import ServiceUnderTest, service_fixture
from progress.main import create_app
from progress.settings import ProgressSettings
from progress.store.migrate import migrate_async

progress = service_fixture(create_app, ProgressSettings, migrate_async, events=False)
COURSES = "https://courses.example.com/"


def employee() -> str:
    return f"E-{uuid.uuid4().hex[:8]}"


def own(employee_id: str, **overrides: Any) -> dict[str, Any]:
    return statement(actor=learner(employee_id), **overrides)


async def staged_assertions(progress: ServiceUnderTest, ids: list[str]) -> dict[str, Any]:
    """The `assertion` of the staged `xapi.statements.v1` event of each statement id."""
    outbox = progress.runtime.tables.outbox
    async with progress.runtime.unit_of_work() as uow:
        rows = (await uow.session.execute(select(outbox.c.payload))).all()
    payloads = [json.loads(row.payload) for row in rows]
    return {p["statement"]["id"]: p["assertion"] for p in payloads if p["statement"]["id"] in ids}


async def test_a_learner_cannot_void_another_learners_statement(
    progress: ServiceUnderTest,
) -> None:
    a, b = employee(), employee()
    alice, bob = bearer_client(progress, a, ["learner"]), bearer_client(progress, b, ["learner"])
    [bobs] = await post_statements(bob, own(b))
    body = await post_statements(alice, own(a, **_voids(bobs)), 403)
    assert bobs in body["error"] and body["rule"] == "authorization"
    assert await statement_status(bob, statementId=bobs) == 200
    # Voiding one's own statement still works.
    [alices] = await post_statements(alice, own(a))
    await post_statements(alice, own(a, **_voids(alices)))
    assert await statement_status(alice, voidedStatementId=alices) == 200


async def test_a_learner_voids_only_what_they_asserted_themselves(
    progress: ServiceUnderTest,
) -> None:
    a = employee()
    alice = bearer_client(progress, a, ["learner"])
    provider = xapi_client(progress, await basic_auth(progress, ["all"]))
    admin = bearer_client(progress, employee(), ["admin"])
    [graded] = await post_statements(provider, own(a))
    [attested] = await post_statements(admin, own(a))
    for target in (graded, attested, str(uuid.uuid4())):  # nor one not stored (yet)
        await post_statements(alice, own(a, **_voids(target)), 403)
    assert await statement_status(alice, statementId=graded) == 200
    # A batch may void a statement of the same batch, since the learner may write it.
    first = own(a, id=str(uuid.uuid4()))
    await post_statements(alice, [first, own(a, **_voids(first["id"]))])
    assert await statement_status(alice, voidedStatementId=first["id"]) == 200
    # An admin (trusted) voids anyone's statement.
    await post_statements(admin, own(a, **_voids(graded)))
    assert await statement_status(alice, voidedStatementId=graded) == 200


async def test_a_provider_writes_and_voids_only_its_registered_content(
    progress: ServiceUnderTest,
) -> None:
    provider = xapi_client(
        progress, await basic_auth(progress, ["all"], content=[COURSES + "a/", COURSES + "b/"])
    )
    anything = xapi_client(progress, await basic_auth(progress, ["all"]))
    a = employee()
    mine = await post_statements(
        provider,
        [own(a, object={"id": COURSES + "a/1"}), own(a, object={"id": COURSES + "b/2"})],
    )
    body = await post_statements(provider, own(a, object={"id": activity()}), 403)
    assert "not registered" in body["error"]
    # Objects that are not Activities are outside any registered content.
    await post_statements(provider, own(a, object=learner(employee())), 403)
    [foreign] = await post_statements(anything, own(a))
    await post_statements(provider, own(a, **_voids(foreign)), 403)
    await post_statements(provider, own(a, **_voids(mine[0])))
    assert await statement_status(anything, voidedStatementId=mine[0]) == 200


async def test_the_authority_and_the_assertion_say_who_vouches(
    progress: ServiceUnderTest,
) -> None:
    a, admin_id = employee(), employee()
    alice = bearer_client(progress, a, ["learner"])
    admin = bearer_client(progress, admin_id, ["admin"])
    provider = xapi_client(progress, await basic_auth(progress, ["all"]))
    [self_id] = await post_statements(alice, own(a))
    [attested_id] = await post_statements(admin, own(a))
    [admin_self_id] = await post_statements(admin, own(admin_id))
    # A submitted authority is replaced by the credentials' own.
    forged = {"objectType": "Agent", "account": {"homePage": ORG, "name": "someone-trusted"}}
    [provided_id] = await post_statements(provider, own(a, authority=forged))

    async def authority(statement_id: str) -> dict[str, Any]:
        response = await admin.get("/xapi/statements", params={"statementId": statement_id})
        assert response.status_code == 200, response.text
        value: dict[str, Any] = response.json()["authority"]
        return value

    assert await authority(self_id) == {"objectType": "Agent", "account": learner(a)["account"]}
    assert (await authority(attested_id))["account"] == {"homePage": ORG, "name": admin_id}
    provided = await authority(provided_id)
    assert provided["objectType"] == "Agent" and provided["name"] == "test client"
    assert provided["account"]["homePage"] == progress.settings.lrs_url
    basic = provider.headers["Authorization"].removeprefix("Basic ")
    assert provided["account"]["name"] == base64.b64decode(basic).decode().partition(":")[0]
    ids = [self_id, attested_id, admin_self_id, provided_id]
    assertions = await staged_assertions(progress, ids)
    assert assertions == {
        self_id: {"kind": "self", "asserted_by": a},
        attested_id: {"kind": "attestation", "asserted_by": admin_id},
        admin_self_id: {"kind": "self", "asserted_by": admin_id},
        provided_id: {"kind": "provider", "asserted_by": "test client"},
    }


def _voids(target_id: str) -> dict[str, Any]:
    """The verb and object of a statement voiding `target_id`."""
    template = voiding(target_id)
    return {"verb": template["verb"], "object": template["object"]}
