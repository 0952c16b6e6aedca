"""Mentorship through its API: a batch run of 10,000 mentees x 2,000 mentors end to end, from the
HTTP call (profiles, org and exclusions read from the database) to the stored, explained
proposals and their outbox events; and top-k for one mentee with 2,000 mentors.

    uv run python bench/mentorship_api_bench.py                       # SQLite in a temp folder
    uv run python bench/mentorship_api_bench.py --database-url postgresql+asyncpg://...

The organisation is `synthetic_organisation` (as bench/mentorship_bench.py): capacity 1-5, 5% of
all pairs forbidden, a reporting tree. Its recently-ended pairs are stored as the mentees'
opt-outs (same constraint effect, no 250,000 ended mentorships to insert). Loading the
database is not timed; each timed batch starts from the same state (proposals of the previous
repeat deleted). The app runs in process (httpx ASGI transport): no network, real database.
The first run in the process decodes every profile document; later runs re-read only the
(id, updated_at) of each profile and decode what changed (nothing, here): both are printed.
The response carries the first page of matches (100), as the API returns it.

`--stages` also times each batch call stage by stage (wall and process CPU, so that a busy
machine's waiting shows apart from the work): reading the inputs, encoding the pool, feasible
pairs, scores, the solve, explanations, storing proposals and outbox events (with the commit),
and the HTTP layer around the use case; plus the time the cyclic garbage collector ran. The
stages are the service's own functions, wrapped by this tool at start-up (the code measured is
unchanged); `--stages` adds about a microsecond a call.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import gc
import os
import statistics
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
from asgi_lifespan import LifespanManager
from sqlalchemy import delete

from continuum_runtime.auth.devissuer import DevIssuer
from continuum_runtime.bulk import insert_rows
from continuum_runtime.db import create_engine, session_factory
from mentorship.domain.availability import Availability
from mentorship.domain.profiles import MenteeProfile, MentorProfile
from mentorship.main import create_app
from mentorship.settings import MentorshipSettings
from mentorship.store.migrate import migrate_async
from mentorship.store.tables import (
    EmployeeFactRow,
    EmployeePeriodRow,
    MatchingRunRow,
    MenteeRow,
    MentorRow,
    MentorshipRow,
    RoleSkillRow,
    messaging,
)
from mentorship.synthetic import SyntheticOrganisation, synthetic_organisation

NOW = datetime.now(UTC)


class StageClock:
    """Wall and process CPU seconds spent in named functions of the service, and in the cyclic
    garbage collector, since the last `reset`."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self.collector = [0.0, 0]  # seconds, collections
        self._collecting_since = 0.0
        gc.callbacks.append(self._on_collection)

    def reset(self) -> None:
        self.wall.clear()
        self.cpu.clear()
        self.collector = [0.0, 0]

    def _on_collection(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._collecting_since = time.perf_counter()
        else:
            self.collector[0] += time.perf_counter() - self._collecting_since
            self.collector[1] += 1

    def _add(self, stage: str, wall: float, cpu: float) -> None:
        self.wall[stage] = self.wall.get(stage, 0.0) + wall
        self.cpu[stage] = self.cpu.get(stage, 0.0) + cpu

    def wrap(self, module: ModuleType, name: str, stage: str) -> None:
        """Time `module.name` (as the caller's module sees it) under `stage`."""
        inner = getattr(module, name)
        if asyncio.iscoroutinefunction(inner):

            @functools.wraps(inner)
            async def timed_async(*args: Any, **kwargs: Any) -> Any:
                wall, cpu = time.perf_counter(), time.process_time()
                try:
                    return await inner(*args, **kwargs)
                finally:
                    self._add(stage, time.perf_counter() - wall, time.process_time() - cpu)

            setattr(module, name, timed_async)
            return

        @functools.wraps(inner)
        def timed(*args: Any, **kwargs: Any) -> Any:
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                return inner(*args, **kwargs)
            finally:
                self._add(stage, time.perf_counter() - wall, time.process_time() - cpu)

        setattr(module, name, timed)

    def install(self) -> None:
        """The batch run's stages, by the functions the service calls for them."""
        from mentorship.domain import matching as domain
        from mentorship.service_layer import matching as use_case

        self.wrap(use_case, "load_inputs", "read inputs")
        self.wrap(use_case, "build_pool", "encode pool")
        self.wrap(domain, "feasible_pairs", "feasible pairs")
        self.wrap(domain, "pair_scores", "scores")
        self.wrap(domain, "solve_assignment", "solve")
        self.wrap(domain, "explain_assignment", "explain")
        self.wrap(use_case, "match_pool", "match")
        self.wrap(use_case, "run_batch", "use case")

    def table(self, call_wall: float, call_cpu: float) -> list[str]:
        """One row per stage: the use case less what it calls is storing (proposals, events,
        commit); the call less the use case is the HTTP layer."""
        wall, cpu = dict(self.wall), dict(self.cpu)
        inner = ("feasible pairs", "scores", "solve", "explain")
        for clock in (wall, cpu):
            match = clock.pop("match", 0.0)
            clock["match: other"] = match - sum(clock.get(s, 0.0) for s in inner)
            used = clock.pop("use case", 0.0)
            clock["store proposals + outbox, commit"] = (
                used - match - sum(clock.get(s, 0.0) for s in ("read inputs", "encode pool"))
            )
            clock["HTTP, response"] = (call_wall if clock is wall else call_cpu) - used
        order = ("read inputs", "encode pool", *inner, "match: other",
                 "store proposals + outbox, commit", "HTTP, response")  # fmt: skip
        rows = [
            f"| {s} | {wall.get(s, 0.0):.3f} | {wall.get(s, 0.0) / call_wall:.0%} | "
            f"{cpu.get(s, 0.0):.3f} | {cpu.get(s, 0.0) / max(call_cpu, 1e-9):.0%} |"
            for s in order
        ]
        seconds, collections = self.collector
        rows.append(f"| (of which cyclic GC, {collections} collections) | {seconds:.3f} | "
                    f"{seconds / call_wall:.0%} | | |")  # fmt: skip
        rows.append(f"| **call** | **{call_wall:.3f}** | 100% | **{call_cpu:.3f}** | 100% |")
        return rows


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _availability(availability: Availability) -> dict[str, Any]:
    return {
        "timezone": availability.timezone,
        "windows": [
            {"weekday": w.weekday, "start": _clock(w.start_minute), "end": _clock(w.end_minute)}
            for w in availability.windows
        ],
    }


def mentor_document(m: MentorProfile) -> dict[str, Any]:
    return {
        "skills": dict(m.skills),
        "languages": sorted(m.languages),
        "availability": _availability(m.availability),
        "capacity": m.capacity,
        "seniority": m.seniority,
        "topics": sorted(m.topics),
        "modalities": sorted(m.modalities),
        "cadences": sorted(m.cadences),
        "reverse_mentoring": m.reverse_mentoring,
        "opted_out_mentees": sorted(m.opted_out_mentees),
    }


def mentee_document(m: MenteeProfile, also_excluded: set[str]) -> dict[str, Any]:
    return {
        "goal_skills": list(m.goal_skills),
        "skill_levels": dict(m.skill_levels),
        "target_role": m.target_role,
        "languages": sorted(m.languages),
        "availability": _availability(m.availability),
        "seniority": m.seniority,
        "topics": sorted(m.topics),
        "preferred_modality": m.preferred_modality,
        "preferred_cadence": m.preferred_cadence,
        "opted_out_mentors": sorted(m.opted_out_mentors | also_excluded),
    }


async def load(url: str, org: SyntheticOrganisation) -> None:
    """The organisation into the service's tables (untimed)."""
    engine = create_engine(url)
    sessions = session_factory(engine)
    recent: dict[str, set[str]] = {}
    for mentee_id, mentor_id in org.recent_pairs:
        recent.setdefault(mentee_id, set()).add(mentor_id)
    async with sessions() as session, session.begin():
        await insert_rows(session, EmployeeFactRow.__table__, [  # type: ignore[attr-defined]
            {"employee_id": e.employee_id, "effective_date": date(2026, 1, 5),
             "occurred_at": NOW, "kind": "hired", "manager_set": True,
             "manager_id": e.manager_id, "department": e.department, "role_id": None}
            for e in org.employees
        ])  # fmt: skip
        # The periods the HRIS consumer keeps from those facts (one each: hired, never moved).
        await insert_rows(session, EmployeePeriodRow.__table__, [  # type: ignore[attr-defined]
            {"employee_id": e.employee_id, "valid_from": date(2026, 1, 5), "valid_to": None,
             "manager_id": e.manager_id, "department": e.department, "role_id": None,
             "active": True}
            for e in org.employees
        ])  # fmt: skip
        await insert_rows(session, MentorRow.__table__, [  # type: ignore[attr-defined]
            {"employee_id": m.employee_id, "profile": mentor_document(m), "updated_at": NOW}
            for m in org.mentors
        ])  # fmt: skip
        await insert_rows(session, MenteeRow.__table__, [  # type: ignore[attr-defined]
            {"employee_id": m.employee_id,
             "profile": mentee_document(m, recent.get(m.employee_id, set())), "updated_at": NOW}
            for m in org.mentees
        ])  # fmt: skip
        await insert_rows(session, RoleSkillRow.__table__, [  # type: ignore[attr-defined]
            {"role_id": r, "skill_id": s, "level": lv}
            for r, skills in org.roles.items() for s, lv in skills.items()
        ])  # fmt: skip
    await engine.dispose()


async def reset(url: str) -> None:
    """Back to no proposals (between repeats; untimed)."""
    engine = create_engine(url)
    sessions = session_factory(engine)
    async with sessions() as session, session.begin():
        await session.execute(delete(MentorshipRow))
        await session.execute(delete(MatchingRunRow))
        await session.execute(delete(messaging.outbox))
    await engine.dispose()


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def run(args: argparse.Namespace) -> None:
    mentees, mentors = (int(x) for x in args.size.split("x"))
    org = synthetic_organisation(mentees, mentors)
    folder = Path(tempfile.mkdtemp(prefix="mentorship-bench-"))
    url = args.database_url or f"sqlite+aiosqlite:///{folder / 'mentorship.db'}"
    await migrate_async(url)
    await load(url, org)
    issuer = DevIssuer(folder / "issuer", "http://bench-issuer")
    issuer.ensure_keys()
    settings = MentorshipSettings(
        database_url=url,
        relay_enabled=False,
        consumers_enabled=False,
        auth_jwks_url=issuer.jwks_file_url,
        auth_issuer=issuer.issuer,
        auth_audience=issuer.audience,
        log_json=False,
    )
    clock = StageClock() if args.stages else None
    if clock:
        clock.install()
    app = create_app(settings)
    headers = {"Authorization": f"Bearer {issuer.mint('admin-1', ['admin'])}"}
    backend = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    print(f"date {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, load average "
          f"{os.getloadavg()[0]:.2f}, {os.cpu_count()} CPUs, {backend}")  # fmt: skip
    async with LifespanManager(app, startup_timeout=60, shutdown_timeout=120), httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://bench", headers=headers,
        timeout=600,
    ) as client:  # fmt: skip
        print(
            "\n| batch via API | objective | call | seconds | matched | unmatched | total score |"
        )
        print("|---|---|---|---|---|---|---|")
        calls = 0
        breakdowns: list[str] = []
        for objective in ("max_score", "participation_first"):
            for _ in range(args.repeat):
                # The process's first run decodes every profile; later ones only changed ones.
                call = "first in process" if calls == 0 else "later"
                calls += 1
                await reset(url)
                if clock:
                    clock.reset()
                started, cpu = time.perf_counter(), time.process_time()
                response = await client.post("/matching/runs", json={"objective": objective})
                seconds = time.perf_counter() - started
                if clock:
                    breakdowns += [
                        f"\n{objective}, {call} (load average {os.getloadavg()[0]:.2f})\n",
                        "| stage | wall s | share | process CPU s | share |",
                        "|---|---:|---:|---:|---:|",
                        *clock.table(seconds, time.process_time() - cpu),
                    ]
                body = response.json()
                assert response.status_code == 201, response.text[:500]
                print(f"| {mentees:,} x {mentors:,} | {objective} | {call} | {seconds:.2f} | "
                      f"{body['matched']:,} | {body['unmatched_count']:,} | "
                      f"{body['total_score']:.2f} |", flush=True)  # fmt: skip
        if breakdowns:
            print("\nStages of each batch call:", *breakdowns, sep="\n")
        await reset(url)  # top-k with every place free, as before a run
        ids = [m.employee_id for m in org.mentees[: args.requests]]
        await client.get(f"/mentees/{ids[0]}/top-mentors")  # the first request builds the cache
        times: list[float] = []
        answered = 0
        for mentee_id in ids:
            started = time.perf_counter()
            response = await client.get(f"/mentees/{mentee_id}/top-mentors", params={"k": 5})
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.text[:500]
            answered += bool(response.json()["mentors"])
        print(f"\n| top-k via API ({mentors:,} mentors) | requests | p50 ms | p99 ms | max ms "
              f"| with a mentor |\n|---|---|---|---|---|---|\n| k = 5 | {len(times)} | "
              f"{statistics.median(times):.1f} | {_pct(times, 0.99):.1f} | {max(times):.1f} | "
              f"{answered} |")  # fmt: skip
    print(f"\nload average at the end {os.getloadavg()[0]:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", default="10000x2000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--stages", action="store_true", help="time each batch call stage by stage")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
