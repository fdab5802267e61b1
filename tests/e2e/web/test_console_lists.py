"""Console lists a merchant reads every day, over HTTP on both databases: the product list with a thumbnail,
the units left to sell and the units sold; the members list with spend, orders, last order and tags."""

from __future__ import annotations

import re

import httpx

from shoal.catalog.schemas import ProductUpdate
from shoal.catalog.service import update_product
from shoal.core.actors import SYSTEM
from shoal.orders import service as orders
from tests.e2e.web.conftest import sign_in
from tests.integration.checkout.conftest import make_shop
from tests.integration.orders.conftest import place

HX = {"HX-Request": "true"}


def _cell(page: str, row: str, name: str) -> str:
    """The text of the ``data-<name>`` cell in the table row marked ``row``."""
    found = re.search(rf'{row}".*?data-{name}>([^<]*)<', page, re.S)
    assert found, f"no {name} cell for {row}"
    return found.group(1).strip()


async def test_the_product_list_shows_a_thumbnail_stock_left_and_units_sold(  # type: ignore[no-untyped-def]
    web: httpx.AsyncClient, db, tenant, uow_factory
) -> None:
    shop = await make_shop(uow_factory, tenant)
    order = await place(shop, uow_factory, {shop.variants[0]: 3})
    system = db.uow(tenant_id=tenant.id, actor=SYSTEM)
    await orders.mark_paid(system, order_id=order.id, payment_id="p1", amount=order.total, paid_at=order.created_at)
    product_id = order.lines[0].product_id
    await update_product(
        uow_factory(),
        product_id=product_id,
        data=ProductUpdate.model_validate({"images": [{"url": "/static/tea.png"}]}),
    )
    await sign_in(web, tenant.slug, tenant.owner_email, tenant.owner_password)

    page = (await web.get("/console/products")).text
    sold_row = f'data-product="{product_id}'
    assert re.search(rf'{sold_row}".*?<img src="/static/tea.png"', page, re.S)
    # 10 in the warehouse and 10 in the store, 3 sold.
    assert _cell(page, sold_row, "stock") == "17" and _cell(page, sold_row, "sold") == "3"
    assert page.count("data-thumb") == 2 and page.count("data-sold>0<") == 1  # the other product: no image, none sold
