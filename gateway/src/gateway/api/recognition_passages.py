"""Recognition as it answers: awards, points and rewards, kudos, the feed, leaderboards."""

from __future__ import annotations

from gateway.api.passages import Passage

_AWARD = {
    "award_id": "a-1",
    "learner_id": "e-1001",
    "badge_id": "first-hour",
    "points": 10,
    "earned_at": "2026-12-01T10:00:00Z",
    "revoked": False,
}
_KUDOS = {
    "kudos_id": "k-1",
    "giver_id": "e-2",
    "receiver_id": "e-1001",
    "message": "Thanks for the review!",
    "visibility": "team",
    "created_at": "2026-12-01T10:00:00Z",
}
_POINTS = {"learner_id": "e-1001", "balance": 120, "entries": [], "suggestions": []}
_REWARD = {"reward_id": "book-voucher", "title": "Book voucher", "cost": 100, "active": True}
_BADGE = {"badge_id": "first-hour", "name": "First hour", "version": 1}
_SELF = "The learner, their manager or an admin."
_LIST = ("limit", "Page size."), ("cursor", "`next_cursor` of the previous page.")

RECOGNITION_PASSAGES = [
    Passage("GET", "/learners/{learner_id}/awards", "A learner's awards", _SELF + " Newest first.",
            {"awards": [_AWARD], "next_cursor": None}, query=_LIST),
    Passage("GET", "/awards/{award_id}", "One award", "With its evidence and endorsements.",
            _AWARD),
    Passage("POST", "/awards/{award_id}/revoke", "Revoke an award (admin)",
            "Its public assertion then answers 410.", {**_AWARD, "revoked": True}, body=True),
    Passage("POST", "/awards/{award_id}/endorsements", "Endorse an award",
            "A colleague vouches for the achievement.", {"endorsement_id": "n-1"},
            status=201, body=True),
    Passage("GET", "/badges", "Badge classes", "Every badge class.", [_BADGE]),
    Passage("GET", "/badges/{badge_id}", "One badge class", "Its criteria and image.", _BADGE),
    Passage("GET", "/points", "My points", "The caller's balance, ledger and suggestions.",
            _POINTS, query=_LIST),
    Passage("GET", "/learners/{learner_id}/points", "A learner's points", _SELF, _POINTS,
            query=_LIST),
    Passage("POST", "/points/redemptions", "Redeem points for a reward",
            "Spends the caller's points; refused (409) when the balance is short.",
            {"redemption_id": "r-1", "reward_id": "book-voucher", "points": 100},
            status=201, body=True),
    Passage("GET", "/rewards", "The rewards catalogue", "What points can be spent on.",
            [_REWARD]),
    Passage("POST", "/kudos", "Thank a colleague",
            "For helping you learn; never yourself; rate-limited by the service.", _KUDOS,
            status=201, body=True),
    Passage("GET", "/learners/{learner_id}/kudos", "Kudos a learner received",
            _SELF + " Newest first.", [_KUDOS], query=_LIST),
    Passage("GET", "/preferences", "My recognition preferences",
            "Who sees my badges and kudos, leaderboards, the rewards I value.",
            {"badge_visibility": "team", "leaderboards": False}),
    Passage("PUT", "/preferences", "Save my recognition preferences",
            "Who sees my badges and kudos, leaderboards, the rewards I value.",
            {"badge_visibility": "team", "leaderboards": True}, body=True),
    Passage("GET", "/feed", "The recognition feed",
            "Recognition the caller may see, newest first (everyone's privacy choices applied).",
            {"entries": [{"entry_id": "f-1", "kind": "award",
                          "occurred_at": "2026-12-01T10:00:00Z",
                          "summary": {"learner_id": "e-1001", "badge_id": "first-hour"}}],
             "next_cursor": None}, query=_LIST),
    Passage("GET", "/leaderboards", "Leaderboards",
            "Who learned most in a period; only learners who opted in, by learner or team.",
            [{"rank": 1, "subject_id": "e-1001", "value": 7, "members": None}],
            query=(("period", "week, month, quarter or year."), ("key", "e.g. 2026-12."),
                   ("measure", "badges, points, ..."), ("board", "learners or teams."),
                   ("team_id", "One team's board."), ("limit", "How many standings."))),
    Passage("GET", "/ceremonies", "Recent ceremonies", "Period results, newest first.",
            [{"ceremony_id": "c-1", "period": "month:2026-11"}]),
]  # fmt: skip
