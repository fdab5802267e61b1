"""Dealer pages over HTTP on both databases: staff add a dealer (a refused form keeps the reason under its
input), its credit and a portal account; the dealer signs in to its portal, orders by the quick-order table
and by CSV upload, is refused over its credit with the reason; staff approve, ship and invoice on the dealer
orders page; the dealer receives. Both languages; a page of another dealer's order is a 404 page."""

from __future__ import annotations

from urllib.parse import urlencode

import httpx

from shoal.dealers import service_accounts, service_orders
from shoal.dealers.schemas import DealerUserCreate, OrderLineIn, OrderPlace
from tests.e2e.web.conftest import sign_in
from tests.integration.dealers import conftest as dealers
from tests.integration.dealers.conftest import Network

HX = {"HX-Request": "true"}
network, as_north = dealers.network, dealers.as_north  # the dealer network's fixtures


async def _portal_sign_in(web: httpx.AsyncClient, slug: str, email: str, password: str) -> None:
    signed = await web.post(f"/dealer/{slug}/login", data={"email": email, "password": password}, headers=HX)
    assert signed.headers.get("hx-redirect") == f"/dealer/{slug}", signed.text


async def test_staff_set_up_a_dealer_that_orders_in_its_portal(web, tenant, uow_factory, network: Network) -> None:  # type: ignore[no-untyped-def]
    await sign_in(web, tenant.slug, tenant.owner_email, tenant.owner_password)
    form = {"code": "HZ-01", "name": "杭州茶行", "region": "浙江", "price_list": "gold", "discount": "ten"}
    refused = await web.post("/console/dealers", data=form, headers=HX)
    assert refused.status_code == 422 and 'data-error-for="discount"' in refused.text
    made = await web.post("/console/dealers", data={**form, "discount": "5"}, headers=HX)
    dealer_page = made.headers["hx-redirect"]
    credit = {"credit_limit": "700", "payment_terms": "net", "terms_days": "30"}
    assert (await web.post(f"{dealer_page}/credit", data=credit, headers=HX)).status_code == 204
    account = {"name": "王采购", "email": "wang@hz.test", "password": "dealer-pass-1"}
    assert (await web.post(f"{dealer_page}/users", data=account, headers=HX)).status_code == 204
    sku = await web.post("/console/dealer-skus", data={"sku": "CUP-1", "moq": "0", "case_pack": "1"}, headers=HX)
    assert sku.status_code == 422 and 'data-error-for="moq"' in sku.text
    assert (await web.post("/console/dealer-skus", data={"sku": "CUP-1", "moq": "2"}, headers=HX)).status_code == 204
    tiers = await web.post("/console/dealer-rebates", data={"tiers": "50000 3\nlots"}, headers=HX)
    assert tiers.status_code == 422 and "第 2 行" in tiers.text
    assert (await web.post("/console/dealer-rebates", data={"tiers": "50000 3"}, headers=HX)).status_code == 204
    listing = (await web.get("/console/dealers")).text
    assert "50000.00 3.00" in listing and '<tr data-sku="CUP-1"><td>CUP-1</td><td>商品 CUP-1</td><td>2</td>' in listing
    page = (await web.get(dealer_page)).text
    assert "¥700.00" in page and "wang@hz.test" in page and "开票后 30 天内付款" in page

    await _portal_sign_in(web, tenant.slug, "wang@hz.test", "dealer-pass-1")
    desk = (await web.get(f"/dealer/{tenant.slug}")).text
    assert "快速下单" in desk and "¥60.00" in desk and "¥19.00" in desk  # gold tea, cups 5% off
    quick = [("sku", "TEA-1"), ("qty", "10"), ("sku", "CUP-1"), ("qty", ""), ("payment", "account")]
    form_headers = {**HX, "Content-Type": "application/x-www-form-urlencoded"}
    placed = await web.post(f"/dealer/{tenant.slug}/orders", content=urlencode(quick), headers=form_headers)
    assert placed.status_code == 204 and "placed=DO" in placed.headers["hx-redirect"]
    too_many = [("sku", "CUP-1"), ("qty", "100"), ("payment", "account")]
    refused = await web.post(f"/dealer/{tenant.slug}/orders", content=urlencode(too_many), headers=form_headers)
    assert refused.status_code == 422 and "超出信用额度" in refused.text and 'value="100"' in refused.text
    over = await web.post(f"/dealer/{tenant.slug}/orders/upload", data={"payment": "account"}, headers=HX,
                          files={"file": ("o.csv", b"CUP-1,10\n", "text/csv")})  # fmt: skip
    assert over.status_code == 422 and "超出信用额度" in over.text and "¥100.00" in over.text
    uploaded = await web.post(f"/dealer/{tenant.slug}/orders/upload", data={"payment": "account"}, headers=HX,
                              files={"file": ("o.csv", b"sku,quantity\nCUP-1,5\n", "text/csv")})  # fmt: skip
    assert uploaded.status_code == 204, uploaded.text

    orders = (await web.get("/console/dealer-orders?status=placed")).text
    assert orders.count("data-order=") == 2 and "杭州茶行" in orders
    listed = await service_orders.list_orders(uow_factory(), status="placed")
    tea_order = next(o.id for o in listed if o.lines[0].sku == "TEA-1")
    for action in ("approve", "ship", "invoice"):
        done = await web.post(f"/console/dealer-orders/{tea_order}/{action}", headers=HX)
        assert done.status_code == 204, (action, done.text)
    received = await web.post(f"/dealer/{tenant.slug}/orders/{tea_order}/receive", headers=HX)
    assert received.status_code == 204
    desk = (await web.get(f"/dealer/{tenant.slug}", headers={"Accept-Language": "en"})).text
    assert "已开票" in desk and "已收货" in desk  # the dealer user's language, stored at sign-up
    await web.post(f"/dealer/{tenant.slug}/locale", data={"locale": "en"}, headers=HX)
    desk = (await web.get(f"/dealer/{tenant.slug}")).text
    assert "Invoiced" in desk and "Quick order" in desk


async def test_another_dealers_order_is_not_found_in_the_portal(web, tenant, uow_factory, as_north, network) -> None:  # type: ignore[no-untyped-def]
    theirs = await service_orders.place(as_north(), data=OrderPlace(lines=[OrderLineIn(sku="CUP-1", quantity=1)],
                                                                    payment="account"))  # fmt: skip
    account = DealerUserCreate(email="li@south.test", name="李", password="dealer-pass-2", locale="en")
    await service_accounts.add_user(uow_factory(), dealer_id=network.south, data=account)
    await _portal_sign_in(web, tenant.slug, "li@south.test", "dealer-pass-2")
    answer = await web.post(f"/dealer/{tenant.slug}/orders/{theirs.id}/receive", headers=HX)
    assert "No dealer order with that id exists here" in answer.text
    assert theirs.number not in (await web.get(f"/dealer/{tenant.slug}")).text
