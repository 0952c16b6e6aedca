"""ETags on composed answers: a digest of the body, so `If-None-Match` saves the transfer."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from fastapi import Request, Response
from fastapi.encoders import jsonable_encoder


def conditional_json(request: Request, body: Any, *, status: int = 200) -> Response:
    """`body` as JSON with a weak ETag; 304 when the caller already holds this version."""
    content = json.dumps(jsonable_encoder(body), separators=(",", ":")).encode()
    etag = f'W/"{hashlib.sha256(content).hexdigest()[:32]}"'
    headers = {"ETag": etag, "Cache-Control": "private, no-cache"}
    held = request.headers.get("if-none-match", "")
    if etag in (tag.strip() for tag in held.split(",")):
        return Response(status_code=304, headers=headers)
    return Response(content, status_code=status, headers=headers, media_type="application/json")
