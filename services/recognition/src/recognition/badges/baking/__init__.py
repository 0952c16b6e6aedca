"""Baked badges: an assertion or credential embedded in the badge's own PNG or SVG image.

Open Badges 2.0 bakes under the `openbadges` keyword (PNG iTXt) or `<openbadges:assertion>`
(SVG); 3.0 under `openbadgecredential` or `<openbadges:credential>`. `bake_png`/`bake_svg` write
them, `unbake` reads either standard from either format and says what it found.
"""

from recognition.badges.baking.content import MAX_IMAGE_BYTES, Baked, BakingError, Standard, unbake
from recognition.badges.baking.png import bake_png
from recognition.badges.baking.svg import bake_svg

__all__ = ["MAX_IMAGE_BYTES", "Baked", "BakingError", "Standard", "bake_png", "bake_svg", "unbake"]
