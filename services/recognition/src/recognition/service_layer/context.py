"""What use cases need besides the unit of work: the issuer, its keys and public URLs, the
time zone periods are computed in, and the active rules (cached between batches)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from recognition.badges.keys import KeyRing
from recognition.badges.model import Issuer
from recognition.badges.urls import PublicUrls
from recognition.domain.engine import RuleEngine
from recognition.store import rules as store


class RuleBook:
    """The engine for the active rules, rebuilt only when a rule was saved since last asked."""

    def __init__(self, zone: ZoneInfo) -> None:
        self.zone = zone
        self._engine: RuleEngine | None = None
        self._revision: tuple[int, int] | None = None

    async def engine(self, session: AsyncSession) -> RuleEngine:
        revision = await store.rules_revision(session)
        if self._engine is None or revision != self._revision:
            self._engine = RuleEngine(await store.active_rules(session), self.zone)
            self._revision = revision
        return self._engine


@dataclass(frozen=True)
class Recognition:
    issuer: Issuer
    urls: PublicUrls
    keys: KeyRing
    zone: ZoneInfo
    org_homepage: str
    rulebook: RuleBook
    kudos_per_window: int = 10
    kudos_window_seconds: int = 24 * 3600

    def fallback_email(self, learner_id: str) -> str:
        """The recipient address of a learner HRIS has not described (yet)."""
        host = urlsplit(self.issuer.url).hostname or "continuum.invalid"
        return f"{learner_id.lower()}@{host}"
