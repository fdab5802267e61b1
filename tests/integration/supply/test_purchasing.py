"""Purchase orders on both databases: the state machine, partial receipts through inventory's ledger, over-receipt
refused unless allowed, returns to the supplier, and the cost kept per receipt."""

from __future__ import annotations

import pytest

from shoal.core.errors import InvalidState, NotFound
from shoal.inventory import service as inventory
from shoal.supply import service_orders, service_receiving, service_suppliers
from shoal.supply.errors import LineNotOnOrder, OverReceipt, ReturnExceedsReceived, SupplierCodeTaken
from shoal.supply.schemas import ReceiveIn, ReceiveLineIn, ReturnIn, SupplierCreate, SupplierItemIn
from tests.integration.inventory.conftest import assert_ledger_matches_stock
from tests.integration.supply.conftest import sent_order


def _receive(allow: bool = False, **quantities: int) -> ReceiveIn:
    lines = [ReceiveLineIn(variant_id=v, quantity=q) for v, q in quantities.items()]
    return ReceiveIn(lines=lines, allow_over_receipt=allow)


async def test_partial_then_full_receipt_moves_stock_and_keeps_cost(db, tenant, uow_factory, warehouse, supplier):
    order = await sent_order(uow_factory, supplier.id, warehouse.id, **{"v-tea": 24, "v-cup": 6})
    assert order.status == "sent" and order.number.startswith("PO")
    assert [line.unit_cost for line in order.lines] == [1500, 800]  # from the supplier items
    assert order.total_cost == 24 * 1500 + 6 * 800

    after_first = await service_receiving.receive(uow_factory(), order_id=order.id, data=_receive(**{"v-tea": 10}))
    assert after_first.status == "partially_received"
    assert after_first.receipts[0].total_cost == 15_000 and after_first.receipts[0].lines[0].quantity == 10
    done = await service_receiving.receive(uow_factory(), order_id=order.id, data=_receive(**{"v-tea": 14, "v-cup": 6}))
    assert done.status == "received" and done.received_cost == done.total_cost
    assert [r.total_cost for r in done.receipts] == [15_000, 14 * 1500 + 6 * 800]
    stock = await inventory.availability(uow_factory(), variant_ids=["v-tea", "v-cup"])
    assert stock == {"v-tea": 24, "v-cup": 6}
    ledger = await inventory.list_ledger(uow_factory(), limit=10, reference=order.number)
    assert {entry.reason for entry in ledger.items} == {"receipt"} and len(ledger.items) == 3
    await assert_ledger_matches_stock(db, tenant.id)

    closed = await service_orders.move_order(uow_factory(), order_id=order.id, action="close")
    assert closed.status == "closed"
    with pytest.raises(InvalidState):
        await service_receiving.receive(uow_factory(), order_id=order.id, data=_receive(**{"v-tea": 1}))


async def test_over_receipt_is_refused_whole_unless_allowed(uow_factory, warehouse, supplier) -> None:
    order = await sent_order(uow_factory, supplier.id, warehouse.id, **{"v-tea": 5, "v-cup": 6})
    with pytest.raises(OverReceipt) as refused:
        await service_receiving.receive(uow_factory(), order_id=order.id, data=_receive(**{"v-cup": 6, "v-tea": 6}))
    assert refused.value.params == {"open": 5, "quantity": 6}
    unchanged = await service_orders.get_order(uow_factory(), order_id=order.id)
    assert [line.received for line in unchanged.lines] == [0, 0] and unchanged.receipts == []  # no partial write
    assert await inventory.availability(uow_factory(), variant_ids=["v-cup"]) == {"v-cup": 0}

    allowed = await service_receiving.receive(uow_factory(), order_id=order.id, data=_receive(True, **{"v-tea": 7}))
    assert allowed.lines[0].received == 7 and allowed.status == "partially_received"
    with pytest.raises(LineNotOnOrder):
        await service_receiving.receive(uow_factory(), order_id=order.id, data=_receive(**{"v-other": 1}))


async def test_return_to_supplier_takes_stock_back_within_what_was_received(uow_factory, warehouse, supplier):
    order = await sent_order(uow_factory, supplier.id, warehouse.id, **{"v-tea": 12})
    await service_receiving.receive(uow_factory(), order_id=order.id, data=_receive(**{"v-tea": 12}))
    back = ReturnIn(lines=[ReceiveLineIn(variant_id="v-tea", quantity=2)], note="破损")
    returned = await service_receiving.return_to_supplier(uow_factory(), order_id=order.id, data=back)
    assert returned.lines[0].returned == 2 and returned.received_cost == 10 * 1500
    assert returned.receipts[-1].kind == "return" and returned.receipts[-1].total_cost == 3000
    assert await inventory.availability(uow_factory(), variant_ids=["v-tea"]) == {"v-tea": 10}
    too_many = ReturnIn(lines=[ReceiveLineIn(variant_id="v-tea", quantity=11)])
    with pytest.raises(ReturnExceedsReceived):
        await service_receiving.return_to_supplier(uow_factory(), order_id=order.id, data=too_many)


async def test_state_machine_refuses_moves_from_the_wrong_status(uow_factory, warehouse, supplier) -> None:
    order = await sent_order(uow_factory, supplier.id, warehouse.id, **{"v-tea": 1})
    with pytest.raises(InvalidState):
        await service_orders.move_order(uow_factory(), order_id=order.id, action="send")
    cancelled = await service_orders.move_order(uow_factory(), order_id=order.id, action="cancel")
    assert cancelled.status == "cancelled"
    for action in ("close", "cancel"):
        with pytest.raises(InvalidState):
            await service_orders.move_order(uow_factory(), order_id=order.id, action=action)


async def test_suppliers_codes_items_and_another_tenants_ids(db, uow_factory, supplier) -> None:
    with pytest.raises(SupplierCodeTaken):
        await service_suppliers.create_supplier(uow_factory(), data=SupplierCreate(code="TEA-1", name="again"))
    changed = SupplierItemIn(variant_id="v-tea", cost_price=1400, pack_size=24, min_order_quantity=48)
    await service_suppliers.save_item(uow_factory(), supplier_id=supplier.id, data=changed)
    items = await service_suppliers.list_items(uow_factory(), supplier_id=supplier.id)
    assert [(i.variant_id, i.cost_price, i.pack_size) for i in items] == [("v-cup", 800, 6), ("v-tea", 1400, 24)]
    from tests.conftest import new_tenant, staff_actor

    other = await new_tenant(db)
    with pytest.raises(NotFound):
        await service_suppliers.get_supplier(db.uow(tenant_id=other.id, actor=staff_actor()), supplier_id=supplier.id)
