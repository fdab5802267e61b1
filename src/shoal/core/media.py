"""Addresses of pictures: where uploads are served, and which addresses a page may show.

Shared by the web layer, which stores uploads (``shoal.web.media``), and by the domains that accept picture
addresses. A product image may live on a CDN, so it is a path on this site or an http(s) address; an
after-sales photo comes from a shopper and is shown to staff, so it must be one of its own shop's uploads
(never an outside image fetched by staff browsers). ``javascript:`` and ``data:`` never get through either.
"""

from __future__ import annotations

import re
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

MEDIA_URL = "/media"
_STORED_NAME = r"[0-9a-f-]{36}\.(?:jpg|png|webp|gif)"


def upload_folder(tenant_id: str, kind: str) -> str:
    """Uploads are kept per shop (``<tenant id>/<kind>``), so an address says whose upload it is."""
    return f"{tenant_id}/{kind}"


def is_upload_of(url: str, tenant_id: str, kind: str) -> bool:
    """Whether ``url`` is exactly the address ``shoal.web.media`` gives a ``kind`` upload of this shop."""
    pattern = f"{MEDIA_URL}/{re.escape(upload_folder(tenant_id, kind))}/{_STORED_NAME}"
    return re.fullmatch(pattern, url) is not None


def is_safe_image_url(url: str) -> bool:
    """A path on this site (``/media/...``) or an ``http(s)://host/...`` address. No scheme that runs or
    embeds content, no ``//host`` (scheme-relative), no blanks or control characters a browser would drop."""
    if not url or any(char.isspace() or ord(char) < 32 or char == "\\" for char in url):
        return False
    if url.startswith("/"):
        return not url.startswith("//")
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _image_url(url: str) -> str:
    if not is_safe_image_url(url):
        raise PydanticCustomError(
            "unsafe_url", "Give a picture on this site (/media/...) or an http(s) address; nothing else is shown."
        )
    return url


ImageUrl = Annotated[str, Field(min_length=1, max_length=500), AfterValidator(_image_url)]
"""The address of a picture staff give (product image, variant image, brand logo)."""
