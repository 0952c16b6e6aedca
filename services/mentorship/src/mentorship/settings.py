"""Mentorship service settings (environment variables prefixed MENTORSHIP_)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from continuum_runtime.settings import ServiceSettings


class MentorshipSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="MENTORSHIP_", extra="ignore")

    service_name: str = "mentorship"
    database_url: str = "sqlite+aiosqlite:///var/mentorship.db"
    port: int = 8004
    # A pair that ended less than this many days ago is not proposed again.
    recent_pair_days: int = 180
    # Proposals not answered within this many days expire (ended with reason `expired`, the
    # mentor's place freed); fractions of a day are allowed.
    proposal_days: float = Field(default=14.0, gt=0)
    # How often the expiry pass looks for proposals past their time.
    expiry_check_seconds: float = Field(default=300.0, gt=0)
    # An acquired skill (from completed learning) at this level or above can be taught.
    teach_from_level: int = 3
    # xAPI: actors are accounts on this home page (as progress expects).
    org_homepage: str = "https://continuum.example.com"
    # xAPI: the activity ids of mentorships are <base>/<mentorship id>.
    activity_iri_base: str = "https://continuum.example/xapi/activities/mentorship"
    # How long the mentors encoded for on-demand top-k serve before they are read again
    # (writes in this process refresh them at once).
    topk_cache_seconds: float = 30.0
