"""A coupon's limit holds through checkout under concurrency, and promotions price carts and orders alike."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from sqlalchemy import func, select

from shoal.checkout import service_checkout
from shoal.checkout.schemas import CheckoutRequest
from shoal.checkout.service_checkout import gift_left_out
from shoal.marketing.errors import CouponExhausted
from shoal.marketing.service_coupons import claim_coupon
from shoal.orders.models import Order
from shoal.orders.service_queries import get_order_detail
from tests.integration.checkout.conftest import ADDRESS, add_product, filled_cart, make_shop, stock
from tests.integration.marketing.conftest import product_of, published_promotion, published_template

BUYERS, USES = 100, 10


@pytest.mark.pg_only
async def test_a_coupon_with_10_uses_left_serves_exactly_10_of_100_concurrent_checkouts(
    db, uow_factory, tenant
) -> None:
    shop = await make_shop(uow_factory, tenant, products=0)
    variant = await add_product(uow_factory, "CPN", price=5000)
    await stock(uow_factory, variant, shop.warehouse.id, 1000)
    template = await published_template(
        uow_factory, benefit={"kind": "amount_off", "tiers": [{"threshold": 0, "value": 500}]}, max_uses=USES
    )
    buyers = [str(uuid.uuid4()) for _ in range(BUYERS)]
    coupons = [await claim_coupon(uow_factory(), template_id=template.id, customer_id=b) for b in buyers]
    carts = [await filled_cart(shop, uow_factory, {variant: 1}, customer_id=b) for b in buyers]
    gate = asyncio.Semaphore(40)

    async def buy(buyer: str, cart_id: str, coupon_id: str) -> str:
        body = CheckoutRequest.model_validate(
            {"cart_id": cart_id, "delivery": {"method": "ship", "address": ADDRESS}, "coupon_ids": [coupon_id]}
        )
        async with gate:
            try:
                order = await service_checkout.checkout(
                    shop.shopper(uow_factory, buyer), tenant=tenant.tenant, data=body, unpaid_minutes=30
                )
            except CouponExhausted:
                return "coupon_exhausted"
        return "discounted" if order.discount == 500 else "full_price"

    results = await asyncio.gather(*(buy(b, c.id, k) for b, c, k in zip(buyers, carts, coupons, strict=True)))
    assert results.count("discounted") == USES
    assert results.count("coupon_exhausted") == BUYERS - USES
    async with db.uow(tenant_id=tenant.id) as uow:
        orders = (await uow.s.execute(select(func.count()).where(Order.tenant_id == tenant.id))).scalar_one()
    assert orders == USES


async def test_the_order_carries_the_promotion_the_cart_showed(db, uow_factory, tenant) -> None:
    shop = await make_shop(uow_factory, tenant, products=2)
    await published_promotion(uow_factory, benefit={"kind": "amount_off", "tiers": [{"threshold": 2000, "value": 300}]})
    cart = await filled_cart(shop, uow_factory, {shop.variants[0]: 1, shop.variants[1]: 1})
    assert (cart.subtotal, cart.discount, cart.total) == (2100, 300, 1800)
    body = CheckoutRequest.model_validate(
        {"cart_id": cart.id, "delivery": {"method": "ship", "address": ADDRESS}, "expected_total": cart.total}
    )
    order = await service_checkout.checkout(
        shop.shopper(uow_factory), tenant=tenant.tenant, data=body, unpaid_minutes=30
    )
    assert (order.total, order.discount) == (1800, 300)
    assert sum(line.discount for line in order.lines) == 300


async def test_buy_two_get_a_gift_puts_the_gift_on_the_order_at_zero_and_reserves_it(db, uow_factory, tenant) -> None:
    shop = await make_shop(uow_factory, tenant, products=2)
    product = await product_of(uow_factory, shop.variants[1])
    gift = {"kind": "gift", "variant_id": shop.variants[1], "product_id": product, "unit_value": 1100, "stock": 5}
    await published_promotion(uow_factory, benefit=gift, condition={"min_quantity": 2})
    cart = await filled_cart(shop, uow_factory, {shop.variants[0]: 2})
    body = CheckoutRequest.model_validate({"cart_id": cart.id, "delivery": {"method": "ship", "address": ADDRESS}})
    order = await service_checkout.checkout(
        shop.shopper(uow_factory), tenant=tenant.tenant, data=body, unpaid_minutes=30
    )
    lines = {line.variant_id: line for line in order.lines}
    assert (order.total, lines[shop.variants[0]].quantity) == (2000, 2)
    assert (
        lines[shop.variants[1]].unit_price,
        lines[shop.variants[1]].quantity,
        lines[shop.variants[1]].line_total,
    ) == (0, 1, 0)


@pytest.mark.parametrize("delivery", ["ship", "pickup"])
async def test_a_gift_out_of_stock_is_left_out_and_the_order_goes_ahead(db, uow_factory, tenant, delivery) -> None:  # type: ignore[no-untyped-def]
    shop = await make_shop(uow_factory, tenant, products=1)
    empty_gift = await add_product(uow_factory, "GIFT-0", 800)  # no stock anywhere
    gift = {"kind": "gift", "variant_id": empty_gift, "product_id": await product_of(uow_factory, empty_gift),
            "unit_value": 800, "stock": 5}  # fmt: skip
    await published_promotion(uow_factory, benefit=gift)
    cart = await filled_cart(shop, uow_factory, {shop.variants[0]: 1})
    where = (
        {"method": "ship", "address": ADDRESS}
        if delivery == "ship"
        else {"method": "pickup", "location_id": shop.store.id}
    )
    body = CheckoutRequest.model_validate({"cart_id": cart.id, "delivery": where})
    order = await service_checkout.checkout(
        shop.shopper(uow_factory), tenant=tenant.tenant, data=body, unpaid_minutes=30
    )
    assert [line.variant_id for line in order.lines] == [shop.variants[0]]
    assert order.total == 1000
    history = (await get_order_detail(uow_factory(), order_id=order.id)).history
    assert [e.note for e in history if e.kind == "note"] == [gift_left_out("GIFT-0")]


async def test_a_gift_that_sells_out_while_reserving_is_dropped_not_fatal(db, uow_factory, tenant, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    shop = await make_shop(uow_factory, tenant, products=1)
    gift_id = await add_product(uow_factory, "GIFT-R", 800)
    gift = {"kind": "gift", "variant_id": gift_id, "product_id": await product_of(uow_factory, gift_id),
            "unit_value": 800, "stock": 5}  # fmt: skip
    await published_promotion(uow_factory, benefit=gift)

    async def stale_count(uow, *, variant_ids, location_ids=None):  # type: ignore[no-untyped-def]
        return dict.fromkeys(variant_ids, 99)  # the count said yes; the reservation finds none

    monkeypatch.setattr(service_checkout, "availability", stale_count)
    cart = await filled_cart(shop, uow_factory, {shop.variants[0]: 1})
    where = {"method": "pickup", "location_id": shop.store.id}
    body = CheckoutRequest.model_validate({"cart_id": cart.id, "delivery": where})
    order = await service_checkout.checkout(
        shop.shopper(uow_factory), tenant=tenant.tenant, data=body, unpaid_minutes=30
    )
    assert [line.variant_id for line in order.lines] == [shop.variants[0]]
    history = (await get_order_detail(uow_factory(), order_id=order.id)).history
    assert [e.note for e in history if e.kind == "note"] == [gift_left_out("GIFT-R")]
