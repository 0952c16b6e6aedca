"""The HTTP API: routers parse, authorise and call one use case."""

from __future__ import annotations

from recognition.api import awards, badges, public, rules

ROUTERS = [rules.router, badges.router, awards.router, public.router]
