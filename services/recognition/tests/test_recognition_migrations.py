"""Migration 0002 on both databases: awards made before it get the recipient hash their
documents showed (their stored salt and the address known then), fixed from then on."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from continuum_runtime.migrations import upgrade_async
from recognition.badges.model import identity_hash
from recognition.store.migrate import MIGRATIONS

AWARD = (
    "INSERT INTO awards (award_id, learner_id, rule_id, rule_version, badge_id, scope_key, "
    "earned_at, evidence, points, salt, recorded_at) VALUES (:award, :learner, 'r', 1, 'b', "
    "'all', :at, '[]', 0, :salt, :at)"
)
PERSON = (
    "INSERT INTO people (employee_id, display_name, email, active, updated_at) "
    "VALUES (:id, 'Ada', :email, true, :at)"
)


async def test_0002_hashes_existing_awards_once(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RECOGNITION_ISSUER_URL", "https://learn.example.org")
    await upgrade_async(MIGRATIONS, database_url, "0001")
    engine = create_async_engine(database_url)
    at = datetime(2026, 3, 1, tzinfo=UTC)
    try:
        async with engine.begin() as conn:
            await conn.execute(text(PERSON), {"id": "E1", "email": "Ada@Example.com", "at": at})
            for award, learner, salt in (("a-1", "E1", "s1"), ("a-2", "E2", "s2")):
                await conn.execute(
                    text(AWARD), {"award": award, "learner": learner, "salt": salt, "at": at}
                )
        await upgrade_async(MIGRATIONS, database_url)
        async with engine.connect() as conn:
            rows = dict(
                (await conn.execute(text("SELECT award_id, recipient_identity FROM awards"))).all()
            )
    finally:
        await engine.dispose()
    # A known person by their address; one HRIS never described by the service's fallback.
    assert rows == {
        "a-1": identity_hash("email", "ada@example.com", "s1"),
        "a-2": identity_hash("email", "e2@learn.example.org", "s2"),
    }
