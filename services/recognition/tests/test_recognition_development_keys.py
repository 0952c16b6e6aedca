"""Development signing keys: written when the service starts, beside its database, never when
the app is only created (reading routes or the OpenAPI document) nor into the working directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from continuum_runtime.auth.devissuer import DevIssuer
from continuum_runtime.testing.service import FAST_SETTINGS, running
from recognition.badges.keys import KeyMaterialError
from recognition.main import create_app, development_keys_dir
from recognition.settings import RecognitionSettings
from recognition.store.migrate import migrate_async


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


async def test_keys_are_generated_at_start_beside_the_database(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    bootstrap_servers: str,
    auth_settings: dict[str, str],
    dev_issuer: DevIssuer,
) -> None:
    workdir, data = tmp_path / "work", tmp_path / "data"
    workdir.mkdir()
    data.mkdir()
    monkeypatch.chdir(workdir)
    url = f"sqlite+aiosqlite:///{data / 'recognition.db'}"
    await migrate_async(url)
    settings = RecognitionSettings(
        **FAST_SETTINGS,
        **auth_settings,
        database_url=url,
        kafka_bootstrap_servers=bootstrap_servers,
        relay_enabled=False,
        consumers_enabled=False,
    )

    create_app(settings).openapi()
    assert _files(workdir) == [], "creating the app wrote into the working directory"
    assert not (data / "recognition-keys").exists(), "creating the app generated a key"

    async with running(create_app, settings, dev_issuer) as service:
        [key_file] = (data / "recognition-keys").glob("*.pem")
        jwks = (await service.anonymous.get("/public/.well-known/jwks.json")).json()
    [served] = jwks["keys"]
    assert key_file.stem.rsplit("-", 1)[1] in served["kid"], "the generated key is the one served"
    assert _files(workdir) == []


def test_without_a_sqlite_file_generated_keys_need_a_directory() -> None:
    on_postgres = RecognitionSettings(
        database_url="postgresql+asyncpg://recognition@127.0.0.1:5432/recognition"
    )
    create_app(on_postgres)  # reading the app's routes needs no keys
    with pytest.raises(KeyMaterialError, match="RECOGNITION_KEYS_DIR"):
        development_keys_dir(on_postgres)
    chosen = RecognitionSettings(database_url=on_postgres.database_url, keys_dir="/srv/keys")
    assert development_keys_dir(chosen) == Path("/srv/keys")
