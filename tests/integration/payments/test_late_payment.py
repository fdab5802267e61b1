"""A payment that arrives after its order's hold expired: never two paid orders for one unit.

One unit, two orders. The first order's hold lapses (whichever sweeper runs first), and its payment arrives
late while a second shopper buys the same unit. Exactly one order ends paid; the other's money is refunded
in full, automatically, and reconciliation lists it for staff.
"""

from __future__ import annotations

import asyncio
from datetime import date

import pytest
from sqlalchemy import select

import shoal.payments.handlers  # noqa: F401  (refunds money an order cannot take, as in the app)
from shoal.core.dispatcher import dispatch_pending
from shoal.inventory import service as inventory
from shoal.inventory.errors import OutOfStock
from shoal.inventory.models import Stock
from shoal.inventory.rules import ReserveLine
from shoal.inventory.schemas import LocationCreate
from shoal.orders import service as orders
from shoal.orders.schemas import DraftLine, OrderDraft, OrderRead
from shoal.payments import service, service_refunds
from shoal.payments.schemas import PaymentStart
from tests.integration.payments.conftest import CUSTOMER, VARIANT, shopper

pytestmark = pytest.mark.pg_only
SECOND = "0192f0c0-0000-7000-8000-00000000b0b0"
PRICE = 1990


async def place_one(uow_factory, tenant, location_id: str, customer_id: str) -> OrderRead:  # type: ignore[no-untyped-def]
    line = DraftLine(
        variant_id=VARIANT, product_id=VARIANT, sku="TEE-1", name={"en": "Tee"}, title="Tee", options=[], image=None,
        unit_price=PRICE, quantity=1, discount=0, line_total=PRICE, location_id=location_id,
    )  # fmt: skip
    draft = OrderDraft(
        customer_id=customer_id, currency="CNY", subtotal=PRICE, discount=0, shipping_fee=0, total=PRICE,
        delivery_method="shipping", lines=[line], reserve=[ReserveLine(VARIANT, location_id, 1)], unpaid_minutes=30,
    )  # fmt: skip
    return await orders.place_order(uow_factory(), tenant=tenant, draft=draft)


async def pay(uow_factory, providers, order_id: str, customer_id: str):  # type: ignore[no-untyped-def]
    return await service.start_payment(
        shopper(uow_factory, customer_id), providers=providers, order_id=order_id, customer_id=customer_id,
        data=PaymentStart(provider="mock"),
    )  # fmt: skip


@pytest.mark.parametrize("sweeper_first", ["inventory", "orders"])
async def test_a_late_payment_never_sells_the_last_unit_twice(
    sweeper_first, uow_factory, providers, tenant, db, clock
) -> None:  # type: ignore[no-untyped-def]
    location = await inventory.create_location(
        uow_factory(), data=LocationCreate(code="WH-ONE", kind="warehouse", name="WH")
    )
    await inventory.receive_stock(uow_factory(), variant_id=VARIANT, location_id=location.id, quantity=1)
    late = await place_one(uow_factory, tenant.tenant, location.id, CUSTOMER)
    late_payment = await pay(uow_factory, providers, late.id, CUSTOMER)
    clock.advance(minutes=45)  # past the payment deadline and the hold's grace
    first, second = (
        (inventory.release_expired_reservations, orders.close_unpaid)
        if sweeper_first == "inventory"
        else (orders.close_unpaid, inventory.release_expired_reservations)
    )
    await first(db)

    async def buy_the_unit() -> OrderRead | None:
        try:
            return await place_one(uow_factory, tenant.tenant, location.id, SECOND)
        except OutOfStock:
            return None

    *_, rival, _ = await asyncio.gather(
        *(service.mock_succeed(uow_factory(), providers=providers, payment_id=late_payment.id) for _ in range(5)),
        buy_the_unit(),
        second(db),  # the other sweeper, at the same moment
    )
    if rival is not None:
        rival_payment = await pay(uow_factory, providers, rival.id, SECOND)
        await service.mock_succeed(uow_factory(), providers=providers, payment_id=rival_payment.id)

    both = [late.id, *([rival.id] if rival else [])]
    statuses = {order_id: (await orders.get_payable(uow_factory(), order_id=order_id)).status for order_id in both}
    assert list(statuses.values()).count("paid") == 1, statuses
    async with db.uow(tenant_id=tenant.id) as uow:
        stock = (await uow.s.execute(select(Stock).where(Stock.location_id == location.id))).scalar_one()
        assert (stock.on_hand, stock.reserved) == (0, 0)

    if statuses[late.id] != "paid":
        assert statuses[late.id] == "closed"
        await dispatch_pending(db)
        refunded = await service.get_payment(uow_factory(), payment_id=late_payment.id)
        assert (refunded.status, refunded.refunded_amount) == ("refunded", PRICE)
        report = await service_refunds.reconciliation(uow_factory(), day=date(2026, 11, 25))
        issues = {(i.payment_id, i.issue) for i in report.issues}
        assert issues & {(late_payment.id, "order_closed"), (late_payment.id, "order_unfulfillable")}
