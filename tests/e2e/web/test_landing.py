"""The server's root address is a page for people (the console, the shop, the API docs), not JSON; a favicon
answers at /favicon.ico; the health and API routes are unchanged."""

from __future__ import annotations

import httpx

from shoal.main import create_app


async def test_root_is_a_landing_page_linking_the_console_and_the_demo_shop(web: httpx.AsyncClient) -> None:
    page = await web.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert 'href="/console"' in page.text and 'href="/shop/demo"' in page.text and 'href="/docs"' in page.text
    assert "商家后台" in page.text and 'rel="icon"' in page.text
    english = await web.get("/", headers={"Accept-Language": "en"})
    assert "Merchant console" in english.text and "Demo shop" in english.text


async def test_the_shop_link_names_the_default_tenant(settings, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = create_app(settings.model_copy(update={"default_tenant": "tea-house", "media_dir": str(tmp_path)}), db=db)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://shoal.test") as client:
        assert 'href="/shop/tea-house"' in (await client.get("/")).text


async def test_favicon_and_the_service_routes(web: httpx.AsyncClient) -> None:
    icon = await web.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"].startswith("image/svg+xml")
    assert icon.content.startswith(b"<svg")
    assert (await web.get("/static/favicon.svg")).content == icon.content
    assert (await web.get("/healthz")).json() == {"status": "ok"}
    assert (await web.get("/openapi.json")).status_code == 200
