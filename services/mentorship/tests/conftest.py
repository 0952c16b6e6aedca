"""The mentorship service on SQLite and on PostgreSQL, with the session's broker."""

from __future__ import annotations

import sys
from pathlib import Path

from continuum_runtime.testing.service import service_fixture
from mentorship.main import create_app
from mentorship.settings import MentorshipSettings
from mentorship.store.migrate import migrate_async

sys.path.insert(0, str(Path(__file__).parent))

service = service_fixture(create_app, MentorshipSettings, migrate_async)
