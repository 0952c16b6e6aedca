"""What a baked image carries, and reading it back from either image format."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Literal

Standard = Literal["ob2", "ob3"]
ContentKind = Literal["url", "jws", "json"]

MAX_IMAGE_BYTES = 4 * 1024 * 1024  # badge images are small; refuse to parse anything larger
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_JWS = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+$")


class BakingError(ValueError):
    """An image that cannot be baked or unbaked; the message says why."""


@dataclass(frozen=True)
class Baked:
    """The Open Badges content of a baked image."""

    standard: Standard
    content: str  # a compact JWS, an assertion/credential as JSON, or (legacy) a URL

    @property
    def kind(self) -> ContentKind:
        return content_kind(self.content)


def content_kind(content: str) -> ContentKind:
    """Whether baked text is a JWS, a JSON document or a URL; anything else is an error."""
    text = content.strip()
    if _JWS.match(text):
        return "jws"
    if text.startswith("{"):
        try:
            if isinstance(json.loads(text), dict):
                return "json"
        except ValueError:
            pass
        raise BakingError("the baked content is not a valid JSON object")
    if text.startswith(("https://", "http://")) and not any(c.isspace() for c in text):
        return "url"
    raise BakingError("the baked content is neither a JWS, a JSON document nor a URL")


def check_size(image: bytes) -> None:
    if not image:
        raise BakingError("the image is empty")
    if len(image) > MAX_IMAGE_BYTES:
        raise BakingError(f"the image is larger than {MAX_IMAGE_BYTES} bytes")


def unbake(image: bytes) -> Baked:
    """The Open Badges content of a PNG or SVG image; BakingError if there is none."""
    from recognition.badges.baking import png, svg

    check_size(image)
    if image.startswith(PNG_SIGNATURE):
        return png.unbake_png(image)
    if image.lstrip()[:1] == b"<":
        return svg.unbake_svg(image)
    raise BakingError("the image is neither a PNG nor an SVG document")
