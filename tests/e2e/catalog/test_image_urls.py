"""Picture addresses staff give (product images, a variant's image, a brand's logo) are a path on this site
or an http(s) address: a ``javascript:`` or ``data:`` address is a 422 ``unsafe_url`` and nothing is saved."""

from __future__ import annotations

from tests.conftest import staff_headers


def _codes(response) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return {(e["field"], e["code"]) for e in response.json()["errors"]}


async def test_unsafe_picture_addresses_are_refused(client, tenant) -> None:  # type: ignore[no-untyped-def]
    staff = await staff_headers(client, tenant)
    product = {"name": "Cup", "price": 1000, "images": [{"url": "javascript:alert(document.cookie)"}]}
    refused = await client.post("/api/v1/admin/products", json=product, headers=staff)
    assert refused.status_code == 422 and ("images.0.url", "unsafe_url") in _codes(refused)
    assert (await client.get("/api/v1/admin/products", headers=staff)).json()["items"] == []
    brand = await client.post("/api/v1/admin/brands", json={"name": "Qingyu", "logo_url": "data:image/svg+xml,<svg/>"},
                              headers=staff)  # fmt: skip
    assert brand.status_code == 422 and ("logo_url", "unsafe_url") in _codes(brand)
    created = await client.post(
        "/api/v1/admin/products", json={**product, "images": [{"url": "https://cdn.example/cup.png"}]}, headers=staff
    )
    assert created.status_code == 201, created.text
    variant = created.json()["variants"][0]["id"]
    moved = await client.patch(f"/api/v1/admin/variants/{variant}", json={"image_url": "//evil.example/x.png"},
                               headers=staff)  # fmt: skip
    assert moved.status_code == 422 and ("image_url", "unsafe_url") in _codes(moved)
