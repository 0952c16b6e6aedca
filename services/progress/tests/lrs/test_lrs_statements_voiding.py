"""Voiding (Data 2.3.2) and StatementRefs: what voided statements hide, which voiding
statements take effect, and filters that match through chains of references."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from factories import (
    VOIDED,
    activity,
    post_statements,
    query_statements,
    statement,
    statement_status,
    voiding,
)

from continuum_runtime.testing.service import service_fixture
from progress.main import create_app
from progress.settings import ProgressSettings
from progress.store.migrate import migrate_async

progress = service_fixture(
    create_app, ProgressSettings, migrate_async, events=False, xapi_statements_page_size=50
)


async def test_voiding_hides_the_target_but_keeps_it_reachable(lrs: httpx.AsyncClient) -> None:
    target = activity()
    [voided_id] = await post_statements(lrs, statement(object={"id": target}))
    [voiding_id] = await post_statements(lrs, voiding(voided_id))
    hidden = await lrs.get("/xapi/statements", params={"statementId": voided_id})
    assert hidden.status_code == 404
    found = await lrs.get("/xapi/statements", params={"voidedStatementId": voided_id})
    assert found.status_code == 200 and found.json()["id"] == voided_id
    not_voided = await lrs.get("/xapi/statements", params={"voidedStatementId": voiding_id})
    assert not_voided.status_code == 404
    # The voided statement is hidden; the voiding statement targeting it still matches.
    by_activity = await query_statements(lrs, activity=target)
    assert [s["id"] for s in by_activity["statements"]] == [voiding_id]
    voiding_statement = await query_statements(lrs, verb=VOIDED, limit=50)
    assert voiding_id in [s["id"] for s in voiding_statement["statements"]]


async def test_a_voiding_statement_cannot_be_voided(lrs: httpx.AsyncClient) -> None:
    [target] = await post_statements(lrs, statement())
    [voiding_id] = await post_statements(lrs, voiding(target))
    # Stored, without effect (Data 2.3.2.s2.b3: only a non-voiding statement can be voided).
    [ignored] = await post_statements(lrs, voiding(voiding_id))
    assert await statement_status(lrs, statementId=voiding_id) == 200
    assert await statement_status(lrs, voidedStatementId=voiding_id) == 404
    assert await statement_status(lrs, statementId=ignored) == 200
    assert await statement_status(lrs, voidedStatementId=target) == 200
    # In one batch, a voiding statement targeting another of the batch is refused.
    first = voiding(str(uuid.uuid4()))
    first["id"] = str(uuid.uuid4())
    body = await post_statements(lrs, [first, voiding(first["id"])], 400)
    assert "voiding" in body["error"]


async def test_a_voiding_statement_that_voided_nothing_can_be_voided(
    lrs: httpx.AsyncClient,
) -> None:
    absent = str(uuid.uuid4())
    [pointless] = await post_statements(lrs, voiding(absent))
    [voiding_id] = await post_statements(lrs, voiding(pointless))
    assert await statement_status(lrs, statementId=pointless) == 404
    assert await statement_status(lrs, voidedStatementId=pointless) == 200
    # Voided, it voids nothing when its target arrives; the statement that voided it stays.
    await post_statements(lrs, statement(id=absent))
    assert await statement_status(lrs, statementId=absent) == 200
    assert await statement_status(lrs, statementId=voiding_id) == 200
    # A voiding statement arriving after one that targets it is voided only if it voided
    # nothing itself.
    [kept_target] = await post_statements(lrs, statement())
    effective_id, idle_id = str(uuid.uuid4()), str(uuid.uuid4())
    await post_statements(lrs, voiding(effective_id))
    await post_statements(lrs, voiding(idle_id))
    await post_statements(lrs, {**voiding(kept_target), "id": effective_id})
    await post_statements(lrs, {**voiding(str(uuid.uuid4())), "id": idle_id})
    assert await statement_status(lrs, statementId=effective_id) == 200
    assert await statement_status(lrs, voidedStatementId=kept_target) == 200
    assert await statement_status(lrs, voidedStatementId=idle_id) == 200


async def test_voiding_in_a_batch_behaves_as_if_sent_one_by_one(lrs: httpx.AsyncClient) -> None:
    # A: V1 -> X stored (X absent); then [X, V2 -> V1]: X arrives voided by V1, so V1 took
    # effect and V2 (voiding a voiding statement) has none.
    x, v1 = str(uuid.uuid4()), str(uuid.uuid4())
    await post_statements(lrs, {**voiding(x), "id": v1})
    await post_statements(lrs, [statement(id=x), voiding(v1)])
    assert await statement_status(lrs, voidedStatementId=x) == 200
    assert await statement_status(lrs, statementId=v1) == 200
    # B: V0 -> V1 stored (V1 absent); then [X, V1 -> X]: V1 voids X, which arrives with it,
    # so V1 is a voiding statement with effect and is not voided.
    x, v1 = str(uuid.uuid4()), str(uuid.uuid4())
    await post_statements(lrs, voiding(v1))
    await post_statements(lrs, [statement(id=x), {**voiding(x), "id": v1}])
    assert await statement_status(lrs, statementId=v1) == 200
    assert await statement_status(lrs, voidedStatementId=x) == 200
    # C: V1 -> X stored and voided (X absent), then X arrives with a resend of V1: the voided
    # V1 voids nothing.
    x, v1 = str(uuid.uuid4()), str(uuid.uuid4())
    resent = {**voiding(x), "id": v1}
    await post_statements(lrs, resent)
    await post_statements(lrs, voiding(v1))
    await post_statements(lrs, [statement(id=x), resent])
    assert await statement_status(lrs, statementId=x) == 200
    assert await statement_status(lrs, voidedStatementId=v1) == 200


async def test_voiding_an_unknown_statement_is_allowed_and_applies_later(
    lrs: httpx.AsyncClient,
) -> None:
    later = str(uuid.uuid4())
    await post_statements(lrs, voiding(later))
    await post_statements(lrs, statement(id=later))
    hidden = await lrs.get("/xapi/statements", params={"statementId": later})
    assert hidden.status_code == 404
    found = await lrs.get("/xapi/statements", params={"voidedStatementId": later})
    assert found.status_code == 200


async def test_statements_targeting_a_match_are_returned_even_if_it_is_voided(
    lrs: httpx.AsyncClient,
) -> None:
    verb = f"http://example.com/verbs/{uuid.uuid4().hex}"
    [voided_id] = await post_statements(lrs, statement(verb={"id": verb}))
    [voiding_id] = await post_statements(lrs, voiding(voided_id))
    [ref_id] = await post_statements(
        lrs, statement(verb={"id": verb}, object={"objectType": "StatementRef", "id": voided_id})
    )
    found = await query_statements(lrs, verb=verb)
    assert [s["id"] for s in found["statements"]] == [ref_id, voiding_id]
    first = await query_statements(lrs, verb=verb, limit=1)
    assert [s["id"] for s in first["statements"]] == [ref_id]
    rest = (await lrs.get(first["more"])).json()
    assert [s["id"] for s in rest["statements"]] == [voiding_id]


async def test_statement_ref_chains_match_recursively(lrs: httpx.AsyncClient) -> None:
    """a targets b targets c: a filter matching only c returns a, b and c (2.1.3.s3)."""
    target = activity()
    other_verb = {"id": f"http://example.com/verbs/{uuid.uuid4().hex}"}

    def ref(statement_id: str) -> dict[str, Any]:
        return statement(verb=other_verb, object={"objectType": "StatementRef", "id": statement_id})

    [c] = await post_statements(lrs, statement(object={"id": target}))
    [b] = await post_statements(lrs, ref(c))
    [a] = await post_statements(lrs, ref(b))
    [z] = await post_statements(lrs, ref(a))
    await post_statements(lrs, statement())  # unrelated
    found = await query_statements(lrs, activity=target)
    assert [s["id"] for s in found["statements"]] == [z, a, b, c]
    ascending = await query_statements(lrs, activity=target, ascending="true", limit=2)
    assert [s["id"] for s in ascending["statements"]] == [c, b]
    rest = (await lrs.get(ascending["more"])).json()
    assert [s["id"] for s in rest["statements"]] == [a, z]
    # The time window applies to the targeting statement, not to what it targets.
    stored_a = (await query_statements(lrs, statementId=a))["stored"]
    later = await query_statements(lrs, activity=target, since=stored_a)
    assert [s["id"] for s in later["statements"]] == [z]
    # Voiding a statement in the middle hides it; what targets it still matches.
    await post_statements(lrs, voiding(b))
    after_void = await query_statements(lrs, activity=target)
    ids = [s["id"] for s in after_void["statements"]]
    assert b not in ids
    assert {a, z, c} <= set(ids)


async def test_statement_ref_chains_match_whatever_the_arrival_order(
    lrs: httpx.AsyncClient,
) -> None:
    target = activity()
    a, b, c = (str(uuid.uuid4()) for _ in range(3))
    verb = {"id": f"http://example.com/verbs/{uuid.uuid4().hex}"}
    await post_statements(
        lrs, statement(id=a, verb=verb, object={"objectType": "StatementRef", "id": b})
    )
    await post_statements(
        lrs, statement(id=b, verb=verb, object={"objectType": "StatementRef", "id": c})
    )
    await post_statements(lrs, statement(id=c, object={"id": target}))
    found = await query_statements(lrs, activity=target)
    assert [s["id"] for s in found["statements"]] == [c, b, a]


async def test_statement_ref_cycles_end(lrs: httpx.AsyncClient) -> None:
    first, second = str(uuid.uuid4()), str(uuid.uuid4())
    verb = {"id": f"http://example.com/verbs/{uuid.uuid4().hex}"}
    third = str(uuid.uuid4())
    await post_statements(
        lrs,
        [
            statement(id=first, verb=verb, object={"objectType": "StatementRef", "id": second}),
            statement(id=second, object={"objectType": "StatementRef", "id": third}),
            statement(id=third, object={"objectType": "StatementRef", "id": first}),
        ],
    )
    found = await query_statements(lrs, verb=verb["id"])
    assert {s["id"] for s in found["statements"]} == {first, second, third}
