"""The HTTP API: routers parse, authorise and call one use case."""

from __future__ import annotations

from mentorship.api import circles, matching, mentorships, org, profiles

# matching before profiles: /mentees/{id}/top-mentors is more specific than /mentees/{id}.
ROUTERS = [matching.router, profiles.router, mentorships.router, circles.router, org.router]
