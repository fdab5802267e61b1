"""Image uploads (console product images, shoppers' after-sales photos): checked, stored under
``settings.media_dir`` and served at ``/media``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.datastructures import UploadFile

from shoal.core.ids import new_id
from shoal.core.media import MEDIA_URL

IMAGE_TYPES = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp", "image/gif": ".gif"}
MAX_IMAGE_BYTES = 5 * 1024 * 1024


class ImageRejected(ValueError):
    """The upload is not an image we accept (type or size)."""


async def store_image(upload: UploadFile, media_dir: str, folder: str) -> tuple[str, Path]:
    """Save the upload under a fresh name (never the user's file name) and return its URL and path."""
    suffix = IMAGE_TYPES.get(upload.content_type or "")
    if suffix is None:
        raise ImageRejected("type")
    content = await upload.read(MAX_IMAGE_BYTES + 1)
    if len(content) > MAX_IMAGE_BYTES:
        raise ImageRejected("size")
    target = Path(media_dir) / folder / f"{new_id()}{suffix}"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    return f"{MEDIA_URL}/{folder}/{target.name}", target


async def store_images(uploads: list[Any], media_dir: str, folder: str, limit: int) -> list[tuple[str, Path]]:
    """Save the chosen files (empty file inputs are skipped), at most ``limit``; all or none: if one is
    refused, those already written are removed before ``ImageRejected`` is raised."""
    chosen = [u for u in uploads if isinstance(u, UploadFile) and u.filename][:limit]
    saved: list[tuple[str, Path]] = []
    try:
        for upload in chosen:
            saved.append(await store_image(upload, media_dir, folder))
    except ImageRejected:
        discard(saved)
        raise
    return saved


def discard(saved: list[tuple[str, Path]]) -> None:
    """Remove stored files whose record was not saved after all."""
    for _url, path in saved:
        path.unlink(missing_ok=True)
