"""Baked badges: PNG and SVG round trips, read back by IMS's own bakery and by Pillow, and
clear refusals of anything that is not a badge image."""

from __future__ import annotations

import io
import json
import zlib

import png
import pytest
from openbadges_bakery import unbake as ims_unbake
from PIL import Image
from recognition_factories import URLS, badge_award

from recognition.badges import images, ob2
from recognition.badges.baking import BakingError, bake_png, bake_svg, unbake
from recognition.badges.baking.png import unbake_png

PNG = images.badge_png("Python Explorer", "python-explorer")
SVG = images.badge_svg("Python Explorer", "python-explorer")
ASSERTION = json.dumps(ob2.assertion(badge_award(), URLS))
JWS = "eyJhbGciOiJSUzI1NiJ9.eyJpZCI6InVybjp1dWlkOjEifQ.c2lnbmF0dXJl"


def chunks(image: bytes) -> list[tuple[bytes, bytes]]:
    return list(png.Reader(bytes=image).chunks())


def test_png_round_trip_keeps_the_image_and_adds_one_itxt_chunk() -> None:
    baked = bake_png(PNG, ASSERTION)
    found = unbake(baked)
    assert (found.standard, found.kind, json.loads(found.content)) == (
        "ob2",
        "json",
        json.loads(ASSERTION),
    )
    original, result = chunks(PNG), chunks(baked)
    assert [c for c in result if c[0] != b"iTXt"] == [c for c in original if c[0] != b"iTXt"]
    assert result[1][0] == b"iTXt" and result[1][1].startswith(b"openbadges\x00\x00\x00")


def test_ims_bakery_and_pillow_read_our_baked_png() -> None:
    baked = bake_png(PNG, ASSERTION)
    assert json.loads(ims_unbake(io.BytesIO(baked))) == json.loads(ASSERTION)
    with Image.open(io.BytesIO(baked)) as image:
        image.load()
        assert json.loads(image.text["openbadges"]) == json.loads(ASSERTION)  # type: ignore[attr-defined]
        assert image.size == (images.PNG_SIZE, images.PNG_SIZE)


def test_rebaking_replaces_and_both_standards_can_coexist() -> None:
    once = bake_png(PNG, ASSERTION)
    twice = bake_png(once, JWS)
    assert sum(1 for c in chunks(twice) if c[1].startswith(b"openbadges\x00")) == 1
    assert unbake_png(twice).content == JWS
    both = bake_png(twice, JWS, "ob3")
    assert {c[1].split(b"\x00")[0] for c in chunks(both) if c[0] == b"iTXt"} == {
        b"openbadges",
        b"openbadgecredential",
    }


def test_legacy_text_and_compressed_itxt_chunks_are_read() -> None:
    legacy = [*chunks(PNG)]
    legacy.insert(1, (b"tEXt", b"openbadges\x00" + URLS.assertion(badge_award().award_id).encode()))
    out = io.BytesIO()
    png.write_chunks(out, legacy)
    found = unbake(out.getvalue())
    assert found.kind == "url" and found.standard == "ob2"
    compressed = [*chunks(PNG)]
    body = b"openbadgecredential\x00\x01\x00\x00\x00" + zlib.compress(JWS.encode())
    compressed.insert(1, (b"iTXt", body))
    out = io.BytesIO()
    png.write_chunks(out, compressed)
    assert unbake(out.getvalue()).content == JWS


def test_svg_hosted_assertion_goes_in_cdata_with_its_url_in_verify() -> None:
    url = URLS.assertion(badge_award().award_id)
    baked = bake_svg(SVG, ASSERTION, verify=url)
    text = baked.decode()
    assert 'xmlns:openbadges="http://openbadges.org"' in text
    assert f'<openbadges:assertion verify="{url}"><![CDATA[' in text
    assert text.endswith(SVG.decode()[SVG.decode().index("<title>") :])  # drawing untouched
    assert json.loads(unbake(baked).content) == json.loads(ASSERTION)
    # IMS's bakery prefers the verify attribute: for a hosted badge that is the URL.
    assert ims_unbake(io.BytesIO(baked)) == url.encode()


def test_svg_signed_assertion_and_credential_live_in_verify() -> None:
    baked = bake_svg(SVG, JWS)
    assert f'<openbadges:assertion verify="{JWS}"/>' in baked.decode()
    assert unbake(baked).content == JWS
    assert ims_unbake(io.BytesIO(baked)) == JWS.encode()
    credential = bake_svg(SVG, JWS, "ob3")
    assert 'xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"' in credential.decode()
    found = unbake(credential)
    assert (found.standard, found.kind) == ("ob3", "jws")


def test_svg_edge_cases_keep_the_document_well_formed() -> None:
    tricky = (
        b'<?xml version="1.0" encoding="utf-8"?><!-- <svg> in a comment -->\n'
        b'<svg xmlns="http://www.w3.org/2000/svg" data-note="a > b" viewBox="0 0 1 1"/>'
    )
    content = json.dumps({"id": "x", "narrative": "code ]]> here"})
    baked = bake_svg(tricky, content, verify="https://example.com/a")
    assert json.loads(unbake(baked).content) == json.loads(content)
    assert baked.decode().endswith("</svg>")


@pytest.mark.parametrize(
    ("image", "reason"),
    [
        (b"", "empty"),
        (b"GIF89a....", "neither a PNG nor an SVG"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "not a valid PNG"),
        (PNG[:-20], "not a valid PNG"),
        (b"<html><body>hi</body></html>", "not an SVG"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><unclosed></svg>", "well-formed"),
        (SVG, "holds no Open Badges data"),
        (PNG, "holds no Open Badges data"),
        (
            b'<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
            b"<svg xmlns='http://www.w3.org/2000/svg'>&b;</svg>",
            "entities",
        ),
    ],
)
def test_unbaking_garbage_fails_with_a_clear_reason(image: bytes, reason: str) -> None:
    with pytest.raises(BakingError, match=reason):
        unbake(image)


def test_a_png_with_a_damaged_chunk_is_refused() -> None:
    baked = bytearray(bake_png(PNG, ASSERTION))
    baked[40] ^= 0xFF  # inside the iTXt chunk: its CRC no longer matches
    with pytest.raises(BakingError, match="not a valid PNG"):
        unbake(bytes(baked))


def test_baking_refuses_what_cannot_be_baked() -> None:
    with pytest.raises(BakingError, match="already holds"):
        bake_svg(bake_svg(SVG, JWS), JWS)
    with pytest.raises(BakingError, match="needs its URL"):
        bake_svg(SVG, ASSERTION)
    with pytest.raises(BakingError, match="neither a JWS"):
        bake_png(PNG, "hello world")
    with pytest.raises(BakingError, match="UTF-8"):
        bake_svg('<svg xmlns="http://www.w3.org/2000/svg">é</svg>'.encode("latin-1"), JWS)
    with pytest.raises(BakingError, match="too large|larger"):
        bake_png(PNG + b"\x00" * (4 * 1024 * 1024), JWS)


def test_an_itxt_chunk_with_a_bad_compression_method_is_refused() -> None:
    damaged = [*chunks(PNG)]
    damaged.insert(1, (b"iTXt", b"openbadges\x00\x01\x07\x00\x00" + b"xx"))
    out = io.BytesIO()
    png.write_chunks(out, damaged)
    with pytest.raises(BakingError, match="malformed"):
        unbake(out.getvalue())
