"""Demo data for `make run`, entered the way people would: through the API, as themselves.

The demo employees come from HRIS (progress's demo publishes their hires on
`hris.employees.v1`); this waits until mentorship has them, then gives two mentor and three
mentee profiles, runs a batch match (one mentee stays unmatched, with the reason), has both
sides accept, and logs a session per pair, which reaches progress as xAPI learning time.
Employees act with tokens of the local dev issuer, so this is for the local platform only.
Loading twice changes nothing already there.
"""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from continuum_runtime.auth.devissuer import DevIssuer

OFFICE = [{"weekday": day, "start": "09:00", "end": "17:00"} for day in range(5)]


def _availability(timezone: str) -> dict[str, Any]:
    return {"timezone": timezone, "windows": OFFICE}


MENTORS: dict[str, dict[str, Any]] = {
    "E10001": {
        "skills": {"computer-programming": 4, "debug-software": 4, "cloud-technologies": 3},
        "languages": ["en", "de"],
        "availability": _availability("Europe/Berlin"),
        "capacity": 2,
        "seniority": 5,
        "topics": ["architecture", "career growth"],
    },
    "E10003": {
        "skills": {"data-models": 4, "data-quality-assessment": 4,
                   "deliver-visual-presentation-of-data": 3},
        "languages": ["en", "es"],
        "availability": _availability("Europe/Madrid"),
        "capacity": 2,
        "seniority": 5,
        "topics": ["stakeholders", "writing"],
        "reverse_mentoring": True,
    },
}  # fmt: skip
MENTEES: dict[str, dict[str, Any]] = {
    "E10002": {
        "goal_skills": ["data-models", "deliver-visual-presentation-of-data"],
        "skill_levels": {"data-models": 1},
        "target_role": "data-analyst",
        "languages": ["en", "it"],
        "availability": _availability("Europe/Rome"),
        "seniority": 4,
        "preferred_modality": "video_call",
    },
    "E10005": {
        "goal_skills": ["computer-programming", "debug-software"],
        "skill_levels": {"computer-programming": 2},
        "languages": ["en", "ar"],
        "availability": _availability("Asia/Dubai"),
        "seniority": 3,
    },
    "E10004": {  # nobody teaches this yet: the run reports why she is not matched
        "goal_skills": ["build-recommender-systems"],
        "languages": ["en", "ja"],
        "availability": _availability("Asia/Tokyo"),
        "seniority": 4,
    },
}
WAIT_SECONDS = 120


def _issuer() -> DevIssuer:
    key_dir = os.environ.get("CONTINUUM_DEV_ISSUER_DIR")
    if not key_dir:
        raise RuntimeError("demo-load acts as the demo employees: it needs the local dev issuer")
    return DevIssuer(Path(key_dir), os.environ.get("CONTINUUM_DEV_ISSUER_URL", ""))


def _as(issuer: DevIssuer, employee_id: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {issuer.mint(employee_id, ['learner'])}"}


def _check(response: httpx.Response) -> dict[str, Any]:
    if response.status_code >= 400:
        raise RuntimeError(f"{response.request.url}: {response.status_code} {response.text}")
    body: dict[str, Any] = response.json()
    return body


def _wait_for_hris(client: httpx.Client) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    for employee_id in [*MENTORS, *MENTEES]:
        while client.get(f"/org/{employee_id}").status_code != 200:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{employee_id} never arrived from hris.employees.v1")
            time.sleep(1)


def load_demo(client: httpx.Client) -> dict[str, Any]:
    """Load everything; returns the batch run and the mentorships made active."""
    issuer = _issuer()
    _wait_for_hris(client)
    for employee_id, profile in MENTORS.items():
        _check(client.put("/mentors/me", json=profile, headers=_as(issuer, employee_id)))
    for employee_id, profile in MENTEES.items():
        _check(client.put("/mentees/me", json=profile, headers=_as(issuer, employee_id)))
    run = _check(client.post("/matching/runs", json={"objective": "participation_first"}))
    active: list[str] = []
    for mentee_id in MENTEES:
        mentorships = _check(client.get(f"/people/{mentee_id}/mentorships"))["items"]
        for mentorship in mentorships:
            if mentorship["status"] not in ("proposed", "active"):
                continue
            url = f"/mentorships/{mentorship['id']}"
            for side in ("mentee_id", "mentor_id"):
                answer = mentorship[side.replace("_id", "_answer")]
                if mentorship["status"] == "proposed" and answer is None:
                    headers = _as(issuer, mentorship[side])
                    mentorship = _check(client.post(f"{url}/accept", headers=headers))
            if mentorship["status"] == "active" and mentorship["sessions_held"] == 0:
                session = {
                    "held_at": (datetime.now(UTC) - timedelta(days=1)).isoformat(),
                    "duration_minutes": 45,
                    "format": "video_call",
                    "notes": "First session: goals and a plan for the next weeks.",
                }
                headers = _as(issuer, mentorship["mentor_id"])
                _check(client.post(f"{url}/sessions", json=session, headers=headers))
            active.append(mentorship["id"])
    return {"run": run, "active": active}
