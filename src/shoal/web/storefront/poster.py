"""A product's share poster: one SVG with the product's picture, name and price and a QR code of its link.

Drawn here, with no network: the QR code comes from ``segno`` (pure Python) as one path, and the picture is
inlined as a data URI because a browser showing an SVG as an image loads nothing else, not even from our own
origin. Only files under the media folder are inlined, so a product image that is a remote URL is left out
rather than fetched.
"""

from __future__ import annotations

import base64
from html import escape
from pathlib import Path

import segno

WIDTH, HEIGHT = 600, 900
IMAGE_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
               ".webp": "image/webp", ".gif": "image/gif"}  # fmt: skip
MAX_IMAGE_BYTES = 512 * 1024  # keeps the poster light enough to send in a chat
MEDIA_PREFIX = "/media/"
FONT = "system-ui,-apple-system,'PingFang SC','Noto Sans CJK SC','Microsoft YaHei',sans-serif"
QR_BORDER = 2  # quiet-zone modules: scanners need it


def qr_path(text: str) -> tuple[str, int]:
    """The QR code of ``text`` as SVG path data (one unit per module, dark runs merged) and its size in modules."""
    qr = segno.make(text, error="m", micro=False)
    parts = []
    size = 0
    for y, row in enumerate(qr.matrix_iter(border=QR_BORDER)):
        size += 1
        x, cells = 0, list(row)
        while x < len(cells):
            if cells[x]:
                start = x
                while x < len(cells) and cells[x]:
                    x += 1
                parts.append(f"M{start} {y}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    return "".join(parts), size


def qr_svg(text: str, *, pixels: int = 180) -> str:
    """The QR code of ``text`` alone, as inline SVG: the pickup code a clerk scans at the counter."""
    path, modules = qr_path(text)
    label = escape(text)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {modules} {modules}" width="{pixels}" '
        f'height="{pixels}" shape-rendering="crispEdges" role="img" aria-label="{label}" data-qr="{label}">'
        f'<rect width="{modules}" height="{modules}" fill="#fff"/><path d="{path}" fill="#000"/></svg>'
    )


def image_data_uri(media_dir: Path, url: str | None) -> str | None:
    """A local media image as a data URI; ``None`` for remote, missing, unknown or oversized images."""
    if not url or not url.startswith(MEDIA_PREFIX):
        return None
    root = media_dir.resolve()
    path = (root / url.removeprefix(MEDIA_PREFIX)).resolve()
    kind = IMAGE_TYPES.get(path.suffix.lower())
    if kind is None or not path.is_relative_to(root) or not path.is_file():
        return None
    data = path.read_bytes()
    if len(data) > MAX_IMAGE_BYTES:
        return None
    return f"data:{kind};base64,{base64.b64encode(data).decode()}"


def wrap(text: str, width: float, limit: int = 2) -> list[str]:
    """Lines of at most ``width`` ems (a CJK character is one em, a Latin one about half), the last cut with …"""
    lines, line, used = [], "", 0.0
    for char in text:
        advance = 1.0 if ord(char) > 0x2E80 else 0.55
        if used + advance > width and line:
            lines.append(line)
            line, used = "", 0.0
        line += char
        used += advance
    lines.append(line)
    if len(lines) > limit:
        lines = lines[:limit]
        lines[-1] = lines[-1][:-1] + "…"
    return lines


def poster_svg(*, shop: str, name: str, price: str, caption: str, link: str, image: str | None) -> str:
    """The poster: shop name, picture (or a tinted panel), name, price, and the QR code with its caption."""
    path, modules = qr_path(link)
    scale = 180 / modules
    names = "".join(
        f'<text x="40" y="{640 + 42 * n}" font-size="32" fill="#1d2430">{escape(line)}</text>'
        for n, line in enumerate(wrap(name, 16))
    )
    picture = (
        f'<image href="{escape(image)}" x="40" y="80" width="520" height="480" preserveAspectRatio="xMidYMid slice"/>'
        if image
        else f'<text x="300" y="350" font-size="120" text-anchor="middle" fill="#fff">{escape(name[:1])}</text>'
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}"'
        f' font-family="{FONT}">'
        '<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">'
        '<stop offset="0" stop-color="#0f6fde"/><stop offset="1" stop-color="#5bc0eb"/></linearGradient>'
        '<clipPath id="c"><rect x="40" y="80" width="520" height="480" rx="12"/></clipPath></defs>'
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#fff"/>'
        f'<rect width="{WIDTH}" height="60" fill="url(#g)"/>'
        f'<text x="40" y="40" font-size="24" font-weight="700" fill="#fff">{escape(shop)}</text>'
        f'<g clip-path="url(#c)"><rect x="40" y="80" width="520" height="480" fill="url(#g)"/>{picture}</g>'
        f"{names}"
        f'<text x="40" y="790" font-size="44" font-weight="700" fill="#c0262d">{escape(price)}</text>'
        f'<text x="40" y="840" font-size="20" fill="#667085">{escape(caption)}</text>'
        f'<g transform="translate(380 690) scale({scale:.4f})"><rect width="{modules}" height="{modules}" fill="#fff"/>'
        f'<path d="{path}" fill="#000"/></g>'
        "</svg>"
    )
