"""A first-order offer (新客首单) goes to at most one live order of a shopper: checkout claims the shopper's one
offer with a guarded update, a checkout that loses it answers price_changed with the price without it, and the
offer comes back when the order holding it is cancelled."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from shoal.checkout import marketing, service_checkout
from shoal.checkout.errors import PriceChanged
from shoal.checkout.schemas import CheckoutRequest
from shoal.core.dispatcher import dispatch_pending
from shoal.orders.models import Order
from shoal.orders.service import cancel_order
from tests.integration.checkout.conftest import ADDRESS, filled_cart, make_shop
from tests.integration.marketing.conftest import published_promotion

FIRST_ORDER = {
    "name": {"zh-CN": "新客首单减3元", "en": "¥3 off a first order"},
    "benefit": {"kind": "amount_off", "tiers": [{"threshold": 0, "value": 300}]},
    "condition": {"new_customers_only": True},
}
CHECKOUTS = 20


def _request(cart_id: str, **extra: object) -> CheckoutRequest:
    return CheckoutRequest.model_validate({"cart_id": cart_id, "delivery": {"method": "ship", "address": ADDRESS},
                                           **extra})  # fmt: skip


async def _orders(db, tenant_id: str) -> int:  # type: ignore[no-untyped-def]
    async with db.uow(tenant_id=tenant_id) as uow:
        return int((await uow.s.execute(select(func.count()).where(Order.tenant_id == tenant_id))).scalar_one())


@pytest.mark.pg_only
async def test_twenty_concurrent_checkouts_of_one_shopper_give_the_first_order_offer_once(
    db, uow_factory, tenant
) -> None:
    shop = await make_shop(uow_factory, tenant, products=1, quantity=100)
    await published_promotion(uow_factory, **FIRST_ORDER)
    carts = [await filled_cart(shop, uow_factory, {shop.variants[0]: 1}) for _ in range(CHECKOUTS)]
    assert {cart.total for cart in carts} == {700}  # every cart is priced as a first order

    async def buy(cart_id: str) -> str:
        try:
            order = await service_checkout.checkout(
                shop.shopper(uow_factory), tenant=tenant.tenant, data=_request(cart_id), unpaid_minutes=30
            )
        except PriceChanged as refused:
            assert (refused.params["expected_total"], refused.params["total"]) == (700, 1000)
            return "price_changed"
        return "discounted" if order.discount == 300 else "full_price"

    results = await asyncio.gather(*(buy(cart.id) for cart in carts))
    assert results.count("discounted") == 1, results
    assert results.count("discounted") + results.count("full_price") == await _orders(db, tenant.id)


async def test_a_checkout_priced_before_another_took_the_offer_answers_the_new_price(
    db, uow_factory, tenant, monkeypatch
) -> None:
    shop = await make_shop(uow_factory, tenant, products=1)
    await published_promotion(uow_factory, **FIRST_ORDER)
    first = await filled_cart(shop, uow_factory, {shop.variants[0]: 1})
    second = await filled_cart(shop, uow_factory, {shop.variants[0]: 1})
    placed = await service_checkout.checkout(
        shop.shopper(uow_factory), tenant=tenant.tenant, data=_request(first.id), unpaid_minutes=30
    )
    assert placed.discount == 300
    real_facts, reads = marketing.shopper_facts, []

    async def read_before_the_first_order_committed(uow, *, customer_id):  # type: ignore[no-untyped-def]
        """The race, made to order: the second checkout's pricing read the facts before the first committed."""
        facts = await real_facts(uow, customer_id=customer_id)
        reads.append(facts)
        return replace(facts, is_new_customer=True) if len(reads) == 1 else facts

    monkeypatch.setattr(marketing, "shopper_facts", read_before_the_first_order_committed)
    with pytest.raises(PriceChanged) as refused:
        await service_checkout.checkout(
            shop.shopper(uow_factory), tenant=tenant.tenant, data=_request(second.id), unpaid_minutes=30
        )
    assert (refused.value.params["expected_total"], refused.value.params["total"]) == (700, 1000)
    assert await _orders(db, tenant.id) == 1  # nothing written
    monkeypatch.setattr(marketing, "shopper_facts", real_facts)
    again = await service_checkout.checkout(
        shop.shopper(uow_factory), tenant=tenant.tenant, data=_request(second.id, expected_total=1000),
        unpaid_minutes=30,
    )  # fmt: skip
    assert (again.total, again.discount) == (1000, 0)


async def test_a_cancelled_first_order_gives_the_offer_back(db, uow_factory, tenant) -> None:
    shop = await make_shop(uow_factory, tenant, products=1)
    await published_promotion(uow_factory, **FIRST_ORDER)
    first = await filled_cart(shop, uow_factory, {shop.variants[0]: 1})
    placed = await service_checkout.checkout(
        shop.shopper(uow_factory), tenant=tenant.tenant, data=_request(first.id), unpaid_minutes=30
    )
    assert placed.discount == 300
    await cancel_order(shop.shopper(uow_factory), order_id=placed.id)
    await dispatch_pending(db)
    later = await filled_cart(shop, uow_factory, {shop.variants[0]: 1})
    assert later.total == 700
    again = await service_checkout.checkout(
        shop.shopper(uow_factory), tenant=tenant.tenant, data=_request(later.id, expected_total=700), unpaid_minutes=30
    )
    assert again.discount == 300
