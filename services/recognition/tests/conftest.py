"""The recognition service on SQLite and on PostgreSQL, with the session's broker."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import httpx
import pytest

from continuum_runtime.testing.service import ServiceUnderTest, service_fixture
from recognition.main import create_app
from recognition.settings import RecognitionSettings
from recognition.store.migrate import migrate_async

sys.path.insert(0, str(Path(__file__).parent))

# Development keys are generated on first run into this directory (one per test session).
KEYS_DIR = tempfile.mkdtemp(prefix="recognition-keys-")

service = service_fixture(
    create_app,
    RecognitionSettings,
    migrate_async,
    own_consumer_group=True,
    keys_dir=KEYS_DIR,
    public_base_url="https://learn.example.com/recognition/public",
    kudos_per_window=3,
    rule_application_interval_seconds=0.2,
)


@pytest.fixture
def admin(service: ServiceUnderTest) -> httpx.AsyncClient:
    return service.client("admin", subject="admin-1")
