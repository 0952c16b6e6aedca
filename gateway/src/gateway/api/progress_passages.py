"""The learning side of progress as it answers (the LRS itself is proxied at /xapi)."""

from __future__ import annotations

from gateway.api.passages import Passage

ASSIGNMENT_ID = "5c0e9a3b-1f7d-4b2e-8c61-0d9a7e3f4b12"
_ASSIGNMENT = {
    "id": ASSIGNMENT_ID,
    "learner_id": "e-1001",
    "target_kind": "item",
    "target_id": "7f1c2f5e-4d0a-4a57-9a0e-2b8f6f0f8a11",
    "target_title": "SQL basics",
    "reason": "manager",
    "due_date": "2026-12-31",
    "status": "open",
    "overdue": False,
}
_SELF = "The learner, their manager or an admin."
_BUDGET = {"scope": "role", "scope_id": "data-analyst", "weekly_minutes": 180}

PROGRESS_PASSAGES = [
    Passage("POST", "/assignments", "Assign an item or a path",
            "Managers assign to their reports, learners to themselves, admins to anyone.",
            _ASSIGNMENT, status=201, body=True),
    Passage("GET", "/assignments/{assignment_id}", "One assignment", _SELF, _ASSIGNMENT),
    Passage("PATCH", "/assignments/{assignment_id}", "Change an open assignment's due date",
            "Whoever assigned it, or an admin.", _ASSIGNMENT, body=True),
    Passage("POST", "/assignments/{assignment_id}/cancel", "Cancel an open assignment",
            "Whoever assigned it, or an admin.", _ASSIGNMENT),
    Passage("GET", "/learners/{employee_id}/assignments", "A learner's assignments", _SELF,
            {"learner_id": "e-1001", "assignments": [_ASSIGNMENT]},
            query=(("status", "open, closed, overdue, completed or cancelled."),)),
    Passage("GET", "/learners/{employee_id}", "A learner's role, manager and role history",
            _SELF, {"learner_id": "e-1001", "role_id": "data-analyst", "manager_id": "e-9",
                    "status": "active"}),
    Passage("GET", "/learners/{employee_id}/progress", "Progress on items and paths", _SELF,
            {"learner_id": "e-1001", "items": [], "paths": []}),
    Passage("GET", "/learners/{employee_id}/paths/{path_id}/progress", "Progress on one path",
            _SELF, {"path_id": "0b3f0c8e-6a51-4f7e-8f0b-59e1c2d7a9b4", "percentage": 50.0}),
    Passage("GET", "/learners/{employee_id}/learning-time", "Learning time against the budget",
            _SELF, {"learner_id": "e-1001", "weekly_budget_minutes": 120, "weeks": []},
            query=(("weeks", "How many ISO weeks to show (1-104)."),)),
    Passage("GET", "/learners/{employee_id}/transcript", "Everything learned, with hours", _SELF,
            {"learner_id": "e-1001", "total_hours": 12.5, "entries": []}),
    Passage("GET", "/learning-budgets", "Learning-time budgets (admin)",
            "The default budget and every override.",
            {"default_weekly_minutes": 120, "overrides": [_BUDGET]}),
    Passage("PUT", "/roles/{role_id}/learning-budget", "Set a role's weekly budget (admin)",
            "Minutes per ISO week.", _BUDGET, body=True),
    Passage("PUT", "/learners/{employee_id}/learning-budget",
            "Set a person's weekly budget (admin)", "Minutes per ISO week.",
            {**_BUDGET, "scope": "person", "scope_id": "e-1001"}, body=True),
]  # fmt: skip
