"""Clients of the LRS under test; each test module defines its `progress` service fixture."""

from __future__ import annotations

import httpx
import pytest
from factories import basic_auth, bearer_client, xapi_client

from continuum_runtime.testing.service import ServiceUnderTest


@pytest.fixture(scope="module")
async def lrs(progress: ServiceUnderTest) -> httpx.AsyncClient:
    """A client with Basic credentials of scope `all`."""
    return xapi_client(progress, await basic_auth(progress, ["all"]))


@pytest.fixture(scope="module")
def client(progress: ServiceUnderTest) -> httpx.AsyncClient:
    """An admin's xAPI client (a platform bearer token)."""
    return bearer_client(progress, "admin-1", ["admin"])
