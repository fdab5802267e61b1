"""Console lists a merchant reads every day, over HTTP on both databases: the product list with a thumbnail,
the units left to sell and the units sold; the members list with spend, orders, last order and tags (set in
the console and the API, never shown to the shopper)."""

from __future__ import annotations

import re

import httpx

from shoal.catalog.schemas import ProductUpdate
from shoal.catalog.service import update_product
from shoal.core.actors import SYSTEM
from shoal.orders import service as orders
from shoal.web.templating import money
from tests.conftest import staff_headers
from tests.e2e.checkout.conftest import shopper_headers
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


async def test_the_members_list_shows_spend_orders_last_order_and_tags(  # type: ignore[no-untyped-def]
    web: httpx.AsyncClient, db, tenant, uow_factory
) -> None:
    shop = await make_shop(uow_factory, tenant)
    system = db.uow(tenant_id=tenant.id, actor=SYSTEM)
    paid = []
    for quantity in (1, 2):
        order = await place(shop, uow_factory, {shop.variants[0]: quantity})
        await orders.mark_paid(
            system, order_id=order.id, payment_id=f"p{quantity}", amount=order.total, paid_at=order.created_at
        )
        paid.append(order)
    await orders.record_refund(uow_factory(), order_id=paid[-1].id, amount=100, line_refunds=[])
    await place(shop, uow_factory, {shop.variants[1]: 1})  # never paid: not a purchase
    await sign_in(web, tenant.slug, tenant.owner_email, tenant.owner_password)

    form = {"customer_group": "", "status": "active", "tags": "老客，团长, 老客"}
    saved = await web.post(f"/console/customers/{shop.customer_id}", data=form, headers=HX)
    assert saved.status_code == 204, saved.text
    page = (await web.get("/console/customers")).text
    row = f'data-customer="{shop.customer_id}'
    assert _cell(page, row, "orders") == "2"
    assert _cell(page, row, "spend") == money(sum(o.total for o in paid) - 100)
    assert _cell(page, row, "last-order") != "—"
    assert re.search(
        rf'{row}".*?data-tags><span class="badge">老客</span> <span class="badge">团长</span> <', page, re.S
    )
    assert 'value="老客, 团长"' in (await web.get(f"/console/customers/{shop.customer_id}")).text


async def test_tags_are_set_over_the_api_and_never_shown_to_the_shopper(client, tenant, uow_factory) -> None:  # type: ignore[no-untyped-def]
    shop = await make_shop(uow_factory, tenant)
    staff = await staff_headers(client, tenant)
    url = f"/api/v1/admin/customers/{shop.customer_id}"
    tagged = await client.patch(url, json={"tags": [" 老客 ", "团长", "老客"]}, headers=staff)
    assert tagged.status_code == 200 and tagged.json()["tags"] == ["老客", "团长"], tagged.text
    assert (await client.get(url, headers=staff)).json()["tags"] == ["老客", "团长"]
    listed = (await client.get("/api/v1/admin/customers", headers=staff)).json()["items"]
    assert [c["tags"] for c in listed if c["id"] == shop.customer_id] == [["老客", "团长"]]
    for refused in ({"tags": [""]}, {"tags": ["x" * 21]}, {"tags": [str(n) for n in range(21)]}, {"tags": None}):
        assert (await client.patch(url, json=refused, headers=staff)).status_code == 422, refused
    assert (await client.patch(url, json={"tags": []}, headers=staff)).json()["tags"] == []
    shopper = await shopper_headers(client, tenant.slug, "walker@example.com")
    assert "tags" not in (await client.get("/api/v1/store/me", headers=shopper)).json()
