"""Local placeholder images for the demo: small SVGs drawn from the product's name, no network needed."""

from __future__ import annotations

import hashlib
from html import escape
from pathlib import Path

PALETTE = ("#2f6f62", "#8c5a3c", "#3b5b8c", "#7a4e7e", "#a0672c", "#4f7a3a", "#8c3b4a", "#35706f")


def placeholder_svg(title: str, subtitle: str) -> str:
    colour = PALETTE[int(hashlib.sha256(title.encode()).hexdigest(), 16) % len(PALETTE)]
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="600" viewBox="0 0 600 600">'
        f'<rect width="600" height="600" fill="{colour}"/>'
        '<circle cx="300" cy="250" r="120" fill="rgba(255,255,255,0.18)"/>'
        f'<text x="300" y="450" font-size="48" text-anchor="middle" fill="#fff" font-family="sans-serif">'
        f"{escape(title)}</text>"
        f'<text x="300" y="510" font-size="26" text-anchor="middle" fill="#f0f0f0" font-family="sans-serif">'
        f"{escape(subtitle)}</text></svg>"
    )


def write_placeholder(media_dir: Path, name: str, title: str, subtitle: str) -> str:
    """Write ``demo/<name>.svg`` under ``media_dir`` and return its public URL path."""
    folder = media_dir / "demo"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.svg").write_text(placeholder_svg(title, subtitle), encoding="utf-8")
    return f"/media/demo/{name}.svg"
