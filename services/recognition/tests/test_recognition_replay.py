"""Replaying every topic from the start into an empty database gives the same awards: same
ids, same evidence, same times. A second instance with its own consumer group and a fresh
database reads the topics from their first record, as a rebuilt service would."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from factories import badge_body, later, publish, rule_body, slug, statement

from continuum_contracts.topics import XAPI_STATEMENTS
from continuum_runtime.auth.devissuer import DevIssuer
from continuum_runtime.kafka import ensure_topics
from continuum_runtime.testing.service import (
    FAST_SETTINGS,
    ServiceUnderTest,
    database,
    eventually,
    running,
    unique,
)
from recognition.main import create_app
from recognition.settings import RecognitionSettings
from recognition.store.migrate import migrate_async


async def define(admin: httpx.AsyncClient, badge_id: str, rule_id: str) -> None:
    await admin.put(f"/badges/{badge_id}", json=badge_body())
    body = rule_body(
        rule_id,
        badge_id,
        {"type": "new_attempts", "count": 2},
        repeat={"kind": "per_period", "period": "week"},
    )
    assert (await admin.post("/rules", json=body)).status_code == 202


def essence(awards: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return sorted((a["award_id"], a["scope"], a["earned_at"], str(a["evidence"])) for a in awards)


async def awards_of(client: httpx.AsyncClient, learner: str, count: int) -> list[dict[str, Any]]:
    async def arrived() -> list[dict[str, Any]] | None:
        awards: list[dict[str, Any]] = (await client.get(f"/learners/{learner}/awards")).json()[
            "awards"
        ]
        return awards if len(awards) >= count else None

    found: list[dict[str, Any]] = await eventually(arrived, seconds=60, what="awards")
    return found


async def test_a_replay_into_an_empty_database_gives_the_same_awards(
    service: ServiceUnderTest,
    admin: httpx.AsyncClient,
    tmp_path_factory: pytest.TempPathFactory,
    auth_settings: dict[str, str],
    dev_issuer: DevIssuer,
) -> None:
    servers = service.settings.kafka_bootstrap_servers
    await ensure_topics(servers, (XAPI_STATEMENTS,))
    badge_id, rule_id = slug("badge"), slug("rule")
    await define(admin, badge_id, rule_id)
    learner = unique("E")
    # Two weeks of tries (two awards), one voided, published out of order and twice.
    tries = [
        statement(learner, at=later(days=d, hours=h))
        for d, h in ((0, 1), (1, 2), (2, 3), (8, 1), (9, 1), (9, 2))
    ]
    voiding = statement(learner, at=later(days=10), voids=tries[4].statement.id)
    events = [*tries[::-1], voiding]
    ids = [str(uuid.uuid4()) for _ in events]
    await publish(servers, events, ids=ids)
    await publish(servers, events[:3], ids=ids[:3])
    original = await awards_of(admin, learner, 2)

    assert service.backend is not None
    async with database(service.backend, tmp_path_factory, migrate_async) as url:
        settings = RecognitionSettings(
            **FAST_SETTINGS,
            **auth_settings,
            database_url=url,
            kafka_bootstrap_servers=servers,
            service_name=f"recognition-replay-{uuid.uuid4().hex[:8]}",
            relay_enabled=False,
            keys_dir=service.settings.keys_dir,
            public_base_url=service.settings.public_base_url,
        )
        async with running(create_app, settings, dev_issuer, backend=service.backend) as replica:
            replica_admin = replica.client("admin", subject="admin-1")
            await define(replica_admin, badge_id, rule_id)
            replayed = await awards_of(replica_admin, learner, 2)
    assert essence(replayed) == essence(original)
    # The week whose second try was voided still earns: a later try replaced it as evidence.
    assert {a["scope"] for a in original} == {"week:2026-W10", "week:2026-W11"}
