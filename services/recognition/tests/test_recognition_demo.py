"""`continuum-recognition demo-load` through the real API: badges and rules that award what
the demo learning earned, rewards, preferences, kudos, an endorsement and last month's
ceremony; loading twice changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
from factories import hired, publish, statement

from continuum_contracts.topics import HRIS_EMPLOYEES, XAPI_STATEMENTS
from continuum_runtime.auth.devissuer import DevIssuer
from continuum_runtime.kafka import ensure_topics
from continuum_runtime.testing.service import ServiceUnderTest
from recognition import demo
from recognition.domain.periods import PeriodKind, period_of


async def test_demo_data_loads_through_the_api_once(
    service: ServiceUnderTest, admin: httpx.AsyncClient, dev_issuer: DevIssuer
) -> None:
    servers = service.settings.kafka_bootstrap_servers
    await ensure_topics(servers, (HRIS_EMPLOYEES, XAPI_STATEMENTS))
    last = period_of(datetime.now(UTC), PeriodKind.MONTH, ZoneInfo("Europe/Berlin")).previous()
    moment = datetime.combine(last.start, datetime.min.time(), UTC) + timedelta(days=10)
    await publish(
        servers,
        [
            hired(demo.MANAGER),
            *(hired(learner, manager_id=demo.MANAGER) for learner in demo.LEARNERS),
            *(
                statement(learner, "completed", at=moment + timedelta(days=i), duration="PT90M")
                for i, learner in enumerate(demo.LEARNERS)
            ),
        ],
    )
    token = service.token("admin", subject="admin")
    transport = httpx.ASGITransport(app=service.app)
    first = await demo.load("http://test", token, dev_issuer, transport)
    assert first == {"badges": 9, "rules": 9, "rewards": 5, "kudos": 3, "ceremonies": 1}
    again = await demo.load("http://test", token, dev_issuer, transport)
    assert again["rules"] == 0 and again["kudos"] == 0

    lukas = (await admin.get(f"/learners/{demo.LEARNERS[0]}/awards")).json()["awards"]
    assert {"first-try", "helpful-colleague"} <= {a["badge_id"] for a in lukas}
    assert any(a["endorsements"] for a in lukas)  # by their manager
    ceremonies = (await admin.get("/ceremonies")).json()
    demo_ceremony = next(c for c in ceremonies if c["period_start"] == last.start.isoformat())
    assert any(w["learner_id"] in demo.LEARNERS for w in demo_ceremony["winners"])
