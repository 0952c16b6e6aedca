"""Request bodies too large to hold in memory, written to a spool file as they arrive."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from fastapi import Request


async def spool(request: Request, directory: str | None) -> Path:
    """The body, streamed to a new file (the caller deletes it); the body size limit applies
    while it streams (a 413 deletes the partial file)."""
    handle, name = tempfile.mkstemp(prefix="catalog-import-", dir=directory)
    path = Path(name)
    try:
        with os.fdopen(handle, "wb") as out:
            async for chunk in request.stream():
                out.write(chunk)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def media_type(request: Request) -> str:
    return request.headers.get("content-type", "application/json").split(";")[0].strip().lower()
