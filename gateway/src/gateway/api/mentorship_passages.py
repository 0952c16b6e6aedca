"""Mentorship as it answers: profiles, proposals and their answers, sessions, feedback."""

from __future__ import annotations

from gateway.api.passages import Passage

MENTORSHIP_ID = "3f8c1a52-9d4e-4b6f-a1c2-7e5d9b0c4f31"
_MENTORSHIP = {
    "mentorship_id": MENTORSHIP_ID,
    "mentee_id": "e-1001",
    "mentor_id": "e-77",
    "status": "proposed",
    "mentee_accepted": False,
    "mentor_accepted": False,
}
_SESSION = {"id": "s-1", "held_at": "2026-12-01T10:00:00Z", "duration_minutes": 45}
_PAIR = "The mentee or the mentor of this mentorship."
_PROFILE = {
    "employee_id": "e-77",
    "skills": [{"skill_id": "sql", "level": 4}],
    "capacity": 2,
    "languages": ["en"],
}

MENTORSHIP_PASSAGES = [
    Passage("POST", "/matching/runs", "Run matching (admin)",
            "Matches every waiting mentee optimally and proposes each pair.",
            {"id": "run-1", "objective": "max_score", "matched": 12, "matches": []},
            status=201, body=True),
    Passage("GET", "/matching/runs/{run_id}", "A matching run (admin)",
            "Its proposals and who was not matched, and why.",
            {"id": "run-1", "matched": 12, "matches": [], "unmatched": []}),
    Passage("GET", "/org/{employee_id}", "Someone's place in the organisation",
            "Department, role and manager chain on a day (HRIS effective dates).",
            {"employee_id": "e-1001", "department": "Data", "managers": ["e-9"]},
            query=(("on", "The day (default today)."),)),
    Passage("GET", "/people/{employee_id}/mentorships", "Someone's mentorships",
            "As mentee or mentor (themselves, their managers, admins).",
            {"items": [_MENTORSHIP]}),
    Passage("GET", "/mentorships/{mentorship_id}", "One mentorship",
            "The pair, their managers or admins.", _MENTORSHIP),
    Passage("POST", "/mentorships/{mentorship_id}/accept", "Accept a proposed mentorship",
            _PAIR + " Both accepting starts it.", {**_MENTORSHIP, "mentee_answer": "accepted"}),
    Passage("POST", "/mentorships/{mentorship_id}/decline", "Decline a proposed mentorship",
            _PAIR + " It ends.", {**_MENTORSHIP, "status": "declined"}),
    Passage("POST", "/mentorships/{mentorship_id}/end", "End a mentorship",
            "Completed when active, cancelled otherwise (the pair or admins).",
            {**_MENTORSHIP, "status": "completed"}, body=True),
    Passage("POST", "/mentorships/{mentorship_id}/sessions", "Log a session",
            _PAIR + " Submitted as xAPI for both.", _SESSION, status=201, body=True),
    Passage("GET", "/mentorships/{mentorship_id}/sessions", "A mentorship's sessions",
            "Notes only for the pair.", {"items": [_SESSION]}),
    Passage("POST", "/mentorships/{mentorship_id}/sessions/{session_id}/feedback",
            "Rate a session", _PAIR + " Once each; mentees' ratings feed future matches.",
            {"session_id": "s-1", "rating": 5}, status=201, body=True),
    Passage("GET", "/mentees/{employee_id}/top-mentors", "Suggested mentors",
            "The best mentors now, explained ('me' for the caller; the mentee or admins).",
            {"mentee_id": "e-1001", "mentors": [{"mentor_id": "e-77", "score": 0.82}],
             "ruled_out": {}, "blockers": []}, query=(("k", "How many (default 5)."),)),
    Passage("PUT", "/mentors/me", "Offer to mentor", "Creates or replaces the caller's profile.",
            _PROFILE, body=True),
    Passage("DELETE", "/mentors/me", "Stop offering to mentor", "Open mentorships go on.",
            {}, status=204),
    Passage("PUT", "/mentees/me", "Ask for a mentor", "Creates or replaces the caller's profile.",
            {**_PROFILE, "employee_id": "e-1001"}, body=True),
    Passage("DELETE", "/mentees/me", "Stop looking for a mentor", "Open mentorships go on.",
            {}, status=204),
    Passage("GET", "/mentors/{employee_id}", "A mentor profile",
            "One's own ('me'), or any for admins.", _PROFILE),
    Passage("GET", "/mentees/{employee_id}", "A mentee profile",
            "One's own ('me'), or any for admins.", {**_PROFILE, "employee_id": "e-1001"}),
]  # fmt: skip
