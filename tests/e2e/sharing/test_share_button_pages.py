"""The 分享 box on the flash-sale page: a guest is asked to sign in; a signed-in shopper's button issues their own
link of the session, whose poster is a PNG and which leads back to the flash-sale page."""

from __future__ import annotations

import re

from tests.conftest import staff_headers
from tests.e2e.sharing.test_share_links_api import _live_sale

HTMX = {"HX-Request": "true", "Accept-Language": "zh-CN"}


async def test_the_flash_sale_page_shares_the_session(client, db, tenant, uow_factory) -> None:  # type: ignore[no-untyped-def]
    sale_id, _hot = await _live_sale(client, db, uow_factory, tenant, await staff_headers(client, tenant))
    base = f"/shop/{tenant.slug}"
    guest = (await client.get(f"{base}/flash-sales", headers={"Accept-Language": "zh-CN"})).text
    assert "data-share-sign-in" in guest and "登录后分享" in guest
    form = {"mode": "register", "email": "fan@example.com", "password": "fan-pass-1234", "next": ""}
    assert (await client.post(f"{base}/login", data=form, headers=HTMX)).headers.get("hx-redirect")
    page = (await client.get(f"{base}/flash-sales")).text
    assert 'data-share="flash_sale"' in page and f'name="target_id" value="{sale_id}"' in page
    shared = await client.post(f"{base}/share", data={"target_type": "flash_sale", "target_id": sale_id}, headers=HTMX)
    assert shared.status_code == 200 and "复制链接" in shared.text, shared.text
    token = re.search(r'value="http://shoal\.test/s/([^"]+)"', shared.text)
    assert token, shared.text
    poster = await client.get(f"/s/{token.group(1)}/poster.png")
    assert poster.status_code == 200 and poster.headers["content-type"] == "image/png"
    followed = await client.get(f"/s/{token.group(1)}")
    assert followed.status_code == 302 and followed.headers["location"] == f"{base}/flash-sales"
