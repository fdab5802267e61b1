"""PostgreSQL promises of a flash sale under a crowd, on the database path and the Redis path: 500 tries (250
shoppers, each trying twice at once) for 50 units with a limit of 1 give exactly 50 orders, no shopper has two,
no counter goes negative; a Redis flush mid-sale oversells nothing; two sweepers give each unpaid order's units
back once."""

from __future__ import annotations

import asyncio
import random

import pytest
from sqlalchemy import func, select

from shoal.campaigns.flash_sale.models import FlashSaleBucket, FlashSaleOrder, FlashSaleShopper
from shoal.campaigns.flash_sale.service_settle import return_unpaid
from shoal.inventory.models import Stock
from shoal.orders.models import Order
from tests.integration.flash_sale.conftest import attempt, code_of, live_sale

pytestmark = pytest.mark.pg_only
SHOPPERS, TRIES_EACH, UNITS = 250, 2, 50


async def _crowd(uow_factory, sale, gate=None, *, midway=None) -> list[str]:  # type: ignore[no-untyped-def]
    tries = [f"shopper-{i}" for i in range(SHOPPERS) for _ in range(TRIES_EACH)]
    random.shuffle(tries)
    slots = asyncio.Semaphore(25)
    done = 0

    async def one(customer_id: str) -> str:
        nonlocal done
        async with slots:
            result = code_of(await attempt(uow_factory, sale, customer_id, gate=gate))
        done += 1
        if midway is not None and done == len(tries) // 3:
            await midway()
        return result

    return await asyncio.gather(*(one(c) for c in tries))


async def _assert_exactly_sold(db, tenant_id: str, sale, results: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert results.count("ordered") == UNITS
    assert set(results) <= {"ordered", "sold_out", "limit_reached"}
    async with db.uow(tenant_id=tenant_id) as uow:
        orders = (await uow.s.execute(select(func.count()).where(Order.tenant_id == tenant_id))).scalar_one()
        per_shopper = (
            await uow.s.execute(
                select(FlashSaleOrder.customer_id, func.count())
                .where(FlashSaleOrder.tenant_id == tenant_id)
                .group_by(FlashSaleOrder.customer_id)
            )
        ).all()
        counts = (
            (await uow.s.execute(select(FlashSaleShopper.quantity).where(FlashSaleShopper.tenant_id == tenant_id)))
            .scalars()
            .all()
        )
        buckets = (
            (await uow.s.execute(select(FlashSaleBucket.units_left).where(FlashSaleBucket.tenant_id == tenant_id)))
            .scalars()
            .all()
        )
        row = (
            await uow.s.execute(select(Stock).where(Stock.tenant_id == tenant_id, Stock.variant_id == sale.variant_id))
        ).scalar_one()
    assert orders == UNITS and len(per_shopper) == UNITS and {n for _, n in per_shopper} == {1}
    assert sorted(set(counts)) == [1] and sum(counts) == UNITS
    assert min(buckets) >= 0 and sum(buckets) == 0
    assert (row.on_hand, row.reserved) == (UNITS + 10, UNITS)  # every sold unit held once, none from the shelf


async def test_database_path_sells_exactly_the_units(db, uow_factory, tenant, clock) -> None:
    sale = await live_sale(uow_factory, tenant, clock, units=UNITS, limit=1)
    results = await _crowd(uow_factory, sale)
    await _assert_exactly_sold(db, tenant.id, sale, results)


async def test_redis_path_sells_exactly_the_units(db, uow_factory, tenant, clock, gate) -> None:
    sale = await live_sale(uow_factory, tenant, clock, units=UNITS, limit=1)
    results = await _crowd(uow_factory, sale, gate)
    await _assert_exactly_sold(db, tenant.id, sale, results)


async def test_a_redis_flush_mid_sale_oversells_nothing(db, uow_factory, tenant, clock, gate) -> None:
    sale = await live_sale(uow_factory, tenant, clock, units=UNITS, limit=1)

    async def flush() -> None:  # what a restart without persistence leaves: no keys at all
        keys = [k async for k in gate._redis.scan_iter(match=f"{gate._prefix}:*")]
        await gate._redis.delete(*keys)

    results = await _crowd(uow_factory, sale, gate, midway=flush)
    await _assert_exactly_sold(db, tenant.id, sale, results)


async def test_two_sweepers_return_each_unpaid_order_once(db, uow_factory, tenant, clock, gate) -> None:
    sale = await live_sale(uow_factory, tenant, clock, units=10, limit=1)
    for i in range(10):
        assert code_of(await attempt(uow_factory, sale, f"buyer-{i}", gate=gate)) == "ordered"
    assert code_of(await attempt(uow_factory, sale, "late", gate=gate)) == "sold_out"
    clock.advance(minutes=5)
    await asyncio.gather(return_unpaid(db), return_unpaid(db))
    async with db.uow(tenant_id=tenant.id) as uow:
        buckets = (
            (await uow.s.execute(select(FlashSaleBucket.units_left).where(FlashSaleBucket.tenant_id == tenant.id)))
            .scalars()
            .all()
        )
    assert sum(buckets) == 10
    assert [code_of(await attempt(uow_factory, sale, f"again-{i}", gate=gate)) for i in range(11)].count(
        "ordered"
    ) == 10


async def test_multi_unit_buyers_sell_exactly_the_units(db, uow_factory, tenant, clock) -> None:
    """Buyers of 1 to 3 units at once, more than the sale has: none oversold, no counter negative, and the units
    a crowd left behind (fewer than a big buyer wanted) still sell one by one, so all the carved units sell."""
    carved = 40
    sale = await live_sale(uow_factory, tenant, clock, units=carved, limit=3)
    wants = {f"shopper-{i}": random.randint(1, 3) for i in range(60)}
    slots = asyncio.Semaphore(25)

    async def one(customer_id: str, quantity: int) -> int:
        async with slots:
            result = await attempt(uow_factory, sale, customer_id, quantity=quantity)
        assert code_of(result) in {"ordered", "sold_out"}
        return quantity if code_of(result) == "ordered" else 0

    sold = sum(await asyncio.gather(*(one(c, q) for c, q in wants.items())))
    tail = [code_of(await attempt(uow_factory, sale, f"tail-{i}")) for i in range(carved - sold + 1)]
    assert tail.count("ordered") == carved - sold and tail[-1] == "sold_out"
    async with db.uow(tenant_id=tenant.id) as uow:
        buckets = (
            (await uow.s.execute(select(FlashSaleBucket.units_left).where(FlashSaleBucket.tenant_id == tenant.id)))
            .scalars()
            .all()
        )
        counted = (
            await uow.s.execute(
                select(func.sum(FlashSaleShopper.quantity)).where(FlashSaleShopper.tenant_id == tenant.id)
            )
        ).scalar_one()
        admitted = (
            await uow.s.execute(select(func.sum(FlashSaleOrder.quantity)).where(FlashSaleOrder.tenant_id == tenant.id))
        ).scalar_one()
    assert min(buckets) == 0 and sum(buckets) == 0
    assert counted == admitted == carved
