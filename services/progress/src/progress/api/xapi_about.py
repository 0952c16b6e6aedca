"""The xAPI About resource (Communication 2.8): the versions this LRS speaks."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from progress.xapi_auth import XapiAuth

# Included by the xAPI documents router, which carries the /xapi prefix.
router = APIRouter(tags=["xAPI"])
VERSIONS = ["1.0.3", "1.0.2", "1.0.1", "1.0.0"]


@router.get("/about", summary="xAPI versions supported")
async def about(_caller: XapiAuth) -> dict[str, Any]:
    return {"version": VERSIONS, "extensions": {}}
