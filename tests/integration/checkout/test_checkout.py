"""Carts and checkout on both databases: pricing, shipping, reservation, refusals that write nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from shoal.checkout import service as carts
from shoal.checkout import service_checkout, service_shipping
from shoal.checkout.errors import CartClosed, CartEmpty, PriceChanged, ProductUnavailable
from shoal.checkout.schemas import CartLineUpdate, CheckoutRequest, ShippingTemplateIn
from shoal.core.errors import NotFound
from shoal.inventory.errors import OutOfStock
from shoal.inventory.models import Stock
from shoal.orders.models import Order
from tests.integration.checkout.conftest import ADDRESS, add_product, filled_cart, new_customer


def ship(cart_id: str, **extra) -> CheckoutRequest:  # type: ignore[no-untyped-def]
    return CheckoutRequest.model_validate(
        {"cart_id": cart_id, "delivery": {"method": "ship", "address": ADDRESS}, **extra}
    )


async def reserved(db, tenant_id: str, variant_id: str) -> int:  # type: ignore[no-untyped-def]
    async with db.uow(tenant_id=tenant_id) as uow:
        total = await uow.s.execute(
            select(func.sum(Stock.reserved)).where(Stock.tenant_id == tenant_id, Stock.variant_id == variant_id)
        )
        return int(total.scalar_one() or 0)


async def order_count(db, tenant_id: str) -> int:  # type: ignore[no-untyped-def]
    async with db.uow(tenant_id=tenant_id) as uow:
        return (await uow.s.execute(select(func.count()).where(Order.tenant_id == tenant_id))).scalar_one()


async def test_cart_lines_add_up_increment_change_and_go(shop, uow_factory) -> None:
    a, b = shop.variants
    cart = await filled_cart(shop, uow_factory, {a: 2, b: 1})
    again = await carts.add_line(
        shop.shopper(uow_factory), tenant=shop.tenant.tenant, locale="en", cart_id=cart.id,
        data=carts.CartLineAdd(variant_id=a, quantity=3),
    )  # fmt: skip
    line_a = next(li for li in again.lines if li.variant_id == a)
    assert line_a.quantity == 5 and line_a.line_total == 5 * 1000
    assert (again.subtotal, again.discount, again.shipping, again.total) == (5000 + 1100, 0, 0, 6100)
    changed = await carts.update_line(
        shop.shopper(uow_factory), tenant=shop.tenant.tenant, locale="en", cart_id=cart.id, line_id=line_a.id,
        data=CartLineUpdate(quantity=1),
    )  # fmt: skip
    assert changed.total == 1000 + 1100
    gone = await carts.remove_line(
        shop.shopper(uow_factory), tenant=shop.tenant.tenant, locale="en", cart_id=cart.id, line_id=line_a.id
    )
    assert [li.variant_id for li in gone.lines] == [b]


async def test_a_shoppers_cart_is_theirs_alone_and_archived_products_cannot_be_added(shop, uow_factory) -> None:
    cart = await filled_cart(shop, uow_factory, {shop.variants[0]: 1})
    other = await new_customer(uow_factory, "other@example.com")
    with pytest.raises(NotFound):
        await carts.get_cart(shop.shopper(uow_factory, other), tenant=shop.tenant.tenant, locale="en", cart_id=cart.id)
    with pytest.raises(NotFound):
        await carts.get_cart(uow_factory(), tenant=shop.tenant.tenant, locale="en", cart_id=cart.id)
    draft = await add_product(uow_factory, "DRAFT1", 500, status="draft")
    with pytest.raises(ProductUnavailable):
        await filled_cart(shop, uow_factory, {draft: 1})
    with pytest.raises(NotFound):
        await filled_cart(shop, uow_factory, {"0192f0c0-0000-7000-8000-00000000dead": 1})


async def test_checkout_places_a_pending_order_reserves_stock_and_closes_the_cart(shop, uow_factory, db, clock) -> None:
    a, b = shop.variants
    await service_shipping.create_template(
        uow_factory(),
        data=ShippingTemplateIn(name="Express", mode="by_weight", first_units=1000, first_fee=800, additional_units=500,
                                additional_fee=200),
    )  # fmt: skip
    cart = await filled_cart(shop, uow_factory, {a: 2, b: 1})
    order = await service_checkout.checkout(
        shop.shopper(uow_factory), tenant=shop.tenant.tenant, data=ship(cart.id, expected_total=3100 + 1000),
        unpaid_minutes=30,
    )  # fmt: skip
    assert order.status == "pending_payment" and order.number.startswith("SO20261125")
    assert (order.subtotal, order.shipping_fee, order.total) == (3100, 1000, 4100)  # 1500 g: 800 + 200
    assert order.expires_at == clock.now() + timedelta(minutes=30)
    assert len(order.lines) == 2  # the address typed as 浙江/杭州 is kept as the divisions name it, with its code
    assert [order.shipping_address[k] for k in ("province", "city", "district", "region_code")] == [
        "浙江省", "杭州市", "西湖区", "330106"
    ]  # fmt: skip
    assert order.fulfilment_location_ids == [shop.warehouse.id]
    assert await reserved(db, shop.tenant.id, a) == 2
    with pytest.raises(CartClosed):
        await service_checkout.checkout(
            shop.shopper(uow_factory), tenant=shop.tenant.tenant, data=ship(cart.id), unpaid_minutes=30
        )


async def test_refusals_write_nothing(shop, uow_factory, db) -> None:
    a, _ = shop.variants
    cart = await filled_cart(shop, uow_factory, {a: 2})
    with pytest.raises(PriceChanged) as changed:
        await service_checkout.checkout(
            shop.shopper(uow_factory),
            tenant=shop.tenant.tenant,
            data=ship(cart.id, expected_total=1),
            unpaid_minutes=30,
        )
    assert changed.value.params["total"] == 2000
    greedy = await filled_cart(shop, uow_factory, {a: 21})
    with pytest.raises(OutOfStock):
        await service_checkout.checkout(
            shop.shopper(uow_factory), tenant=shop.tenant.tenant,
            data=CheckoutRequest.model_validate(
                {"cart_id": greedy.id, "delivery": {"method": "pickup", "location_id": shop.store.id}}
            ),
            unpaid_minutes=30,
        )  # fmt: skip
    empty = await carts.create_cart(shop.shopper(uow_factory), tenant=shop.tenant.tenant, locale="en")
    with pytest.raises(CartEmpty):
        await service_checkout.checkout(
            shop.shopper(uow_factory), tenant=shop.tenant.tenant, data=ship(empty.id), unpaid_minutes=30
        )
    assert await order_count(db, shop.tenant.id) == 0
    assert await reserved(db, shop.tenant.id, a) == 0
    still = await carts.get_cart(shop.shopper(uow_factory), tenant=shop.tenant.tenant, locale="en", cart_id=cart.id)
    assert still.status == "active"


async def test_pickup_reserves_at_the_store_and_gives_a_code(shop, uow_factory) -> None:
    cart = await filled_cart(shop, uow_factory, {shop.variants[0]: 1})
    order = await service_checkout.checkout(
        shop.shopper(uow_factory), tenant=shop.tenant.tenant,
        data=CheckoutRequest.model_validate(
            {"cart_id": cart.id, "delivery": {"method": "pickup", "location_id": shop.store.id}}
        ),
        unpaid_minutes=30,
    )  # fmt: skip
    assert order.pickup_location_id == shop.store.id and order.fulfilment_location_ids == [shop.store.id]
    assert order.pickup_code is None and order.shipping_fee == 0  # the code shows once the order is paid


async def test_an_anonymous_cart_merges_into_the_shoppers_cart(shop, uow_factory) -> None:
    a, b = shop.variants
    mine = await filled_cart(shop, uow_factory, {a: 1})
    anonymous = await carts.create_cart(uow_factory(carts_anonymous()), tenant=shop.tenant.tenant, locale="en")
    await carts.add_line(
        uow_factory(carts_anonymous()), tenant=shop.tenant.tenant, locale="en", cart_id=anonymous.id,
        data=carts.CartLineAdd(variant_id=a, quantity=2),
    )  # fmt: skip
    await carts.add_line(
        uow_factory(carts_anonymous()), tenant=shop.tenant.tenant, locale="en", cart_id=anonymous.id,
        data=carts.CartLineAdd(variant_id=b, quantity=1),
    )  # fmt: skip
    merged = await carts.merge_cart(
        shop.shopper(uow_factory), tenant=shop.tenant.tenant, locale="en", cart_id=anonymous.id
    )
    assert merged.id == mine.id
    assert {li.variant_id: li.quantity for li in merged.lines} == {a: 3, b: 1}
    with pytest.raises(CartClosed):
        await carts.add_line(
            uow_factory(carts_anonymous()), tenant=shop.tenant.tenant, locale="en", cart_id=anonymous.id,
            data=carts.CartLineAdd(variant_id=a, quantity=1),
        )  # fmt: skip


def carts_anonymous():  # type: ignore[no-untyped-def]
    from shoal.core.actors import ANONYMOUS

    return ANONYMOUS
