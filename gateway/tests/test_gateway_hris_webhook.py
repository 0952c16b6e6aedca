"""`POST /v1/hris/events` and the CSV replay, through a real gateway onto the real broker."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import httpx
from platform_servers import Platform, unique_id
from seed import hire, signed
from typer.testing import CliRunner

from continuum_contracts.topics import HRIS_EMPLOYEES
from continuum_runtime.auth.devissuer import DevIssuer
from continuum_runtime.testing.broker import free_port
from continuum_runtime.testing.service import running
from continuum_runtime.testing.topics import read_topic
from gateway.cli import app as cli
from gateway.main import create_app
from gateway.settings import GatewaySettings

TOPIC = HRIS_EMPLOYEES.name


def webhook(platform: Platform) -> httpx.AsyncClient:
    return platform.client()  # no bearer token: the signature authenticates


async def test_a_signed_delivery_is_published_once(platform: Platform) -> None:
    employee = unique_id("E")
    document = hire(employee, "M-1")
    body, headers = signed(platform.hris_secret, document)
    answer = await webhook(platform).post("/v1/hris/events", content=body, headers=headers)
    assert answer.status_code == 202, answer.text
    [event_id] = answer.json()["published"]
    [record] = await read_topic(platform.bootstrap_servers, TOPIC, 1, key=employee)
    assert dict(record.headers)["ce_id"].decode() == event_id
    assert json.loads(record.value)["employee_id"] == employee

    # The very same signed request again: a replay, refused.
    replayed = await webhook(platform).post("/v1/hris/events", content=body, headers=headers)
    assert replayed.status_code == 401
    # The HRIS redelivers the change (signed anew): accepted, nothing published again.
    body, headers = signed(platform.hris_secret, document, at=time.time() + 1)
    again = await webhook(platform).post("/v1/hris/events", content=body, headers=headers)
    assert again.status_code == 202
    assert again.json() == {"format": "canonical", "published": [], "duplicates": [event_id],
                            "ignored": []}  # fmt: skip
    records = await read_topic(platform.bootstrap_servers, TOPIC, 2, key=employee,
                               wait_seconds=2)  # fmt: skip
    assert len(records) == 1


async def test_a_bad_or_stale_signature_is_401_and_publishes_nothing(platform: Platform) -> None:
    employee = unique_id("E")
    body, headers = signed(b"not-the-secret", hire(employee, None))
    client = webhook(platform)
    forged = await client.post("/v1/hris/events", content=body, headers=headers)
    assert forged.status_code == 401
    assert forged.headers["content-type"] == "application/problem+json"
    body, headers = signed(platform.hris_secret, hire(employee, None), at=time.time() - 3600)
    assert (await client.post("/v1/hris/events", content=body, headers=headers)).status_code == 401
    unsigned = await client.post("/v1/hris/events", content=body)
    assert unsigned.status_code == 401
    assert await read_topic(platform.bootstrap_servers, TOPIC, 1, key=employee,
                            wait_seconds=2) == []  # fmt: skip


async def test_bad_input_names_the_field(platform: Platform) -> None:
    document = hire(unique_id("E"), None)
    del document["data"]["email"]
    body, headers = signed(platform.hris_secret, document)
    answer = await webhook(platform).post("/v1/hris/events", content=body, headers=headers)
    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == ["data.email"]


async def test_without_a_broker_the_webhook_answers_503_with_retry_after(
    dev_issuer: DevIssuer, auth_settings: dict[str, str]
) -> None:
    settings = GatewaySettings(
        **auth_settings, kafka_bootstrap_servers=f"127.0.0.1:{free_port()}",
        hris_webhook_secrets="s3cret", live_events_enabled=False, log_json=False,
    )  # fmt: skip
    async with running(create_app, settings, dev_issuer) as gateway:
        body, headers = signed(b"s3cret", hire(unique_id("E"), None))
        answer = await gateway.anonymous.post("/v1/hris/events", content=body, headers=headers)
        assert answer.status_code == 503
        assert answer.headers["retry-after"] == "5"
        # Refused, so the same signed request may be retried as it is.
        again = await gateway.anonymous.post("/v1/hris/events", content=body, headers=headers)
        assert again.status_code == 503


async def test_the_csv_replay_reports_each_row_and_is_idempotent(
    platform: Platform, tmp_path: Path
) -> None:
    first, second = unique_id("E"), unique_id("E")
    export = tmp_path / "export.csv"
    export.write_text(
        "Employee ID,Given Name,Family Name,Email,Role ID,Department,Location,Hire Date\n"
        f"{first},Ana,Lima,ana@example.com,dev,Engineering,remote,2025-01-06\n"
        f"{second},Rui,Sa,not-an-email,dev,Engineering,Porto,someday\n"
    )
    report = tmp_path / "report.csv"
    args = ["hris-replay", str(export), "--source-system", "workday", "--url",
            platform.gateway.url, "--secret", platform.hris_secret.decode(),
            "--report", str(report)]  # fmt: skip
    done = await asyncio.to_thread(CliRunner().invoke, cli, args)
    assert done.exit_code == 1, done.output  # one row was refused
    lines = report.read_text().splitlines()
    assert lines[1].startswith(f"2,{first},published")
    assert lines[2].startswith(f"3,{second},invalid,")
    assert "hire_date" in lines[2]
    assert len(await read_topic(platform.bootstrap_servers, TOPIC, 1, key=first)) == 1

    again = await asyncio.to_thread(CliRunner().invoke, cli, args)
    assert "1 duplicate" in again.output
    records = await read_topic(platform.bootstrap_servers, TOPIC, 2, key=first, wait_seconds=2)
    assert len(records) == 1
