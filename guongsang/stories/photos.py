"""The smaller copies of a story photo that pages send instead of the upload.

A phone photo is 4000 px wide and several megabytes; a card on a phone shows it 330 px wide.
Each photo gets JPEG copies 480, 960 and 1600 px wide (never wider than the photo itself: a
narrower photo gets a copy at its own width instead), stored beside the upload as
``<name>-<width>w.jpg``. Pages choose among them with ``srcset``; the 1600 px one is the image
shared on social networks, the 960 px one goes into the e-book.

Pixel work only: :mod:`.services` decides when, and records the result on ``StoryPhoto``.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import PurePosixPath

WIDTHS = (480, 960, 1600)
QUALITY = 82


@dataclass
class Size:
    """One copy, encoded, before it is stored."""

    width: int
    height: int
    data: bytes


def target_widths(width: int) -> list[int]:
    """The widths a photo ``width`` px wide gets: each of WIDTHS below it, and its own width when
    it is narrower than the largest (so every photo has a copy no wider than itself)."""
    if width <= 0:
        return []
    return sorted({min(target, width) for target in WIDTHS})


def rendition_name(original: str, width: int) -> str:
    """``stories/photos/ab12.png`` → ``stories/photos/ab12-480w.jpg``."""
    path = PurePosixPath(original)
    return str(path.with_name(f"{path.stem}-{width}w.jpg"))


def _flattened(image):
    """RGB or greyscale pixels a JPEG can hold: transparency laid on white."""
    from PIL import Image

    if image.mode in ("RGB", "L"):
        return image
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def render_sizes(image, icc_profile: bytes | None = None) -> list[Size]:
    """The copies of an upright, decoded photo, narrowest first.

    Each is scaled from the next wider one rather than from the full photo: with Lanczos the
    difference does not show, and a 1600 px source is a tenth of the work of a 4000 px one.
    Progressive, so a slow connection draws the whole picture early, coarse, then sharpens it.
    """
    from PIL import Image

    if image.mode == "CMYK":
        icc_profile = None  # a CMYK profile would misdescribe the RGB pixels written below
    source = _flattened(image)
    options = {"quality": QUALITY, "progressive": True, "optimize": True}
    if icc_profile:
        options["icc_profile"] = icc_profile
    full_width, full_height = source.size
    sizes = []
    for width in reversed(target_widths(full_width)):
        height = max(1, round(full_height * width / full_width))
        if (width, height) != source.size:
            source = source.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        source.save(buffer := io.BytesIO(), "JPEG", **options)
        sizes.append(Size(width, height, buffer.getvalue()))
    return sizes[::-1]


def decoded(handle):
    """The photo in ``handle`` decoded and upright (older uploads may still carry an EXIF
    orientation), with its colour profile; raises OSError when it cannot be read."""
    from PIL import Image, ImageOps

    with Image.open(handle) as original:
        profile = original.info.get("icc_profile")
        try:
            image = ImageOps.exif_transpose(original)
        except Exception:  # a broken EXIF block: the pixels as they are
            image = original.copy()
        image.load()
    return image, profile
