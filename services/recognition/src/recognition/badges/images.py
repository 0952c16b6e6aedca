"""Default badge images, drawn from the badge's name and colour so no upload is needed.

A medal: a coloured disc inside a lighter ring, with the name's initials in the middle. The
colour is the badge's own or one derived from its id, so each badge keeps the same look. SVG is
the vector original; PNG (drawn with Pillow) serves displayers that only take raster images.
Both can be baked.
"""

from __future__ import annotations

import colorsys
import hashlib
import io
import re
from xml.sax.saxutils import escape

from PIL import Image, ImageDraw, ImageFont

_HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
PNG_SIZE = 256


def badge_colour(badge_id: str, colour: str | None = None) -> str:
    """`colour` when given (#rrggbb), else a saturated colour derived from the badge id."""
    if colour is not None:
        if not _HEX_COLOUR.match(colour):
            raise ValueError(f"colour {colour!r} must be #rrggbb")
        return colour.lower()
    hue = int.from_bytes(hashlib.sha256(badge_id.encode()).digest()[:2], "big") / 65536
    red, green, blue = colorsys.hls_to_rgb(hue, 0.42, 0.62)
    return "#{:02x}{:02x}{:02x}".format(*(round(c * 255) for c in (red, green, blue)))


def initials(name: str) -> str:
    """Up to two initials of the name's words (letters and digits only), upper-cased."""
    words = [w for w in re.split(r"[^\w]+", name) if w and not w.startswith("_")]
    letters = "".join(word[0] for word in words[:2]).upper()
    return letters or "?"


def _lighter(colour: str, amount: float = 0.45) -> str:
    channels = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(c + (255 - c) * amount) for c in channels]
    return "#{:02x}{:02x}{:02x}".format(*mixed)


def badge_svg(name: str, badge_id: str, colour: str | None = None) -> bytes:
    """The default SVG image of a badge."""
    fill = badge_colour(badge_id, colour)
    ring = _lighter(fill)
    title = escape(name)
    svg = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512" width="512" height="512"'
        f' role="img" aria-label="{escape(name, {chr(34): "&quot;"})}">'
        f"<title>{title}</title>"
        f'<circle cx="256" cy="256" r="248" fill="{ring}"/>'
        f'<circle cx="256" cy="256" r="212" fill="{fill}"/>'
        '<circle cx="256" cy="256" r="188" fill="none" stroke="#ffffff" stroke-opacity="0.5"'
        ' stroke-width="6"/>'
        '<text x="256" y="256" text-anchor="middle" dominant-baseline="central"'
        ' font-family="Helvetica, Arial, sans-serif" font-size="168" font-weight="bold"'
        f' fill="#ffffff">{escape(initials(name))}</text>'
        "</svg>\n"
    )
    return svg.encode()


def badge_png(name: str, badge_id: str, colour: str | None = None) -> bytes:
    """The default PNG image of a badge (256 x 256, transparent corners)."""
    fill = badge_colour(badge_id, colour)
    scale = 4  # draw large and downsample: smooth edges without anti-aliasing support
    size = PNG_SIZE * scale
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    centre = size / 2

    def disc(radius: float, colour_: str) -> None:
        draw.ellipse(
            (centre - radius, centre - radius, centre + radius, centre + radius), fill=colour_
        )

    disc(size * 248 / 512, _lighter(fill))
    disc(size * 212 / 512, fill)
    font = ImageFont.load_default(size=size * 150 / 512)
    draw.text((centre, centre), initials(name), fill="#ffffff", font=font, anchor="mm")
    image = image.resize((PNG_SIZE, PNG_SIZE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
