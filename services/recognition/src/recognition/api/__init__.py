"""The HTTP API: routers parse, authorise and call one use case."""

from __future__ import annotations

from recognition.api import awards, badges, ceremonies, points, public, reports, rules, social

ROUTERS = [
    rules.router,
    badges.router,
    awards.router,
    points.router,
    social.router,
    ceremonies.router,
    reports.router,
    public.router,
]
