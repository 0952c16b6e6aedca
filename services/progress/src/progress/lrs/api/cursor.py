"""The `more` cursor of statement queries: self-contained and signed, so no server state.

The token carries the original query parameters and the position reached; an HMAC makes it
tamper-proof. It outlives restarts and replicas and stays valid for a week (the spec asks 24 h).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
from dataclasses import dataclass

from progress.lrs.domain import XapiValidationError

LIFETIME_SECONDS = 7 * 24 * 3600
_RULE = "Communication 2.1.3: more"


@dataclass(frozen=True)
class Cursor:
    params: list[tuple[str, str]]
    after_seq: int
    consistent_through: str


def encode_cursor(cursor: Cursor, secret: str) -> str:
    payload = json.dumps(
        {
            "p": cursor.params,
            "s": cursor.after_seq,
            "c": cursor.consistent_through,
            "t": int(time.time()),
        },
        separators=(",", ":"),
    ).encode()
    body = base64.urlsafe_b64encode(payload).rstrip(b"=").decode()
    return f"{body}.{_sign(body, secret)}"


def decode_cursor(token: str, secret: str) -> Cursor:
    body, _, signature = token.partition(".")
    if not signature or not hmac.compare_digest(signature, _sign(body, secret)):
        raise XapiValidationError("the more token is not one this LRS issued", _RULE)
    try:
        data = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    except (binascii.Error, ValueError):
        raise XapiValidationError("the more token is malformed", _RULE) from None
    if time.time() - data["t"] > LIFETIME_SECONDS:
        raise XapiValidationError("the more token has expired", _RULE)
    return Cursor([(str(k), str(v)) for k, v in data["p"]], int(data["s"]), str(data["c"]))


def _sign(body: str, secret: str) -> str:
    digest = hmac.new(secret.encode(), body.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:18]).decode()
