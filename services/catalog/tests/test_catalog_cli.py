"""The CLI against a real server process: migrate, serve, import (JSON and CSV), demo-load."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from continuum_runtime.auth.devissuer import DevIssuer
from continuum_runtime.testing.broker import free_port

CLI = [sys.executable, "-m", "catalog.cli"]


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory,
    bootstrap_servers: str,
    auth_settings: dict[str, str],
    dev_issuer: DevIssuer,
) -> Iterator[tuple[str, dict[str, str]]]:
    folder = tmp_path_factory.mktemp("cli")
    port = free_port()
    env = {
        **os.environ,
        "CATALOG_DATABASE_URL": f"sqlite+aiosqlite:///{folder / 'catalog.db'}",
        "CATALOG_KAFKA_BOOTSTRAP_SERVERS": bootstrap_servers,
        "CATALOG_PORT": str(port),
        "CATALOG_LOG_JSON": "false",
        **{f"CATALOG_{k.upper()}": v for k, v in auth_settings.items()},
    }
    migrated = subprocess.run(
        [*CLI, "migrate"], env=env, capture_output=True, text=True, timeout=120
    )
    assert migrated.returncode == 0, migrated.stderr
    log = (folder / "server.log").open("wb")
    process = subprocess.Popen([*CLI, "serve"], env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            raise AssertionError((folder / "server.log").read_text())
        token = dev_issuer.mint("admin-cli", ["admin"])
        yield url, {**env, "CATALOG_URL": url, "CATALOG_TOKEN": token}
    finally:
        process.terminate()
        process.wait(20)
        log.close()


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, *args], env={**env, "COLUMNS": "200"}, capture_output=True, text=True, timeout=300
    )


def test_import_reports_counts_and_is_idempotent(
    server: tuple[str, dict[str, str]], tmp_path: Path
) -> None:
    _url, env = server
    document = {
        "skills": [{"id": "cli-kotlin", "name": "Kotlin", "category": "programming"}],
        "items": [
            {
                "external_id": "cli-1",
                "kind": "video",
                "title": "Kotlin coroutines in 20 minutes",
                "language": "en",
                "duration_minutes": 20,
                "skills": [{"skill_id": "cli-kotlin", "level": 2}],
                "details": {"url": "https://video.example/kotlin", "duration_seconds": 1200},
                "status": "published",
            }
        ],
    }
    file = tmp_path / "catalog.json"
    file.write_text(json.dumps(document))
    first = _run(env, "import", str(file))
    assert first.returncode == 0, first.stdout + first.stderr
    assert "imported" in first.stdout
    assert "│ items   │ 1 " in first.stdout
    second = _run(env, "import", str(file))
    assert second.returncode == 0
    assert "│ items   │ 0       │ 0       │ 1 " in second.stdout


def test_a_bad_csv_is_rejected_with_its_row_errors(
    server: tuple[str, dict[str, str]], tmp_path: Path
) -> None:
    _url, env = server
    file = tmp_path / "items.csv"
    file.write_text(
        "external_id,kind,title,language,duration_minutes,details\n"
        'cli-csv-1,podcast,Good episode,en,30,"{""series"": ""S"", ""episode_url"": ""https://p.example/1""}"\n'
        "cli-csv-2,podcast,,en,thirty,{}\n"
    )
    result = _run(env, "import", str(file))
    assert result.returncode == 1
    assert "Nothing was imported" in result.stdout
    assert "duration_minutes" in result.stdout and "title" in result.stdout


def test_demo_load_twice_is_harmless(server: tuple[str, dict[str, str]]) -> None:
    url, env = server
    first = _run(env, "demo-load")
    assert first.returncode == 0, first.stdout + first.stderr
    assert "paths: 5 created" in first.stdout
    second = _run(env, "demo-load")
    assert second.returncode == 0, second.stdout + second.stderr
    assert "paths: 0 created, 5 already there" in second.stdout
    assert "│ items   │ 0       │ 0       │ 66 " in second.stdout
    headers = {"Authorization": f"Bearer {env['CATALOG_TOKEN']}"}
    roles = httpx.get(f"{url}/roles", headers=headers).json()["roles"]
    assert len(roles) == 20
    assert {r["id"] for r in roles if r["path_ids"]} >= {"software-developer", "data-analyst"}
    found = httpx.get(f"{url}/items", params={"q": "kubernetes"}, headers=headers).json()
    assert "KubeCon + CloudNativeCon Europe" in [i["title"] for i in found["items"]]


def test_demo_load_skips_what_a_person_retired(server: tuple[str, dict[str, str]]) -> None:
    """`make run` on an existing var/: demo entries retired through the API since the last
    run are skipped and reported; the rest loads and the command succeeds."""
    url, env = server
    assert _run(env, "demo-load").returncode == 0
    headers = {"Authorization": f"Bearer {env['CATALOG_TOKEN']}"}
    export = httpx.get(f"{url}/export", headers=headers).json()
    item_id = next(i["id"] for i in export["items"] if i.get("external_id") == "demo-001")
    for path in (
        f"/items/{item_id}/retire",
        "/roles/software-developer/retire",
        "/skills/address-problems-critically/retire",
    ):
        assert httpx.post(f"{url}{path}", json={}, headers=headers).status_code == 200
    again = _run(env, "demo-load")
    assert again.returncode == 0, again.stdout + again.stderr
    assert "skipped" in again.stdout
    for entry in ("items demo-001", "roles software-developer", "skills address-problems-critic"):
        assert entry in again.stdout
    # The path through the retired item, and the retired role's paths, are reported too.
    assert "paths 6f1d2a64-3c1b-4b7e-9c51-0a1e5f6d7a01" in again.stdout
    assert "role paths software-developer" in again.stdout
    assert httpx.get(f"{url}/readyz").status_code == 200
