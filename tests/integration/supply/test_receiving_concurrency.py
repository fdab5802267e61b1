"""On PostgreSQL: many receipts of one purchase order at once never count a unit twice nor pass the order."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from shoal.core.errors import ShoalError
from shoal.core.idempotency import IdempotencyInProgress
from shoal.inventory import service as inventory
from shoal.supply import service_orders, service_receiving
from shoal.supply.schemas import ReceiveIn, ReceiveLineIn
from tests.conftest import staff_actor
from tests.integration.inventory.conftest import assert_ledger_matches_stock
from tests.integration.supply.conftest import sent_order

pytestmark = pytest.mark.pg_only


async def test_40_concurrent_receipts_of_a_25_unit_line_receive_exactly_25(
    db, tenant, uow_factory, warehouse, supplier
):
    order = await sent_order(uow_factory, supplier.id, warehouse.id, **{"v-tea": 25, "v-cup": 6})
    one = ReceiveIn(lines=[ReceiveLineIn(variant_id="v-tea", quantity=1)])

    async def attempt() -> bool:
        try:
            await service_receiving.receive(
                db.uow(tenant_id=tenant.id, actor=staff_actor()), order_id=order.id, data=one
            )
        except ShoalError:
            return False
        return True

    results = await asyncio.gather(*(attempt() for _ in range(40)))
    assert results.count(True) == 25
    final = await service_orders.get_order(uow_factory(), order_id=order.id)
    assert final.lines[0].received == 25 and len(final.receipts) == 25 and final.status == "partially_received"
    assert await inventory.availability(uow_factory(), variant_ids=["v-tea"]) == {"v-tea": 25}
    await assert_ledger_matches_stock(db, tenant.id)


async def test_one_idempotency_key_sent_ten_times_at_once_receives_once(db, tenant, uow_factory, warehouse, supplier):
    order = await sent_order(uow_factory, supplier.id, warehouse.id, **{"v-cup": 6})
    data = ReceiveIn(lines=[ReceiveLineIn(variant_id="v-cup", quantity=6)])
    key = str(uuid.uuid4())

    async def attempt() -> int:
        try:
            outcome = await service_receiving.receive_once(
                lambda: db.uow(tenant_id=tenant.id, actor=staff_actor()), order_id=order.id, data=data, key=key,
                locale="en",
            )  # fmt: skip
        except IdempotencyInProgress as busy:  # a twin still in flight: the client retries
            return busy.status
        return outcome.status

    statuses = await asyncio.gather(*(attempt() for _ in range(10)))
    assert statuses.count(200) >= 1 and set(statuses) <= {200, 409}
    assert await inventory.availability(uow_factory(), variant_ids=["v-cup"]) == {"v-cup": 6}
    final = await service_orders.get_order(uow_factory(), order_id=order.id)
    assert len(final.receipts) == 1 and final.status == "received"
