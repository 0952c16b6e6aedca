"""The mentorship service on SQLite and on PostgreSQL, with the session's broker."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from continuum_contracts.topics import (
    CATALOG,
    HRIS_EMPLOYEES,
    MENTORSHIP,
    PROGRESS,
    XAPI_STATEMENTS,
    XAPI_SUBMISSIONS,
)
from continuum_runtime.kafka import ensure_topics
from continuum_runtime.testing.service import service_fixture
from mentorship.main import create_app
from mentorship.settings import MentorshipSettings
from mentorship.store.migrate import migrate_async

sys.path.insert(0, str(Path(__file__).parent))

service = service_fixture(create_app, MentorshipSettings, migrate_async, own_consumer_group=True)


@pytest.fixture(scope="session", autouse=True)
async def mentorship_topics(bootstrap_servers: str) -> None:
    """Every topic the service reads or writes exists before its consumers first subscribe: a
    topic created later joins the subscription only at a metadata refresh and a rebalance."""
    topics = (HRIS_EMPLOYEES, CATALOG, PROGRESS, XAPI_STATEMENTS, XAPI_SUBMISSIONS, MENTORSHIP)
    await ensure_topics(bootstrap_servers, topics)
