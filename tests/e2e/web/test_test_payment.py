"""The demo shop's "pay now (test payment)": shoppers pay their own order with the mock in development only.

A staging server may run the mock with the loud switch, but there only staff play the provider: the button
is gone and the page path refuses, so no shopper completes an order for free.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from shoal.orders.service_queries import get_order_detail
from tests.integration.checkout.conftest import make_shop

HTMX = {"HX-Request": "true", "Accept-Language": "en"}
HOME = {"name": "张三", "phone": "13800138000", "province": "浙江省", "city": "杭州市", "district": "西湖区",
        "line1": "龙井路 1 号"}  # fmt: skip
STAGING = {"environment": "staging", "allow_mock_payments_outside_development": True}


@pytest.fixture(params=["development", "staging"])
async def shop_web(request, settings, db, tmp_path) -> AsyncIterator[tuple[str, httpx.AsyncClient]]:  # type: ignore[no-untyped-def]
    from shoal.main import create_app

    where = {"media_dir": str(tmp_path / "media")} | (STAGING if request.param == "staging" else {})
    app = create_app(settings.model_copy(update=where), db=db)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://shoal.test") as http:
        yield request.param, http


async def test_only_a_development_shop_lets_shoppers_pay_with_the_mock(shop_web, tenant, uow_factory) -> None:  # type: ignore[no-untyped-def]
    environment, web = shop_web
    shop = await make_shop(uow_factory, tenant)
    base = f"/shop/{tenant.slug}"
    form = {"mode": "register", "email": "member@example.com", "password": "member-pass-1", "next": ""}
    assert (await web.post(f"{base}/login", data=form, headers=HTMX)).headers.get("hx-redirect")
    await web.post(f"{base}/cart", data={"variant_id": shop.variants[0]}, headers=HTMX)
    order_url = (await web.post(f"{base}/checkout", data={**HOME, "method": "ship"}, headers=HTMX)).headers[
        "hx-redirect"
    ]
    page = (await web.get(order_url)).text
    pressed = await web.post(f"{order_url}/pay", headers=HTMX)
    status = (await get_order_detail(uow_factory(), order_id=order_url.rsplit("/", 1)[-1])).status
    if environment == "development":
        assert 'id="pay"' in page and status == "paid"
    else:
        assert 'id="pay"' not in page and status == "pending_payment"
        assert pressed.headers.get("hx-retarget") == "#flash"
