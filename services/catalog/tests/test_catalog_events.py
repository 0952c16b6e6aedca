"""Catalog events reach catalog.v1 through the outbox, with the right type, key and snapshot."""

from __future__ import annotations

import asyncio
import json

import httpx
from factories import create_item, put_role, put_skill

from continuum_contracts.topics import CATALOG
from continuum_runtime.envelope import headers_dict
from continuum_runtime.kafka import ensure_topics
from continuum_runtime.testing.service import ServiceUnderTest, unique
from continuum_runtime.testing.topics import TopicRecord, read_topic


async def _records_for(
    bootstrap: str, key: str, count: int, timeout: float = 30
) -> list[TopicRecord]:
    """The records of `key` on catalog.v1, once `count` of them have arrived."""
    return await read_topic(bootstrap, CATALOG.name, count, key=key, wait_seconds=timeout)


async def test_publishing_updating_and_retiring_an_item_emits_three_events(
    catalog: ServiceUnderTest, bootstrap_servers: str, admin: httpx.AsyncClient
) -> None:
    await ensure_topics(bootstrap_servers)
    item = await create_item(admin, title=unique("Event-sourced course"))
    await admin.patch(f"/items/{item['id']}", json={"duration_minutes": 30})
    await admin.post(f"/items/{item['id']}/retire", json={})
    records = await _records_for(bootstrap_servers, item["id"], 3)
    headers = [headers_dict(r.headers) for r in records]
    assert [h["ce_type"] for h in headers] == [
        "io.continuum.catalog.item.published.v1",
        "io.continuum.catalog.item.updated.v1",
        "io.continuum.catalog.item.retired.v1",
    ]
    assert {h["ce_subject"] for h in headers} == {item["id"]}
    assert {h["ce_source"] for h in headers} == {"/continuum/catalog"}
    payloads = [json.loads(r.value) for r in records]
    assert [p["item"]["version"] for p in payloads] == [1, 2, 3]
    assert payloads[0]["item"]["activity_iri"] == item["activity_iri"]
    assert payloads[1]["changed_fields"] == ["duration_minutes"]
    assert payloads[2]["item"]["status"] == "retired"
    # Each item declares whose statement completes it, as the contract's rule says.
    assert {p["item"]["completion_evidence"] for p in payloads} == {"self_report"}
    assert item["completion_evidence"] == "self_report"


async def test_a_certification_completes_only_on_a_trusted_statement(
    catalog: ServiceUnderTest, bootstrap_servers: str, admin: httpx.AsyncClient
) -> None:
    await ensure_topics(bootstrap_servers)
    certification = await create_item(
        admin,
        kind="certification",
        details={"issuer": "Cloud Academy", "exam": {"name": "Architect exam"}},
    )
    assessed = await create_item(
        admin, kind="course", details={"provider": "Academy", "assessed": True}
    )
    assert certification["completion_evidence"] == assessed["completion_evidence"] == "trusted"
    [record] = await _records_for(bootstrap_servers, certification["id"], 1)
    assert json.loads(record.value)["item"]["completion_evidence"] == "trusted"


async def test_skill_role_and_path_changes_are_announced(
    catalog: ServiceUnderTest, bootstrap_servers: str, admin: httpx.AsyncClient
) -> None:
    await ensure_topics(bootstrap_servers)
    skill = unique("go")
    role = unique("backend")
    await put_skill(admin, skill)
    await put_role(admin, role, {skill: 3})
    item = await create_item(
        admin,
    )
    path = await admin.post(
        "/paths",
        json={
            "title": "Go backend",
            "status": "published",
            "target_role_id": role,
            "steps": [{"item_id": item["id"]}],
        },
    )
    [skill_record] = await _records_for(bootstrap_servers, skill, 1)
    [role_record] = await _records_for(bootstrap_servers, role, 1)
    [path_record] = await _records_for(bootstrap_servers, path.json()["id"], 1)
    assert (
        headers_dict(skill_record.headers)["ce_type"] == "io.continuum.catalog.skill.published.v1"
    )
    assert headers_dict(role_record.headers)["ce_type"] == "io.continuum.catalog.role.published.v1"
    assert headers_dict(path_record.headers)["ce_type"] == "io.continuum.catalog.path.published.v1"
    assert json.loads(role_record.value)["role"]["required_skills"] == [
        {"skill_id": skill, "level": 3}
    ]


async def test_drafts_announce_nothing_until_published(
    catalog: ServiceUnderTest, bootstrap_servers: str, admin: httpx.AsyncClient
) -> None:
    await ensure_topics(bootstrap_servers)
    draft = await create_item(admin, status="draft")
    await admin.patch(f"/items/{draft['id']}", json={"title": "Still a draft"})
    await admin.post(f"/items/{draft['id']}/publish")
    records = await _records_for(bootstrap_servers, draft["id"], 1)
    await asyncio.sleep(0.5)
    records = await _records_for(bootstrap_servers, draft["id"], 2, timeout=2)
    assert [headers_dict(r.headers)["ce_type"] for r in records] == [
        "io.continuum.catalog.item.published.v1"
    ]
    assert json.loads(records[0].value)["item"]["title"] == "Still a draft"
