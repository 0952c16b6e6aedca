"""The xAPI About resource (Communication 2.8): the versions this LRS speaks.

Public, like health and docs: clients read it to choose a version before they authenticate,
and it reveals nothing but the version list.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

router = APIRouter(prefix="/xapi", tags=["xAPI"])
VERSIONS = ["1.0.3", "1.0.2", "1.0.1", "1.0.0"]


@router.get("/about", summary="xAPI versions supported")
async def about() -> dict[str, Any]:
    return {"version": VERSIONS, "extensions": {}}
