"""PNG baking: an uncompressed iTXt chunk right after IHDR, read back by keyword.

pypng reads and writes the chunk stream, checking every CRC, so the image data itself is
copied byte for byte and a damaged file is refused rather than half-read.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator

import png

from recognition.badges.baking.content import Baked, BakingError, Standard, check_size, content_kind

KEYWORDS: dict[Standard, bytes] = {"ob2": b"openbadges", "ob3": b"openbadgecredential"}
_TEXT_CHUNKS = {b"iTXt", b"tEXt", b"zTXt"}


def bake_png(image: bytes, content: str, standard: Standard = "ob2") -> bytes:
    """The image with `content` (JSON or compact JWS) baked in; earlier badge data is replaced."""
    check_size(image)
    content_kind(content)
    keyword = KEYWORDS[standard]
    chunks = list(_chunks(image))
    kept = [c for c in chunks if not (c[0] in _TEXT_CHUNKS and _keyword(c[1]) == keyword)]
    # keyword, NUL, compression flag 0, method 0, empty language tag and translated keyword
    itxt = keyword + b"\x00\x00\x00" + b"\x00" + b"\x00" + content.encode("utf-8")
    baked = [kept[0], (b"iTXt", itxt), *kept[1:]]
    out = io.BytesIO()
    png.write_chunks(out, baked)
    return out.getvalue()


def unbake_png(image: bytes) -> Baked:
    """The first Open Badges text chunk (3.0 or 2.0, or a legacy 1.x tEXt URL)."""
    check_size(image)
    for chunk_type, data in _chunks(image):
        if chunk_type not in _TEXT_CHUNKS:
            continue
        keyword = _keyword(data)
        for standard, wanted in KEYWORDS.items():
            if keyword == wanted:
                return Baked(standard, _text(chunk_type, data, keyword))
    raise BakingError("the PNG image holds no Open Badges data")


def _chunks(image: bytes) -> Iterator[tuple[bytes, bytes]]:
    reader = png.Reader(bytes=image)
    try:
        chunks = list(reader.chunks())
    except (png.FormatError, png.ChunkError, ValueError, EOFError) as error:
        raise BakingError(f"not a valid PNG image: {error}") from error
    if not chunks or chunks[0][0] != b"IHDR":
        raise BakingError("not a valid PNG image: IHDR is not the first chunk")
    yield from chunks


def _keyword(data: bytes) -> bytes:
    return data.split(b"\x00", 1)[0]


def _text(chunk_type: bytes, data: bytes, keyword: bytes) -> str:
    body = data[len(keyword) + 1 :]
    try:
        if chunk_type == b"tEXt":
            return body.decode("latin-1")
        if chunk_type == b"zTXt":
            return zlib.decompress(body[1:]).decode("latin-1")
        compressed, method, rest = body[0], body[1], body[2:]
        language_end = rest.index(b"\x00")
        text = rest[rest.index(b"\x00", language_end + 1) + 1 :]
        if compressed and method == 0:
            text = zlib.decompress(text)
        elif compressed:
            raise zlib.error(f"unknown compression method {method}")
        return text.decode("utf-8")
    except (IndexError, ValueError, zlib.error) as error:
        raise BakingError(f"the {chunk_type.decode()} chunk is malformed: {error}") from error
