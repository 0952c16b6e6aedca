"""The HTTP API: routers parse, authorise and call one use case."""

from __future__ import annotations

from recognition.api import awards, badges, points, public, rules, social

ROUTERS = [
    rules.router,
    badges.router,
    awards.router,
    points.router,
    social.router,
    public.router,
]
