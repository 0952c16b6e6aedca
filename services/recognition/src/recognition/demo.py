"""Demo data for `make run`, loaded through the real API, as an admin and the demo employees
would: badges and rules (whose application jobs award what the demo statements already earned),
rewards, preferences, kudos, an endorsement by the manager, and last month's ceremony.

Employees' tokens come from the development issuer of the local stack. Loading twice changes
nothing: badges, rules and rewards are put by id, kudos and the endorsement only when absent.
"""

from __future__ import annotations

import asyncio
import os
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from continuum_runtime.auth.devissuer import DevIssuer
from recognition.domain.periods import PeriodKind, period_of

LEARNERS = ("E10001", "E10002", "E10003", "E10004", "E10005")
MANAGER = "M20001"


def _badge(name: str, description: str, criteria: str, colour: str) -> dict[str, Any]:
    return {"name": name, "description": description, "criteria": criteria, "colour": colour}


# (badge id, badge, rule criterion, extra rule fields)
CATALOGUE: tuple[tuple[str, dict[str, Any], dict[str, Any], dict[str, Any]], ...] = (
    (
        "first-try",
        _badge(
            "First try",
            "Had a go at something new.",
            "Attempt any learning activity, whatever the outcome.",
            "#e36209",
        ),
        {"type": "new_attempts", "count": 1},
        {"points": 10},
    ),
    (
        "explorer",
        _badge(
            "Explorer",
            "Tried three different things.",
            "Attempt three different activities; passing is not required.",
            "#6f42c1",
        ),
        {"type": "new_attempts", "count": 3},
        {"points": 30},
    ),
    (
        "first-finish",
        _badge(
            "First finish",
            "Completed a first catalog item.",
            "Complete any catalog item.",
            "#2da44e",
        ),
        {"type": "complete_items", "count": 1},
        {"points": 20},
    ),
    (
        "steady-learner",
        _badge(
            "Steady learner",
            "Completed three catalog items.",
            "Complete three catalog items.",
            "#0969da",
        ),
        {"type": "complete_items", "count": 3},
        {"points": 50, "bonus": {"amount": "100.00", "currency": "EUR"}},
    ),
    (
        "monthly-two-hours",
        _badge(
            "Two hours this month",
            "Learned two hours in a month.",
            "Learn for two hours within one calendar month.",
            "#bf8700",
        ),
        {"type": "learning_hours", "hours": 2},
        {"points": 15, "repeat": {"kind": "per_period", "period": "month"}},
    ),
    (
        "streak-three-weeks",
        _badge(
            "Three-week streak",
            "Learned three weeks in a row.",
            "Learn something in three consecutive weeks.",
            "#cf222e",
        ),
        {"type": "learning_streak", "weeks": 3},
        {"points": 40},
    ),
    (
        "comeback",
        _badge(
            "Comeback",
            "Passed something after failing it.",
            "Pass an activity you failed before.",
            "#1a7f37",
        ),
        {"type": "comeback", "count": 1},
        {"points": 25},
    ),
    (
        "helpful-colleague",
        _badge(
            "Helpful colleague",
            "Thanked by two colleagues.",
            "Receive kudos from two different colleagues.",
            "#8250df",
        ),
        {"type": "kudos_received", "count": 2, "distinct_givers": True},
        {"points": 20},
    ),
    (
        "mentor",
        _badge(
            "Mentor",
            "Gave two mentoring sessions.",
            "Hold two mentoring sessions as a mentor.",
            "#57606a",
        ),
        {"type": "mentoring_sessions", "count": 2, "role": "mentor"},
        {"points": 30},
    ),
)
REWARDS = (
    ("course-voucher", "course_voucher", "A course voucher of your choice", 200),
    ("learning-day", "learning_day", "An extra learning day", 400),
    ("conference-budget", "conference_budget", "Budget towards a conference", 800),
    ("shout-out", "public_shout_out", "A shout-out at the all-hands", 20),
    ("leader-note", "leader_note", "A personal note from your leader", 10),
)
KUDOS = (
    ("E10002", "E10001", "Thanks for pairing with me on the Python exercises!", "python"),
    ("E10003", "E10001", "Your notes on data modelling saved me a week.", None),
    ("E10001", "E10004", "Thanks for reviewing my first front-end change so patiently.", None),
)


def _ok(response: httpx.Response, *accepted: int) -> httpx.Response:
    if response.status_code not in (accepted or (200, 201)):
        raise RuntimeError(
            f"{response.request.method} {response.request.url}: "
            f"{response.status_code} {response.text}"
        )
    return response


async def load(
    url: str,
    token: str,
    issuer: DevIssuer | None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> dict[str, int]:
    base = url.rstrip("/")
    counts = {"badges": 0, "rules": 0, "rewards": 0, "kudos": 0, "ceremonies": 0}
    async with httpx.AsyncClient(
        base_url=base, timeout=60, headers={"Authorization": f"Bearer {token}"}, transport=transport
    ) as admin:
        for badge_id, badge, criterion, extra in CATALOGUE:
            _ok(await admin.put(f"/badges/{badge_id}", json=badge))
            rule = {"name": badge["name"], "badge_id": badge_id, "criterion": criterion, **extra}
            created = await admin.post("/rules", json={"id": badge_id, **rule})
            _ok(created, 202, 409)
            counts["badges"] += 1
            counts["rules"] += created.status_code == 202
        for reward_id, kind, title, cost in REWARDS:
            _ok(
                await admin.put(
                    f"/rewards/{reward_id}", json={"type": kind, "title": title, "cost": cost}
                )
            )
            counts["rewards"] += 1
        if issuer is not None:
            counts["kudos"] = await _people(base, issuer, transport)
        counts["ceremonies"] = await _ceremony(admin)
    return counts


def _client(
    base: str,
    issuer: DevIssuer,
    subject: str,
    role: str = "learner",
    *,
    transport: httpx.AsyncBaseTransport | None = None,
) -> httpx.AsyncClient:
    token = issuer.mint(subject, [role], ttl_seconds=600)
    return httpx.AsyncClient(
        base_url=base, timeout=60, headers={"Authorization": f"Bearer {token}"}, transport=transport
    )


async def _people(base: str, issuer: DevIssuer, transport: httpx.AsyncBaseTransport | None) -> int:
    """Preferences, kudos and an endorsement, each by the employee concerned."""
    for index, learner in enumerate(LEARNERS):
        async with _client(base, issuer, learner, transport=transport) as me:
            choice = {
                "award_visibility": "public" if index % 2 == 0 else "team",
                "leaderboard_opt_in": index % 2 == 0,
                "valued_rewards": ["learning_day", "course_voucher"],
            }
            _ok(await me.put("/preferences", json=choice))
    async with _client(base, issuer, MANAGER, "manager", transport=transport) as manager:
        _ok(
            await manager.put(
                "/preferences", json={"award_visibility": "public", "share_learning_activity": True}
            )
        )
    given = 0
    for giver, receiver, message, skill in KUDOS:
        async with _client(base, issuer, receiver, transport=transport) as them:
            thanked = _ok(await them.get(f"/learners/{receiver}/kudos")).json()
        if any(k["giver_id"] == giver and k["message"] == message for k in thanked):
            continue  # loaded before
        async with _client(base, issuer, giver, transport=transport) as me:
            sent = await me.post(
                "/kudos",
                json={
                    "receiver_id": receiver,
                    "message": message,
                    "skill_id": skill,
                    "visibility": "public",
                },
            )
            _ok(sent, 201, 429)
            given += sent.status_code == 201
    await _endorse(base, issuer, transport)
    return given


async def _endorse(
    base: str, issuer: DevIssuer, transport: httpx.AsyncBaseTransport | None
) -> None:
    """The manager endorses E10001's first badge once it is there and the manager is known
    from HRIS (both follow events)."""
    async with _client(base, issuer, MANAGER, "manager", transport=transport) as manager:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            awards = (await manager.get(f"/learners/{LEARNERS[0]}/awards")).json().get("awards", [])
            if awards:
                endorsed = await manager.post(
                    f"/awards/{awards[-1]['award_id']}/endorsements",
                    json={"note": "Proud to see you learning every week."},
                )
                if endorsed.status_code in (201, 409):  # 409: loaded before
                    return
            await asyncio.sleep(1)


async def _ceremony(admin: httpx.AsyncClient) -> int:
    """Last month's ceremony, once the demo learning has reached recognition."""
    last = period_of(datetime.now(UTC), PeriodKind.MONTH, ZoneInfo("Europe/Berlin")).previous()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        summary = await admin.get(
            f"/learners/{LEARNERS[0]}/summary", params={"period": "month", "key": last.key}
        )
        if summary.status_code == 200 and summary.json()["learning_hours"] > 0:
            break
        await asyncio.sleep(1)
    _ok(await admin.post("/ceremonies", json={"kind": "monthly", "period": last.key}))
    return 1


def dev_issuer() -> DevIssuer | None:
    """The local stack's development issuer, if this runs inside it."""
    directory = os.environ.get("CONTINUUM_DEV_ISSUER_DIR")
    issuer_url = os.environ.get("CONTINUUM_DEV_ISSUER_URL")
    if not directory or not issuer_url or not Path(directory).is_dir():
        return None
    return DevIssuer(key_dir=Path(directory), issuer=issuer_url)


def run(url: str, token: str) -> dict[str, int]:
    return asyncio.run(load(url, token, dev_issuer()))
