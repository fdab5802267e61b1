"""PostgreSQL promise: online orders racing for a store's few units never oversell it; the losers are routed
to the warehouse on fresh counts, and every order is placed."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from sqlalchemy import select

from shoal.inventory.models import Stock
from tests.integration.checkout.conftest import add_product, make_shop, stock
from tests.integration.stores.conftest import HANGZHOU_HOME, order_to

pytestmark = pytest.mark.pg_only
SHOPPERS = 40
STORE_UNITS = 3


async def test_concurrent_orders_near_a_store_take_its_units_once(db, uow_factory, tenant) -> None:
    shop = await make_shop(uow_factory, tenant, products=0)
    tea = await add_product(uow_factory, "HOT", price=990)
    await stock(uow_factory, tea, shop.store.id, STORE_UNITS)
    await stock(uow_factory, tea, shop.warehouse.id, 100)
    shoppers = [str(uuid.uuid4()) for _ in range(SHOPPERS)]

    placed = await asyncio.gather(*(order_to(shop, uow_factory, HANGZHOU_HOME, tea, customer_id=c) for c in shoppers))
    routed = [o.fulfilment_location_ids for o in placed]
    assert routed.count([shop.store.id]) == STORE_UNITS
    assert routed.count([shop.warehouse.id]) == SHOPPERS - STORE_UNITS
    async with db.uow(tenant_id=tenant.id) as uow:
        rows = (
            await uow.s.execute(select(Stock).where(Stock.tenant_id == tenant.id, Stock.variant_id == tea))
        ).scalars()
        counts = {r.location_id: (r.on_hand, r.reserved) for r in rows}
    assert counts == {shop.store.id: (STORE_UNITS, STORE_UNITS), shop.warehouse.id: (100, SHOPPERS - STORE_UNITS)}
