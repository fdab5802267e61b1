"""QR codes drawn here, with no network: ``segno`` (pure Python) gives the modules, drawn as one SVG path (dark
runs merged). The pickup code a clerk scans at the counter uses it; share posters are PNGs drawn by
``campaigns.sharing.poster``.
"""

from __future__ import annotations

from html import escape

import segno

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
