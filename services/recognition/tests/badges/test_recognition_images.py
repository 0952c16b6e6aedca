"""Default badge images: valid SVG and PNG, the same look for the same badge, bakeable."""

from __future__ import annotations

import io
from xml.etree import ElementTree

import pytest
from PIL import Image

from recognition.badges import images
from recognition.badges.baking import bake_png, bake_svg, unbake

JWS = "eyJhbGciOiJSUzI1NiJ9.eyJpZCI6IjEifQ.c2ln"


def test_the_svg_is_an_svg_document_showing_the_initials() -> None:
    svg = images.badge_svg('Kind & "Curious" <Mentor>', "kind-mentor")
    root = ElementTree.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    texts = [e.text for e in root.iter("{http://www.w3.org/2000/svg}text")]
    assert texts == ["KC"]
    assert root.find("{http://www.w3.org/2000/svg}title").text == 'Kind & "Curious" <Mentor>'  # type: ignore[union-attr]


def test_the_png_is_a_square_rgba_image_with_transparent_corners() -> None:
    with Image.open(io.BytesIO(images.badge_png("First hour", "first-hour"))) as image:
        assert image.format == "PNG" and image.size == (256, 256) and image.mode == "RGBA"
        assert image.getpixel((0, 0))[3] == 0  # type: ignore[index]
        assert image.getpixel((128, 20))[3] == 255  # type: ignore[index]


def test_colours_are_stable_per_badge_and_can_be_chosen() -> None:
    assert images.badge_colour("first-hour") == images.badge_colour("first-hour")
    assert images.badge_colour("first-hour") != images.badge_colour("streak-4")
    assert images.badge_colour("x", "#1A2B3C") == "#1a2b3c"
    assert b"#1a2b3c" in images.badge_svg("X", "x", "#1A2B3C")
    with pytest.raises(ValueError, match="#rrggbb"):
        images.badge_colour("x", "red")


@pytest.mark.parametrize(
    ("name", "expected"),
    [("python explorer", "PE"), ("Comeback", "C"), ("  ", "?"), ("10 hours of learning", "1H")],
)
def test_initials(name: str, expected: str) -> None:
    assert images.initials(name) == expected


def test_default_images_can_be_baked() -> None:
    assert unbake(bake_png(images.badge_png("A", "a"), JWS)).content == JWS
    assert unbake(bake_svg(images.badge_svg("A", "a"), JWS)).content == JWS
