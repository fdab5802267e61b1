"""A NUL character anywhere a handler reads a value is a 422 ``nul_character`` at the edge, never a 500
(PostgreSQL refuses NUL in text), signed in or not, over the API and the console and storefront forms."""

from __future__ import annotations

import pytest

from tests.conftest import TenantFixture, staff_headers

HTMX = {"HX-Request": "true"}


def _refused(response, where: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["code"] == "nul_character" and response.json()["where"] == where


async def test_query_strings_and_paths(client, tenant: TenantFixture) -> None:
    shop = {"X-Shoal-Tenant": tenant.slug}
    _refused(await client.get("/api/v1/store/products", params={"q": "tea\x00"}, headers=shop), "query")
    _refused(await client.get("/api/v1/store/products/abc%00def", headers=shop), "path")
    _refused(await client.get(f"/shop/{tenant.slug}%00/login"), "path")
    headers = await staff_headers(client, tenant)
    _refused(await client.get("/api/v1/admin/orders", params={"status": "paid\x00"}, headers=headers), "query")


async def test_header_and_cookie_values(client, tenant: TenantFixture) -> None:
    _refused(
        await client.get("/api/v1/store/products", headers={"X-Shoal-Tenant": "de%00mo".replace("%00", "\x00")}),
        "header",
    )
    cart_cookie = {"Cookie": 'shoal_cart="ab\\000c"'}
    _refused(await client.get(f"/shop/{tenant.slug}/cart", headers=cart_cookie), "cookie")


async def test_json_bodies_signed_in_or_not(client, tenant: TenantFixture) -> None:
    body = {"tenant": tenant.slug + "\x00", "email": tenant.owner_email, "password": "x"}
    _refused(await client.post("/api/v1/auth/token", json=body), "body")
    register = {"email": "nul@x.test", "password": "secret-pass", "name": "A\x00B"}
    _refused(
        await client.post("/api/v1/store/auth/register", json=register, headers={"X-Shoal-Tenant": tenant.slug}), "body"
    )
    headers = await staff_headers(client, tenant)
    product = {"name": {"zh-CN": "茶\x00"}, "variants": [{"sku": "NUL-1", "price": 100}]}
    _refused(await client.post("/api/v1/admin/products", json=product, headers=headers), "body")


async def test_an_escaped_backslash_before_u0000_is_text_not_nul(client, tenant: TenantFixture) -> None:
    body = {"tenant": tenant.slug, "email": tenant.owner_email, "password": "\\u0000"}
    response = await client.post("/api/v1/auth/token", json=body)
    assert response.status_code == 401 and response.json()["code"] == "invalid_credentials"


async def test_console_and_storefront_form_posts(client, tenant: TenantFixture) -> None:
    form = {"tenant": tenant.slug, "email": "owner\x00@x.test", "password": "x"}
    _refused(await client.post("/console/login", data=form, headers=HTMX), "body")
    shop_form = {"email": "a@x.test", "password": "pass\x00word", "mode": "login"}
    _refused(await client.post(f"/shop/{tenant.slug}/login", data=shop_form, headers=HTMX), "body")
    multipart = {"reason": (None, "broken\x00"), "photo": ("p.png", b"\x89PNG\x00\x00binary", "image/png")}
    _refused(await client.post(f"/shop/{tenant.slug}/login", files=multipart, headers=HTMX), "body")


async def test_binary_file_parts_pass(client, tenant: TenantFixture) -> None:
    files = {"photo": ("p.png", b"\x89PNG\x00\x00binary", "image/png")}
    response = await client.post(f"/shop/{tenant.slug}/login", files=files, headers={**HTMX, "Accept-Language": "en"})
    assert response.status_code != 500 and response.headers.get("content-type", "").startswith("text/html")


@pytest.mark.parametrize("language, place", [("en", "query"), ("zh-CN", "查询参数")])
async def test_the_message_names_the_place_in_the_reader_s_language(client, language: str, place: str) -> None:
    response = await client.get("/healthz?x=%00", headers={"Accept-Language": language})
    assert response.status_code == 422 and place in response.json()["detail"]
