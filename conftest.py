"""Settings every test suite shares (pytest loads this file for any test path below it)."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# Property tests check what the code does, not how fast: on a shared two-core machine data
# generation and single examples are sometimes slow, which is no failure of the property.
settings.register_profile(
    "continuum",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "continuum"))
