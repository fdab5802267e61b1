"""No internal code reaches a person's screen: the main console and shop pages, rendered with a real order
(paid, partly refunded, an after-sales case), stock moved by a named staff member and a VIP member, show no
uuid, no ``staff:``/``shopper:`` actor, no amount in fen, no raw ledger or after-sales reason; the English
console names products and categories in English."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from shoal.aftersales import service as aftersales
from shoal.aftersales.schemas import AfterSaleCreate, LineIn
from shoal.catalog import service as catalog
from shoal.catalog import service_taxonomy as taxonomy
from shoal.catalog.schemas import ProductUpdate
from shoal.catalog.schemas_taxonomy import CategoryUpdate
from shoal.core.actors import SYSTEM, Actor
from shoal.customers.schemas import CustomerAdminUpdate
from shoal.customers.service import update_customer
from shoal.identity.rules import permissions_of
from shoal.identity.service_staff import list_staff
from shoal.inventory.service_stock import receive_stock
from shoal.orders import service as orders
from shoal.orders.schemas import LineRefund
from shoal.orders.service_queries import get_order_detail
from tests.e2e.web.conftest import sign_in
from tests.e2e.web.test_order_money_pages import _placed_pickup_order, http  # noqa: F401  (the fixture)

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)
ACTOR = re.compile(r"\b(staff|shopper|customer|system):", re.I)
RAW_CODES = ("pending_payment", "partially_shipped", "not_as_described", "wrong_item", "refund_only", "transfer_in")


class _VisibleText(HTMLParser):
    """What a person reads: text outside tags, scripts and styles (attribute values are not shown)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs) -> None:  # type: ignore[no-untyped-def]
        self._hidden += tag in ("script", "style", "template")

    def handle_endtag(self, tag: str) -> None:
        self._hidden -= tag in ("script", "style", "template") and self._hidden > 0

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.chunks.append(data.strip())


def visible(html: str) -> str:
    reader = _VisibleText()
    reader.feed(html)
    return "\n".join(reader.chunks)


def assert_no_internal_codes(url: str, html: str, fen: tuple[int, ...]) -> str:
    text = visible(html)
    assert not UUID.search(text), (url, UUID.search(text))
    assert not ACTOR.search(text), (url, ACTOR.search(text))
    for amount in fen:
        assert not re.search(rf"(?<![\d.,¥]){amount}(?![\d.])", text), (url, amount)
    for code in RAW_CODES:
        assert not re.search(rf"\b{code}\b", text), (url, code)
    return text


@pytest.fixture
async def busy_shop(http, db, tenant, uow_factory, tmp_path: Path, clock):  # type: ignore[no-untyped-def]  # noqa: F811
    """A paid pickup order (¥280) partly refunded (¥140) by the owner, a damaged-item case, a VIP shopper."""
    page_url, order_id = await _placed_pickup_order(http, db, tenant, uow_factory, tmp_path)
    system = db.uow(tenant_id=tenant.id, actor=SYSTEM)
    owner = next(s for s in await list_staff(system) if s.role == "owner")
    by_owner = Actor(kind="staff", id=owner.id, role="owner", permissions=permissions_of("owner"))
    await orders.mark_paid(system, order_id=order_id, payment_id="pay-codes-1", amount=28000, paid_at=clock.now())
    order = await get_order_detail(db.uow(tenant_id=tenant.id, actor=SYSTEM), order_id=order_id)
    line = order.lines[0]
    await orders.record_refund(
        db.uow(tenant_id=tenant.id, actor=by_owner), order_id=order_id, amount=14000,
        line_refunds=[LineRefund(line.id, 1, 14000)],
    )  # fmt: skip
    await receive_stock(
        db.uow(tenant_id=tenant.id, actor=by_owner), variant_id=line.variant_id,
        location_id=order.fulfilment_location_ids[0], quantity=3,
    )  # fmt: skip
    shopper = Actor(kind="shopper", id=order.customer_id)
    await aftersales.request_after_sale(
        db.uow(tenant_id=tenant.id, actor=shopper), order_id=order_id,
        data=AfterSaleCreate(kind="refund_only", lines=[LineIn(order_line_id=line.id, quantity=1)],
                             reason_code="damaged"),
    )  # fmt: skip
    await update_customer(uow_factory(), customer_id=order.customer_id, data=CustomerAdminUpdate(customer_group="vip"))
    product = order.lines[0].product_id
    await catalog.update_product(
        uow_factory(), product_id=product, data=ProductUpdate(translations={"en": {"name": "Glass Cup"}})
    )
    category = (await taxonomy.list_categories(uow_factory()))[0]
    await taxonomy.update_category(
        uow_factory(), category_id=category.id, data=CategoryUpdate(translations={"en": {"name": "Teaware"}})
    )
    return {"page_url": page_url, "order_id": order_id, "product_id": product, "owner": owner.name}


async def test_console_pages_show_names_labels_and_money_not_codes(http, tenant, busy_shop) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    await sign_in(http, tenant.slug, tenant.owner_email, tenant.owner_password)
    fen = (28000, 14000, 15000, 30000)
    order = assert_no_internal_codes("order", (await http.get(f"/console/orders/{busy_shop['order_id']}")).text, fen)
    assert "已退款 ¥140.00" in order and busy_shop["owner"] in order
    ledger = assert_no_internal_codes("ledger", (await http.get("/console/inventory/ledger")).text, fen)
    assert "入库" in ledger and "订单占用" in ledger and busy_shop["owner"] in ledger
    assert not re.search(r"receipt|reservation|\bsale\b", ledger)
    cases = assert_no_internal_codes("after-sales", (await http.get("/console/after-sales")).text, fen)
    assert "damaged" not in cases and "商品破损" in cases
    members = assert_no_internal_codes("members", (await http.get("/console/customers")).text, fen)
    assert "VIP 会员" in members
    for url in ("/console", "/console/orders", "/console/products", f"/console/products/{busy_shop['product_id']}",
                "/console/categories", "/console/inventory"):  # fmt: skip
        assert_no_internal_codes(url, (await http.get(url)).text, fen)
    english = {"Accept-Language": "en"}
    switched = await http.post("/console/locale", data={"locale": "en"}, headers={"HX-Request": "true"})
    assert switched.status_code == 200, switched.text
    products = (await http.get("/console/products", headers=english)).text
    detail = (await http.get(f"/console/products/{busy_shop['product_id']}", headers=english)).text
    new = (await http.get("/console/products/new", headers=english)).text
    assert "Glass Cup" in visible(products) and "Glass Cup" in visible(detail) and "Teaware" in visible(new)


async def test_shop_pages_show_no_codes(http, tenant, busy_shop) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    fen = (28000, 14000, 15000, 30000)
    for url in (busy_shop["page_url"], f"/shop/{tenant.slug}/orders", f"/shop/{tenant.slug}/me"):
        assert_no_internal_codes(url, (await http.get(url)).text, fen)
