"""multipart/mixed bodies (RFC 2046) as xAPI uses them for attachments (Communication 1.5.2).

Parsing accepts CRLF or bare LF line breaks (clients differ); building always writes CRLF.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from progress.lrs.domain import XapiValidationError

_RULE = "Communication 1.5.2: multipart/mixed"
_BOUNDARY = re.compile(r'boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))', re.IGNORECASE)


@dataclass(frozen=True)
class Part:
    headers: dict[str, str]  # names lowercased
    body: bytes

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "text/plain").split(";")[0].strip().lower()


def boundary_of(content_type: str) -> str:
    match = _BOUNDARY.search(content_type)
    if match is None:
        raise XapiValidationError("a multipart/mixed Content-Type must have a boundary", _RULE)
    return match.group(1) or match.group(2)


def parse_multipart(body: bytes, content_type: str) -> list[Part]:
    """The parts of a multipart body; 400 when it is not well formed."""
    delimiter = b"--" + boundary_of(content_type).encode("latin-1")
    if not (body.startswith(delimiter) or b"\n" + delimiter in body):
        raise XapiValidationError("the multipart body does not start with its boundary", _RULE)
    segments = body.split(delimiter)
    parts: list[Part] = []
    closed = False
    for segment in segments[1:]:
        if segment.startswith(b"--"):
            closed = True
            break
        parts.append(_parse_part(_strip_line_breaks(segment)))
    if not closed:
        raise XapiValidationError("the multipart body is not closed by its final boundary", _RULE)
    if not parts:
        raise XapiValidationError("the multipart body has no parts", _RULE)
    return parts


def _strip_line_breaks(segment: bytes) -> bytes:
    # The line break after a delimiter and the one before the next belong to the delimiters.
    if segment.startswith(b"\r\n"):
        segment = segment[2:]
    elif segment.startswith(b"\n"):
        segment = segment[1:]
    if segment.endswith(b"\r\n"):
        return segment[:-2]
    if segment.endswith(b"\n"):
        return segment[:-1]
    return segment


def _parse_part(segment: bytes) -> Part:
    for separator in (b"\r\n\r\n", b"\n\n"):
        head, found, body = segment.partition(separator)
        if found:
            break
    else:
        if segment.startswith((b"\r\n", b"\n")):
            head, body = b"", segment.lstrip(b"\r\n")
        else:
            raise XapiValidationError("a multipart part has no blank line after its headers", _RULE)
    headers: dict[str, str] = {}
    for line in head.decode("latin-1").splitlines():
        if not line.strip():
            continue
        name, colon, value = line.partition(":")
        if not colon:
            raise XapiValidationError(f"malformed multipart part header {line!r}", _RULE)
        headers[name.strip().lower()] = value.strip()
    return Part(headers, body)


def build_multipart(parts: Sequence[tuple[Sequence[tuple[str, str]], bytes]]) -> tuple[bytes, str]:
    """Encode parts (headers, body); returns the body and its Content-Type header value."""
    boundary = "xapi-" + secrets.token_hex(16)
    chunks: list[bytes] = []
    for headers, body in parts:
        chunks.append(f"--{boundary}\r\n".encode())
        for name, value in headers:
            chunks.append(f"{name}: {value}\r\n".encode("latin-1"))
        chunks.append(b"\r\n")
        chunks.append(body)
        chunks.append(b"\r\n")
    chunks.append(f"--{boundary}--\r\n".encode())
    return b"".join(chunks), f"multipart/mixed; boundary={boundary}"
