"""The order pages' money adds up, on the storefront and in the console, and refunds show as they are.

A ¥150 cup, two of them, under the promotion 满199减20: goods ¥300 − 满199减20 ¥20 + shipping ¥0 = ¥280. The old
page listed the line after its discount (¥280), then took the discount off again and still said ¥280.
Here the numbers shown are parsed back and must sum to what was charged. Then one cup is refunded (部分退款,
still collectable), then the other (退款: no pickup code, no receipt or after-sales button any more).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path

import httpx
import pytest

from shoal.core.actors import SYSTEM
from shoal.orders import service as orders
from shoal.orders.schemas import LineRefund
from shoal.web.templating import money
from tests.e2e.web.conftest import sign_in
from tests.e2e.web.test_storefront_extras import _fill_cart, _goods, _shopper
from tests.integration.checkout.conftest import stock
from tests.integration.marketing.conftest import published_promotion

HTMX = {"HX-Request": "true", "Accept-Language": "zh-CN"}
ROW = re.compile(r'data-money="(\w+)"[^>]*>.*?class="amount">(-?)¥([\d.]+)<', re.S)


@pytest.fixture
async def http(settings, db, tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:  # type: ignore[no-untyped-def]
    from shoal.main import create_app

    app = create_app(settings.model_copy(update={"media_dir": str(tmp_path / "media")}), db=db)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://shoal.test") as client:
        yield client


def shown(html: str) -> list[tuple[str, int]]:
    """The money rows as the page prints them: (row, signed fen)."""
    block = html[html.index('id="money"') :]
    return [(row, int(Decimal(f"{sign}{amount}") * 100)) for row, sign, amount in ROW.findall(block)]


def adds_up(rows: list[tuple[str, int]]) -> dict[str, int]:
    """Goods, discounts and shipping shown sum to the total shown; paid − refunded = kept."""
    figures = dict(rows)
    charged = sum(amount for row, amount in rows if row in ("goods", "discount", "shipping"))
    assert charged == figures["total"], rows
    if "net" in figures:
        assert figures["paid"] + figures["refunded"] == figures["net"], rows
    return figures


async def _placed_pickup_order(http, db, tenant, uow_factory, tmp_path) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    goods = await _goods(uow_factory, tenant, tmp_path)
    await published_promotion(uow_factory)
    base = f"/shop/{tenant.slug}"
    await _shopper(http, tenant.slug)
    for _ in range(2):
        await _fill_cart(http, tenant.slug, goods.variant_id)
    store = re.search(r'<option value="([0-9a-f-]{36})"', (await http.get(f"{base}/cart")).text)
    assert store, "the cart offers a pickup store"
    await stock(uow_factory, goods.variant_id, store.group(1), 5)
    form = {"method": "pickup", "location_id": store.group(1), "expected_total": "28000", "coupon_choice": "1"}
    placed = await http.post(f"{base}/checkout", data=form, headers=HTMX)
    assert placed.status_code == 204, placed.text
    return placed.headers["hx-redirect"], placed.headers["hx-redirect"].rsplit("/", 1)[1]


async def test_the_money_shown_adds_up_and_refunds_show_as_they_are(
    http, db, tenant, uow_factory, tmp_path, clock
) -> None:  # type: ignore[no-untyped-def]
    page_url, order_id = await _placed_pickup_order(http, db, tenant, uow_factory, tmp_path)
    unpaid = (await http.get(page_url, headers=HTMX)).text
    assert 'id="pickup-code"' not in unpaid and 'id="pickup-code-later"' in unpaid
    assert adds_up(shown(unpaid)) == {"goods": 30000, "discount": -2000, "shipping": 0, "total": 28000}
    assert "满199减20" in unpaid and money(30000) in unpaid

    system = db.uow(tenant_id=tenant.id, actor=SYSTEM)
    await orders.mark_paid(system, order_id=order_id, payment_id="pay-money-1", amount=28000, paid_at=clock.now())
    paid = (await http.get(page_url, headers=HTMX)).text
    assert adds_up(shown(paid))["paid"] == 28000 and re.search(r'id="pickup-code">\d{6}<', paid)
    assert 'id="pickup-store"' in paid

    order = await _order(db, tenant.id, order_id)
    await orders.record_refund(
        db.uow(tenant_id=tenant.id, actor=SYSTEM), order_id=order_id, amount=14000,
        line_refunds=[LineRefund(order.lines[0].id, 1, 14000)],
    )  # fmt: skip
    partly = (await http.get(page_url, headers=HTMX)).text
    assert 'data-refund="partial"' in partly and "部分退款" in partly and 'data-status="paid"' in partly
    assert adds_up(shown(partly))["net"] == 14000 and 'id="after-sale"' in partly

    await orders.record_refund(
        db.uow(tenant_id=tenant.id, actor=SYSTEM), order_id=order_id, amount=14000,
        line_refunds=[LineRefund(order.lines[0].id, 1, 14000)],
    )  # fmt: skip
    refunded = (await http.get(page_url, headers=HTMX)).text
    assert 'data-status="refunded"' in refunded and 'data-refund="partial"' not in refunded
    assert adds_up(shown(refunded))["net"] == 0
    for gone in ('id="pickup-code"', 'id="received"', 'id="after-sale"', 'id="pay"'):
        assert gone not in refunded

    await sign_in(http, tenant.slug, tenant.owner_email, tenant.owner_password)
    console = (await http.get(f"/console/orders/{order_id}", headers={"Accept-Language": "zh-CN"})).text
    figures = adds_up(shown(console))
    assert figures == {"goods": 30000, "discount": -2000, "shipping": 0, "total": 28000, "paid": 28000,
                       "refunded": -28000, "net": 0}  # fmt: skip
    assert "满199减20" in console and 'data-status="refunded"' in console and 'id="cancel-order"' not in console
    listed = (await http.get("/console/orders", params={"status": "refunded"})).text
    assert 'data-status="refunded"' in listed


async def _order(db, tenant_id: str, order_id: str):  # type: ignore[no-untyped-def]
    from shoal.orders.service_queries import get_order_detail

    return await get_order_detail(db.uow(tenant_id=tenant_id, actor=SYSTEM), order_id=order_id)
