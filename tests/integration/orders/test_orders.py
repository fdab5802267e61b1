"""Orders on both databases: payment, closing unpaid orders, cancellation, refunds, fulfilment, numbers."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from shoal.core.errors import InvalidState, NotFound
from shoal.inventory.models import Stock
from shoal.orders import service, service_admin, service_queries
from shoal.orders.errors import AmountMismatch, InvalidPickupCode, RefundTooLarge, ShipmentLineInvalid
from shoal.orders.schemas import LineRefund, PickupVerify, ShipmentCreate
from tests.conftest import staff_actor
from tests.integration.checkout.conftest import new_customer
from tests.integration.orders.conftest import place


async def stock_of(db, tenant_id: str) -> dict[tuple[str, str], tuple[int, int]]:  # type: ignore[no-untyped-def]
    async with db.uow(tenant_id=tenant_id) as uow:
        rows = (await uow.s.execute(select(Stock).where(Stock.tenant_id == tenant_id))).scalars().all()
        return {(r.variant_id, r.location_id): (r.on_hand, r.reserved) for r in rows}


async def test_payment_moves_the_order_once_and_sells_the_reserved_stock(shop, uow_factory, db, clock) -> None:
    a, _ = shop.variants
    order = await place(shop, uow_factory, {a: 2})
    with pytest.raises(AmountMismatch):
        await service.mark_paid(uow_factory(), order_id=order.id, payment_id="p1", amount=1, paid_at=clock.now())
    total, now = order.total, clock.now()
    first = await service.mark_paid(uow_factory(), order_id=order.id, payment_id="p1", amount=total, paid_at=now)
    second = await service.mark_paid(uow_factory(), order_id=order.id, payment_id="p2", amount=total, paid_at=now)
    assert (first, second) == ("paid", "already_paid")
    assert (await stock_of(db, shop.tenant.id))[(a, shop.warehouse.id)] == (8, 0)
    payable = await service.get_payable(uow_factory(), order_id=order.id)
    assert (payable.status, payable.total, payable.number) == ("paid", order.total, order.number)
    detail = await service_queries.get_order_detail(uow_factory(), order_id=order.id)
    assert [(e.from_status, e.to_status) for e in detail.history] == [
        (None, "pending_payment"),
        ("pending_payment", "paid"),
    ]


async def test_unpaid_orders_close_after_the_timeout_and_release_exactly_their_stock(
    shop, uow_factory, db, clock
) -> None:
    a, b = shop.variants
    early = await place(shop, uow_factory, {a: 3, b: 1})
    clock.advance(minutes=20)
    late = await place(shop, uow_factory, {a: 2})
    before = await stock_of(db, shop.tenant.id)
    assert before[(a, shop.warehouse.id)] == (10, 5)
    clock.advance(minutes=10)
    assert await service.close_unpaid(db) >= 1
    after = await stock_of(db, shop.tenant.id)
    assert after[(a, shop.warehouse.id)] == (10, 2) and after[(b, shop.warehouse.id)] == (10, 0)
    assert (await service.get_payable(uow_factory(), order_id=early.id)).status == "closed"
    assert (await service.get_payable(uow_factory(), order_id=late.id)).status == "pending_payment"
    closed = await service.mark_paid(
        uow_factory(), order_id=early.id, payment_id="p", amount=early.total, paid_at=clock.now()
    )
    assert closed == "not_payable"


async def test_a_shopper_cancels_only_their_own_unpaid_order(shop, uow_factory, db, clock) -> None:
    a, _ = shop.variants
    order = await place(shop, uow_factory, {a: 4})
    stranger = await new_customer(uow_factory, "stranger@example.com")
    with pytest.raises(NotFound):
        await service.cancel_order(shop.shopper(uow_factory, stranger), order_id=order.id)
    with pytest.raises(NotFound):
        await service_queries.get_my_order(shop.shopper(uow_factory, stranger), order_id=order.id)
    cancelled = await service.cancel_order(shop.shopper(uow_factory), order_id=order.id, reason="changed my mind")
    assert cancelled.status == "cancelled"
    assert (await stock_of(db, shop.tenant.id))[(a, shop.warehouse.id)] == (10, 0)
    with pytest.raises(InvalidState):
        await service.cancel_order(shop.shopper(uow_factory), order_id=order.id)
    mine = await service_queries.list_my_orders(shop.shopper(uow_factory), status=None, limit=10, cursor=None)
    assert [o.id for o in mine.items] == [order.id]


async def test_shipping_in_parts_then_receipt_completes_the_order(shop, uow_factory, clock) -> None:
    a, b = shop.variants
    order = await place(shop, uow_factory, {a: 2, b: 1})
    await service.mark_paid(uow_factory(), order_id=order.id, payment_id="p", amount=order.total, paid_at=clock.now())
    line_a, line_b = order.lines
    first = await service_admin.create_shipment(
        uow_factory(), order_id=order.id,
        data=ShipmentCreate(carrier="sf", tracking_number="SF1", lines=[{"line_id": line_a.id, "quantity": 2}]),
    )  # fmt: skip
    assert (await service.get_payable(uow_factory(), order_id=order.id)).status == "partially_shipped"
    with pytest.raises(ShipmentLineInvalid):
        await service_admin.create_shipment(
            uow_factory(), order_id=order.id,
            data=ShipmentCreate(carrier="sf", tracking_number="SF2", lines=[{"line_id": line_a.id, "quantity": 1}]),
        )  # fmt: skip
    await service_admin.create_shipment(
        uow_factory(), order_id=order.id,
        data=ShipmentCreate(carrier="sf", tracking_number="SF3", lines=[{"line_id": line_b.id, "quantity": 1}]),
    )  # fmt: skip
    assert (await service.get_payable(uow_factory(), order_id=order.id)).status == "shipped"
    await service_admin.deliver_shipment(uow_factory(), shipment_id=first.id)
    done = await service.confirm_receipt(shop.shopper(uow_factory), order_id=order.id)
    assert done.status == "completed"


async def test_refunds_stay_within_what_was_paid(shop, uow_factory, clock) -> None:
    order = await place(shop, uow_factory, {shop.variants[0]: 2})
    await service.mark_paid(uow_factory(), order_id=order.id, payment_id="p", amount=order.total, paid_at=clock.now())
    line = order.lines[0]
    refunded = await service.record_refund(
        uow_factory(), order_id=order.id, amount=1000, line_refunds=[LineRefund(line.id, 1, 1000)]
    )
    assert refunded.refunded_amount == 1000 and refunded.lines[0].refunded_quantity == 1
    with pytest.raises(RefundTooLarge):
        await service.record_refund(uow_factory(), order_id=order.id, amount=order.total, line_refunds=[])


async def test_pickup_is_handed_over_by_a_clerk_of_that_store(shop, uow_factory, clock) -> None:
    order = await place(shop, uow_factory, {shop.variants[0]: 1}, method="pickup", location_id=shop.store.id)
    assert order.pickup_code is None  # shown once paid
    await service.mark_paid(uow_factory(), order_id=order.id, payment_id="p", amount=order.total, paid_at=clock.now())
    code = (await service_queries.get_my_order(shop.shopper(uow_factory), order_id=order.id)).pickup_code
    assert code is not None
    assert (await service_queries.get_order_detail(uow_factory(), order_id=order.id)).pickup_code is None  # staff
    elsewhere = uow_factory(staff_actor("clerk", location_id=shop.warehouse.id))
    with pytest.raises(InvalidPickupCode):
        await service_admin.verify_pickup(elsewhere, data=PickupVerify(code=code))
    clerk = uow_factory(staff_actor("clerk", location_id=shop.store.id))
    handed = await service_admin.verify_pickup(clerk, data=PickupVerify(code=code))
    assert handed.status == "delivered" and handed.pickup_code is None
    clock.advance(days=8)
    assert await service_admin.auto_complete(uow_factory().db) >= 1
    assert (await service.get_payable(uow_factory(), order_id=order.id)).status == "completed"


async def test_numbers_count_per_tenant_per_day(shop, uow_factory, clock) -> None:
    first = await place(shop, uow_factory, {shop.variants[0]: 1})
    second = await place(shop, uow_factory, {shop.variants[0]: 1})
    assert first.number == "SO20261125000001" and second.number == "SO20261125000002"
    clock.advance(days=1)
    assert (await place(shop, uow_factory, {shop.variants[0]: 1})).number == "SO20261126000001"


async def test_admin_lists_filters_and_exports(shop, uow_factory) -> None:
    order = await place(shop, uow_factory, {shop.variants[0]: 1})
    page = await service_queries.list_orders(uow_factory(), q=order.number, limit=10, cursor=None)
    assert [o.id for o in page.items] == [order.id]
    by_phone = await service_queries.list_orders(
        uow_factory(), q="13800138000", status="pending_payment", limit=10, cursor=None
    )
    assert [o.id for o in by_phone.items] == [order.id]
    csv_text = await service_queries.export_orders_csv(uow_factory())
    assert csv_text.splitlines()[0].startswith("number,status") and order.number in csv_text
