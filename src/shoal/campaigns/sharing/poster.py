"""A share link's poster as a PNG (750 x 1200): picture, name, price, campaign badge, sharer and QR code.

Drawn with Pillow and the Noto Sans CJK font that ``make run`` and ``make test`` install (Debian
``fonts-noto-cjk``), so Chinese text renders without any request to another host. Only a picture among the
shop's own uploads (``/media/...``) is drawn; anything else is a tinted placeholder with the name's first character. A
missing font is a clear error naming the package, never tofu boxes on a shopper's poster.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import segno
from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 750, 1200
BACKGROUND = (255, 255, 255)
ACCENT = (15, 111, 222)
PRICE = (192, 38, 45)
TEXT = (29, 36, 48)
MUTED = (102, 112, 133)
PICTURE = (40, 40, 710, 710)
MEDIA_PREFIX = "/media/"
MAX_IMAGE_BYTES = 5 * 1024 * 1024
FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
)


class PosterFontMissing(RuntimeError):
    """No CJK font: install Debian's fonts-noto-cjk (``make fonts`` does)."""


@dataclass(frozen=True)
class PosterContent:
    name: str
    price: str | None
    badge: str | None
    sharer: str
    caption: str
    link: str
    image: str | None


@cache
def font_path() -> Path:
    """The first CJK font found, in the known Debian places, then anywhere under /usr/share/fonts."""
    for candidate in FONT_CANDIDATES:
        if Path(candidate).is_file():
            return Path(candidate)
    found = sorted(Path("/usr/share/fonts").rglob("NotoSansCJK*.tt[cf]")) if Path("/usr/share/fonts").is_dir() else []
    if found:
        return found[0]
    raise PosterFontMissing(
        "No CJK font for share posters: install Debian's fonts-noto-cjk (make run and make test install it), "
        "which provides /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
    )


@cache
def font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path()), size)  # index 0 of the collection: the Simplified Chinese face


def local_picture(media_dir: Path, url: str | None) -> Image.Image | None:
    """A shop's own upload as an image; ``None`` for remote, missing, oversized or unreadable files."""
    if not url or not url.startswith(MEDIA_PREFIX):
        return None
    root = media_dir.resolve()
    path = (root / url.removeprefix(MEDIA_PREFIX)).resolve()
    if not path.is_relative_to(root) or not path.is_file() or path.stat().st_size > MAX_IMAGE_BYTES:
        return None
    try:
        with Image.open(path) as picture:
            return picture.convert("RGB")
    except (OSError, ValueError, Image.DecompressionBombError):
        return None


def _fit(text: str, size: int, width: int, lines: int) -> list[str]:
    """``text`` broken into at most ``lines`` lines of ``width`` pixels, the last cut with …"""
    out, line = [], ""
    for char in text:
        if font(size).getlength(line + char) > width and line:
            out.append(line)
            line = ""
        line += char
    out.append(line)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][:-1] + "…"
    return out


def _qr(link: str, pixels: int) -> Image.Image:
    buffer = io.BytesIO()
    segno.make(link, error="m", micro=False).save(buffer, kind="png", scale=10, border=2)
    buffer.seek(0)
    return Image.open(buffer).convert("RGB").resize((pixels, pixels), Image.Resampling.NEAREST)


def _picture(
    canvas: Image.Image, draw: ImageDraw.ImageDraw, content: PosterContent, picture: Image.Image | None
) -> None:
    left, top, right, bottom = PICTURE
    if picture is None:
        draw.rectangle(PICTURE, fill=ACCENT)
        draw.text(((left + right) // 2, (top + bottom) // 2), content.name[:1] or "?", font=font(260),
                  fill=BACKGROUND, anchor="mm")  # fmt: skip
        return
    box = (right - left, bottom - top)
    scale = max(box[0] / picture.width, box[1] / picture.height)
    resized = picture.resize((max(1, round(picture.width * scale)), max(1, round(picture.height * scale))))
    x, y = (resized.width - box[0]) // 2, (resized.height - box[1]) // 2
    canvas.paste(resized.crop((x, y, x + box[0], y + box[1])), (left, top))


def render_poster(content: PosterContent, *, media_dir: Path) -> bytes:
    canvas = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(canvas)
    _picture(canvas, draw, content, local_picture(media_dir, content.image))
    if content.badge:
        width = int(font(30).getlength(content.badge)) + 32
        draw.rounded_rectangle((56, 56, 56 + width, 104), radius=10, fill=PRICE)
        draw.text((72, 80), content.badge, font=font(30), fill=BACKGROUND, anchor="lm")
    for n, line in enumerate(_fit(content.name, 40, 670, 2)):
        draw.text((40, 740 + 54 * n), line, font=font(40), fill=TEXT)
    if content.price:
        draw.text((40, 870), content.price, font=font(56), fill=PRICE)
    for n, line in enumerate(_fit(content.sharer, 28, 420, 2)):
        draw.text((40, 980 + 40 * n), line, font=font(28), fill=MUTED)
    draw.text((40, 1100), content.caption, font=font(26), fill=MUTED)
    canvas.paste(_qr(content.link, 230), (480, 930))
    out = io.BytesIO()
    canvas.save(out, format="PNG", optimize=True)
    return out.getvalue()
