"""Which picture addresses are accepted: product pictures on this site or an http(s) host; after-sales
photos only as the shop's own uploads."""

from __future__ import annotations

import pytest

from shoal.core.media import is_safe_image_url, is_upload_of

TENANT = "0192f0c0-0000-7000-8000-000000000001"
NAME = "0192f0c0-0000-7000-8000-0000000000aa.jpg"


@pytest.mark.parametrize("url", ["/media/products/a.png", "https://cdn.example/a.png?w=600", "http://cdn.example/a"])
def test_safe_picture_addresses(url: str) -> None:
    assert is_safe_image_url(url)


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:image/png;base64,AAAA", "vbscript:x", "//evil.example/a",
     "/\\evil.example/a", "java\tscript:alert(1)", "https://", "https:/x", "ftp://x/a.png", "a.png", ""],
)  # fmt: skip
def test_unsafe_picture_addresses(url: str) -> None:
    assert not is_safe_image_url(url)


def test_an_upload_belongs_to_one_shop_and_one_kind() -> None:
    assert is_upload_of(f"/media/{TENANT}/after-sales/{NAME}", TENANT, "after-sales")
    assert not is_upload_of(f"/media/{TENANT}/products/{NAME}", TENANT, "after-sales")
    assert not is_upload_of(f"/media/0192f0c0-0000-7000-8000-000000000002/after-sales/{NAME}", TENANT, "after-sales")
    assert not is_upload_of(f"/media/{TENANT}/after-sales/../x/{NAME}", TENANT, "after-sales")
    assert not is_upload_of(f"/media/{TENANT}/after-sales/{NAME}.html", TENANT, "after-sales")
    assert not is_upload_of(f"https://evil.example/media/{TENANT}/after-sales/{NAME}", TENANT, "after-sales")
