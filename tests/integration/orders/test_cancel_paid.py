"""Staff cancel a paid, unshipped order: the refund follows, and the units go back in stock exactly once."""

from __future__ import annotations

import asyncio

import pytest

from shoal.core.errors import InvalidState
from shoal.inventory import service as inventory
from shoal.orders import service
from tests.integration.orders.conftest import place
from tests.integration.orders.test_orders import stock_of


async def paid_order(shop, uow_factory, clock, lines):  # type: ignore[no-untyped-def]
    order = await place(shop, uow_factory, lines)
    await service.mark_paid(uow_factory(), order_id=order.id, payment_id="p1", amount=order.total, paid_at=clock.now())
    return order


async def test_cancelling_a_paid_order_puts_its_units_back_with_a_ledger_entry(shop, uow_factory, db, clock) -> None:  # type: ignore[no-untyped-def]
    a, b = shop.variants
    order = await paid_order(shop, uow_factory, clock, {a: 2, b: 1})
    sold = await stock_of(db, shop.tenant.id)
    assert (sold[(a, shop.warehouse.id)], sold[(b, shop.warehouse.id)]) == ((8, 0), (9, 0))

    cancelled = await service.cancel_order(uow_factory(), order_id=order.id, reason="the shop cannot send it")
    assert cancelled.status == "cancelled"
    with pytest.raises(InvalidState):
        await service.cancel_order(uow_factory(), order_id=order.id)
    back = await stock_of(db, shop.tenant.id)
    assert (back[(a, shop.warehouse.id)], back[(b, shop.warehouse.id)]) == ((10, 0), (10, 0))
    ledger = await inventory.list_ledger(uow_factory(), limit=10, reason="cancellation", reference=order.id)
    assert sorted((e.variant_id, e.delta_on_hand, e.delta_reserved) for e in ledger.items) == sorted(
        [(a, 2, 0), (b, 1, 0)]
    )


@pytest.mark.pg_only
async def test_concurrent_cancellations_put_the_units_back_once(shop, uow_factory, db, clock) -> None:  # type: ignore[no-untyped-def]
    a, _ = shop.variants
    order = await paid_order(shop, uow_factory, clock, {a: 3})
    results = await asyncio.gather(
        *(service.cancel_order(uow_factory(), order_id=order.id) for _ in range(12)), return_exceptions=True
    )
    assert sum(not isinstance(r, Exception) for r in results) == 1
    assert all(isinstance(r, InvalidState) for r in results if isinstance(r, Exception))
    assert (await stock_of(db, shop.tenant.id))[(a, shop.warehouse.id)] == (10, 0)
    ledger = await inventory.list_ledger(uow_factory(), limit=10, reason="cancellation", reference=order.id)
    assert [e.delta_on_hand for e in ledger.items] == [3]
