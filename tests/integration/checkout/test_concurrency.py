"""PostgreSQL promises: a hot SKU never oversells; closing unpaid orders frees exactly their stock."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from sqlalchemy import func, select

from shoal.checkout import service_checkout
from shoal.checkout.schemas import CheckoutRequest
from shoal.core.ids import new_id
from shoal.inventory import service as inventory
from shoal.inventory.errors import OutOfStock, Unfulfillable
from shoal.inventory.models import Stock
from shoal.inventory.schemas import LocationCreate
from shoal.orders import service as orders
from shoal.orders.models import Order
from tests.integration.checkout.conftest import ADDRESS, add_product, filled_cart, make_shop, stock

pytestmark = pytest.mark.pg_only
SHOPPERS = 500
UNITS = 50


async def test_500_shoppers_for_50_units_make_exactly_50_orders(db, uow_factory, tenant, clock) -> None:
    shop = await make_shop(uow_factory, tenant, products=0)
    hot = await add_product(uow_factory, "HOT", price=990)
    await stock(uow_factory, hot, shop.warehouse.id, UNITS)
    shoppers = [str(uuid.uuid4()) for _ in range(SHOPPERS)]
    carts = [await filled_cart(shop, uow_factory, {hot: 1}, customer_id=c) for c in shoppers]
    gate = asyncio.Semaphore(40)

    async def buy(customer_id: str, cart_id: str) -> str:
        body = CheckoutRequest.model_validate({"cart_id": cart_id, "delivery": {"method": "ship", "address": ADDRESS}})
        async with gate:
            try:
                await service_checkout.checkout(
                    shop.shopper(uow_factory, customer_id), tenant=shop.tenant.tenant, data=body, unpaid_minutes=30
                )
            except (OutOfStock, Unfulfillable):  # lost the race at reservation, or saw it sold out
                return "out_of_stock"
        return "ordered"

    results = await asyncio.gather(*(buy(c, cart.id) for c, cart in zip(shoppers, carts, strict=True)))
    assert results.count("ordered") == UNITS and results.count("out_of_stock") == SHOPPERS - UNITS
    async with db.uow(tenant_id=tenant.id) as uow:
        row = (
            await uow.s.execute(select(Stock).where(Stock.tenant_id == tenant.id, Stock.variant_id == hot))
        ).scalar_one()
        numbers = (await uow.s.execute(select(Order.number).where(Order.tenant_id == tenant.id))).scalars().all()
    assert (row.on_hand, row.reserved) == (UNITS, UNITS)
    assert len(numbers) == len(set(numbers)) == UNITS

    clock.advance(minutes=31)
    assert await orders.close_unpaid(db) >= UNITS  # the sweeper serves every tenant of the database
    async with db.uow(tenant_id=tenant.id) as uow:
        row = (
            await uow.s.execute(select(Stock).where(Stock.tenant_id == tenant.id, Stock.variant_id == hot))
        ).scalar_one()
        closed = await uow.s.execute(select(func.count()).where(Order.tenant_id == tenant.id, Order.status == "closed"))
        assert closed.scalar_one() == UNITS
    assert (row.on_hand, row.reserved) == (UNITS, 0)


async def test_a_payment_racing_the_sweeper_leaves_one_consistent_outcome(db, uow_factory, tenant, clock) -> None:
    shop = await make_shop(uow_factory, tenant, products=1)
    orders_placed = []
    for _ in range(10):
        cart = await filled_cart(shop, uow_factory, {shop.variants[0]: 1})
        orders_placed.append(
            await service_checkout.checkout(
                shop.shopper(uow_factory), tenant=shop.tenant.tenant,
                data=CheckoutRequest.model_validate(
                    {"cart_id": cart.id, "delivery": {"method": "pickup", "location_id": shop.store.id}}
                ),
                unpaid_minutes=30,
            )
        )  # fmt: skip
    clock.advance(minutes=30)

    async def pay(order_id: str, total: int, delay: float) -> str:
        """``paid``, or why not: the sweeper closed it first (``not_payable``)."""
        await asyncio.sleep(delay)  # later and later, so that the sweeper, going through them, meets some first
        return await orders.mark_paid(
            uow_factory(), order_id=order_id, payment_id=new_id(), amount=total, paid_at=clock.now()
        )

    payments = (pay(o.id, o.total, i * 0.01) for i, o in enumerate(orders_placed))
    outcomes = await asyncio.gather(orders.close_unpaid(db), *payments)
    paid = outcomes[1:].count("paid")
    async with db.uow(tenant_id=tenant.id) as uow:
        row = (
            await uow.s.execute(select(Stock).where(Stock.tenant_id == tenant.id, Stock.location_id == shop.store.id))
        ).scalar_one()
    assert (row.on_hand, row.reserved) == (10 - paid, 0)
    assert set(outcomes[1:]) <= {"paid", "not_payable"}, outcomes


async def test_stock_split_over_five_warehouses_sells_out_exactly(db, uow_factory, tenant) -> None:
    """When the warehouse a checkout chose sells out under it, it re-plans to another one."""
    shop = await make_shop(uow_factory, tenant, products=0)
    hot = await add_product(uow_factory, "SPLIT", price=990)
    await stock(uow_factory, hot, shop.warehouse.id, 10)
    for n in range(2, 6):
        extra = await inventory.create_location(
            uow_factory(), data=LocationCreate(code=f"WH-{n}", kind="warehouse", name=f"W{n}", priority=n)
        )
        await stock(uow_factory, hot, extra.id, 10)
    shoppers = [str(uuid.uuid4()) for _ in range(150)]
    carts = [await filled_cart(shop, uow_factory, {hot: 1}, customer_id=c) for c in shoppers]
    gate = asyncio.Semaphore(50)

    async def buy(customer_id: str, cart_id: str) -> str:
        body = CheckoutRequest.model_validate({"cart_id": cart_id, "delivery": {"method": "ship", "address": ADDRESS}})
        async with gate:
            try:
                await service_checkout.checkout(
                    shop.shopper(uow_factory, customer_id), tenant=shop.tenant.tenant, data=body, unpaid_minutes=30
                )
            except (OutOfStock, Unfulfillable):
                return "out_of_stock"
        return "ordered"

    results = await asyncio.gather(*(buy(c, cart.id) for c, cart in zip(shoppers, carts, strict=True)))
    assert results.count("ordered") == 50
    async with db.uow(tenant_id=tenant.id) as uow:
        rows = (
            await uow.s.execute(select(Stock).where(Stock.tenant_id == tenant.id, Stock.variant_id == hot))
        ).scalars()
        assert sorted((r.on_hand, r.reserved) for r in rows) == [(10, 10)] * 5
