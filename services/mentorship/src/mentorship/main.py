"""The mentorship service: profiles, explained optimal matching, mentorships and sessions."""

from __future__ import annotations

from fastapi import FastAPI

from continuum_runtime.service import ServiceRuntime
from mentorship.api import ROUTERS
from mentorship.consumers import subscribe
from mentorship.service_layer.expiry import expiry_job
from mentorship.service_layer.mentor_cache import MentorCache
from mentorship.service_layer.org_cache import OrgCache
from mentorship.service_layer.profile_cache import ProfileCache
from mentorship.settings import MentorshipSettings
from mentorship.store.tables import metadata


def create_app(settings: MentorshipSettings | None = None) -> FastAPI:
    settings = settings or MentorshipSettings()
    runtime = ServiceRuntime(settings, metadata=metadata)
    subscribe(runtime)
    app = runtime.create_app(
        title="Continuum mentorship",
        version="0.1.0",
        description="Mentor and mentee profiles, provably optimal matching with explanations, "
        "mentorships and their sessions (as xAPI learning).",
        routers=ROUTERS,
    )
    app.state.mentor_cache = MentorCache(settings.topk_cache_seconds)
    app.state.profile_cache = ProfileCache()
    app.state.org_cache = OrgCache()
    runtime.every(
        settings.expiry_check_seconds, expiry_job(runtime.unit_of_work), name="proposal-expiry"
    )
    return app
