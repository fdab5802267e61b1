"""Placing orders, taking payment, refunds, cancellation, receipt and closing unpaid orders.

Orders never trust a read-then-write: every status change is a guarded update (see
``repository.transition``), money columns move with guarded increments, and stock is reserved, confirmed
and released through the inventory services inside the same transaction.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite

from shoal.core.actors import SYSTEM
from shoal.core.errors import InvalidState
from shoal.core.ids import new_id
from shoal.core.scheduler import register_job, tenant_ids
from shoal.core.tenancy import Tenant
from shoal.core.uow import Database, UnitOfWork
from shoal.customers.service import shopper_id
from shoal.inventory.errors import OutOfStock
from shoal.inventory.service_reservations import (
    confirm_reservation,
    release_reservation,
    reserve,
    restock_reservation,
    retake_reservation,
)
from shoal.orders import repository, rules
from shoal.orders.errors import AmountMismatch, RefundLineInvalid, RefundTooLarge
from shoal.orders.events import OrderPaid, OrderPlaced, OrderRefunded
from shoal.orders.models import Counter, Order, OrderLine
from shoal.orders.schemas import LineRefund, OrderDraft, OrderRead, PaidOutcome, PayableOrder

# The reservation outlives the payment deadline a little, so the orders sweeper (which closes the
# order AND releases its stock in one transaction) normally acts before the inventory sweeper.
RESERVATION_GRACE = timedelta(minutes=10)
SWEEP_BATCH = 200
# The history line of an order that costs nothing, paid at checkout without a provider.
NOTHING_TO_PAY = "订单金额为 0，下单即完成支付 / Nothing to pay: paid at checkout"
# The history line of an order closed because its payment came after its units were sold to another order.
PAID_TOO_LATE = "付款时库存已售出，订单关闭并全额退款 / Paid after its stock was sold: closed, the payment is refunded"


async def place_order(uow: UnitOfWork, *, tenant: Tenant, draft: OrderDraft) -> OrderRead:
    """Reserve the stock (all or nothing) and write the order awaiting payment.

    Called by checkout inside its own transaction. The reservation comes first and is named by the order id:
    refused for stock (``OutOfStock``), it has written nothing, so checkout may plan again. The human number
    is taken last, so the per-tenant counter row is locked only for the final inserts.
    """
    rules.check_order_total(subtotal=draft.subtotal, total=draft.total)
    async with uow:
        now = uow.clock.now()
        order_id = draft.order_id or new_id()
        deadline = now + timedelta(minutes=draft.unpaid_minutes)
        await reserve(
            uow, reference=order_id, lines=draft.reserve, ttl=deadline - now + RESERVATION_GRACE,
            parent_reference=draft.reserve_from,
        )  # fmt: skip
        number = await _next_number(uow, tenant, now)
        order = Order(
            id=order_id,
            tenant_id=uow.tenant_id,
            number=number,
            customer_id=draft.customer_id,
            channel=draft.channel,
            status=rules.PENDING_PAYMENT,
            currency=draft.currency,
            subtotal=draft.subtotal,
            discount=draft.discount,
            shipping_fee=draft.shipping_fee,
            total=draft.total,
            paid_amount=0,
            refunded_amount=0,
            adjustments=draft.adjustments,
            delivery_method=draft.delivery_method,
            shipping_address=draft.shipping_address,
            contact_phone=(draft.shipping_address or {}).get("phone"),
            pickup_location_id=draft.pickup_location_id,
            pickup_code=f"{secrets.randbelow(10**6):06d}" if draft.pickup_location_id else None,
            fulfilment_hold=draft.fulfilment_hold,
            fulfilment_location_ids=list(dict.fromkeys(r.location_id for r in draft.reserve)),
            reservation_reference=order_id,
            note=draft.note,
            expires_at=deadline,
            created_at=now,
            updated_at=now,
        )
        lines = [
            OrderLine(
                tenant_id=uow.tenant_id,
                order_id=order_id,
                position=i,
                variant_id=d.variant_id,
                product_id=d.product_id,
                sku=d.sku,
                name=d.name,
                title=d.title,
                options=d.options,
                image=d.image,
                unit_price=d.unit_price,
                quantity=d.quantity,
                discount=d.discount,
                line_total=d.line_total,
                location_id=d.location_id,
                shipped_quantity=0,
                refunded_quantity=0,
                refunded_amount=0,
            )
            for i, d in enumerate(draft.lines)
        ]
        uow.s.add(order)
        uow.s.add_all(lines)
        repository.record_event(uow, order, "transition", to_status=rules.PENDING_PAYMENT)
        for remark in draft.remarks:
            repository.record_event(uow, order, "note", note=remark)
        uow.emit(
            OrderPlaced(
                order_id=order_id,
                number=number,
                customer_id=draft.customer_id,
                total=draft.total,
                currency=draft.currency,
            )
        )
        if draft.total == 0:
            await _pay_nothing(uow, order)
        await uow.commit()
        return repository.order_read(order, lines)


async def _pay_nothing(uow: UnitOfWork, order: Order) -> None:
    """An order that costs nothing (a free product, a coupon covering everything) is paid at checkout.

    No provider takes 0 fen, so there is no payment record: the order is ``paid`` with ``paid_amount`` 0
    and no ``payment_id``, its units are sold and ``OrderPaid`` spends its coupons, as for any payment.
    """
    now = uow.clock.now()
    await repository.transition(uow, order, rules.PAID, action="pay", note=NOTHING_TO_PAY, paid_amount=0, paid_at=now)
    await confirm_reservation(uow, reference=order.reservation_reference)
    uow.emit(OrderPaid(order_id=order.id, number=order.number, payment_id="", amount=0))


async def get_payable(uow: UnitOfWork, *, order_id: str, customer_id: str | None = None) -> PayableOrder:
    async with uow:
        order = await repository.load_order(uow, order_id, customer_id=customer_id)
        return PayableOrder(
            order.id, order.number, order.total, order.currency, order.status, order.customer_id, order.expires_at
        )


async def mark_paid(uow: UnitOfWork, *, order_id: str, payment_id: str, amount: int, paid_at: datetime) -> PaidOutcome:
    """Apply money that reached the order: ``pending_payment -> paid`` exactly once, with its units sold.

    The units are the order's hold, or, if the hold expired before the money came (the inventory sweeper
    ran first, or the scheduler lagged), the same units taken again from what is still available. If
    another order has them now, the order cannot be fulfilled: it is closed instead and the outcome says
    so, like an order closed or cancelled before the money came; the caller refunds the money. Raises
    ``AmountMismatch`` if ``amount`` is not the total.

    The order is read locked (``FOR UPDATE`` on PostgreSQL; SQLite runs one writer at a time), so no other
    payment or sweeper moves it meanwhile and its status seen here is the one the transition moves from.
    """
    async with uow:
        order = await repository.load_order(uow, order_id, lock=True)
        if order.payment_id is not None:
            return "already_paid"
        if order.status != rules.PENDING_PAYMENT:
            return "not_payable"
        if amount != order.total:
            raise AmountMismatch(amount=amount, total=order.total)
        if not await _sold(uow, order):
            await repository.transition(uow, order, rules.CLOSED, action="close", note=PAID_TOO_LATE)
            await uow.commit()
            return "out_of_stock"
        await repository.transition(
            uow, order, rules.PAID, action="pay", paid_amount=amount, paid_at=paid_at, payment_id=payment_id
        )
        uow.emit(OrderPaid(order_id=order.id, number=order.number, payment_id=payment_id, amount=amount))
        await uow.commit()
        return "paid"


async def _sold(uow: UnitOfWork, order: Order) -> bool:
    """Sell the order's held units, or retake them if the hold expired; False if they are gone.

    Confirming a hold writes nothing unless it succeeds, so the usual case needs no savepoint; only a retake,
    which moves the hold before it finds the units gone, runs in one (its failure leaves nothing behind)."""
    try:
        await confirm_reservation(uow, reference=order.reservation_reference)
        return True
    except InvalidState:  # not held any more: expired, or released
        pass
    try:
        async with uow.s.begin_nested():
            await retake_reservation(uow, reference=order.reservation_reference)
        return True
    except (OutOfStock, InvalidState):
        return False


async def record_refund(uow: UnitOfWork, *, order_id: str, amount: int, line_refunds: list[LineRefund]) -> OrderRead:
    """Add a refund to the order's books. Guarded increments: refunds never exceed what was paid,
    per line never more than its quantity and amount; the line amounts never exceed ``amount``. The refund
    that brings back everything paid ends a live order as ``refunded`` (nothing left to ship or receive)."""
    async with uow:
        order = await repository.load_order(uow, order_id)
        if sum(lr.amount for lr in line_refunds) > amount:
            raise RefundTooLarge(amount=amount, refundable=order.paid_amount - order.refunded_amount)
        rules.check_refund(paid=order.paid_amount, refunded=order.refunded_amount, amount=amount)
        booked = await uow.s.execute(
            update(Order)
            .where(
                Order.tenant_id == uow.tenant_id,
                Order.id == order_id,
                Order.paid_amount - Order.refunded_amount >= amount,
            )
            .values(refunded_amount=Order.refunded_amount + amount, updated_at=uow.clock.now())
            .execution_options(synchronize_session=False)
        )
        if booked.rowcount != 1:
            raise RefundTooLarge(amount=amount, refundable=order.paid_amount - order.refunded_amount)
        for lr in sorted(line_refunds, key=lambda lr: lr.line_id):
            await _refund_line(uow, order_id, lr)
        order = await repository.load_order(uow, order_id)
        repository.record_event(uow, order, "refund", note=str(amount))
        if rules.ends_refunded(order.status, paid=order.paid_amount, refunded=order.refunded_amount):
            # The guarded increment above holds the row, so no other move can slip in before this one.
            await repository.transition(uow, order, rules.REFUNDED, action="refund")
        uow.emit(
            OrderRefunded(order_id=order.id, number=order.number, amount=amount, refunded_total=order.refunded_amount)
        )
        await uow.commit()
        return await repository.read_order(uow, order)


async def cancel_order(uow: UnitOfWork, *, order_id: str, reason: str | None = None) -> OrderRead:
    """A shopper cancels their own unpaid order; staff may also cancel a paid, unshipped one: its units go
    back in stock here, once (the guarded transition), and the refund follows through the outbox."""
    async with uow:
        if uow.actor.kind == "shopper":
            order = await repository.load_order(uow, order_id, customer_id=uow.actor.id)
            if order.status != rules.PENDING_PAYMENT:
                raise InvalidState(action="cancel", entity="order", state=order.status)
        else:
            uow.actor.require("orders.manage")
            order = await repository.load_order(uow, order_id)
        was_unpaid = order.status == rules.PENDING_PAYMENT
        await repository.transition(uow, order, rules.CANCELLED, action="cancel", note=reason)
        if was_unpaid:
            await _release(uow, order)
        else:
            await _restock(uow, order)
        if uow.actor.kind == "staff":
            uow.audit("order.cancel", "order", order.id, {"reason": reason, "was_paid": not was_unpaid})
        await uow.commit()
        return await repository.read_order(uow, order)


async def confirm_receipt(uow: UnitOfWork, *, order_id: str) -> OrderRead:
    """The shopper says the parcel arrived: the order is complete."""
    async with uow:
        order = await repository.load_order(uow, order_id, customer_id=shopper_id(uow))
        await repository.transition(uow, order, rules.COMPLETED, action="confirm receipt")
        await uow.commit()
        return await repository.read_order(uow, order)


async def close_unpaid(db: Database) -> int:
    """Sweeper: close unpaid orders past their deadline and release exactly their reservations.

    One transaction per order, so one failure never holds back the others; the guarded transition
    means a payment arriving at the same moment either wins (the order stays paid) or loses cleanly.
    """
    closed = 0
    for tenant_id in await tenant_ids(db):
        async with db.uow(tenant_id=tenant_id, actor=SYSTEM) as uow:
            overdue = list(
                (
                    await uow.s.execute(
                        select(Order.id)
                        .where(
                            Order.tenant_id == tenant_id,
                            Order.status == rules.PENDING_PAYMENT,
                            Order.expires_at <= uow.clock.now(),
                        )
                        .order_by(Order.expires_at)
                        .limit(SWEEP_BATCH)
                    )
                ).scalars()
            )
        for order_id in overdue:
            if await close_if_unpaid(db.uow(tenant_id=tenant_id, actor=SYSTEM), order_id=order_id) == "closed now":
                closed += 1
    return closed


async def close_if_unpaid(uow: UnitOfWork, *, order_id: str) -> str:
    """Close one order past its payment deadline and release its units, in one transaction.

    Answers ``closed now``, or the order's status when it was not closed here (paid meanwhile, closed by
    another sweeper, not yet due): the guarded transition makes two sweepers close it once."""
    async with uow:
        order = await repository.load_order(uow, order_id)
        if not rules.is_overdue(order.status, order.expires_at, uow.clock.now()):
            return order.status
        try:
            await repository.transition(uow, order, rules.CLOSED, action="close", note="unpaid")
        except InvalidState as exc:
            return str(exc.params.get("state", order.status))
        await _release(uow, order)
        await uow.commit()
        return "closed now"


async def _release(uow: UnitOfWork, order: Order) -> None:
    """Give the order's reserved stock back; if the inventory sweeper already expired it, it is back."""
    try:
        await release_reservation(uow, reference=order.reservation_reference)
    except InvalidState:
        return


async def _restock(uow: UnitOfWork, order: Order) -> None:
    """Put a paid order's sold units back; a hold that was never confirmed sold nothing, so nothing comes back."""
    try:
        await restock_reservation(uow, reference=order.reservation_reference)
    except InvalidState:
        return


async def _refund_line(uow: UnitOfWork, order_id: str, lr: LineRefund) -> None:
    if lr.quantity < 0 or lr.amount < 0:
        raise RefundLineInvalid(line_id=lr.line_id)
    result = await uow.s.execute(
        update(OrderLine)
        .where(
            OrderLine.tenant_id == uow.tenant_id,
            OrderLine.order_id == order_id,
            OrderLine.id == lr.line_id,
            OrderLine.refunded_quantity + lr.quantity <= OrderLine.quantity,
            OrderLine.refunded_amount + lr.amount <= OrderLine.line_total,
        )
        .values(
            refunded_quantity=OrderLine.refunded_quantity + lr.quantity,
            refunded_amount=OrderLine.refunded_amount + lr.amount,
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise RefundLineInvalid(line_id=lr.line_id)


async def _next_number(uow: UnitOfWork, tenant: Tenant, now: datetime) -> str:
    """Bump the tenant's counter for its local day with one upsert (``... RETURNING value``)."""
    day = now.astimezone(ZoneInfo(tenant.timezone)).date()
    params = {"id": new_id(), "tenant_id": uow.tenant_id, "name": rules.counter_name(day), "value": 1}
    sequence = (await uow.run(_BUMP[uow.db.dialect == "postgresql"], params)).scalar_one()
    return rules.order_number(day, sequence)


# Every order bumps its day's counter: built once per dialect, bound per call.
_BUMP = {
    on_postgresql: (postgresql.insert if on_postgresql else sqlite.insert)(Counter)
    .on_conflict_do_update(index_elements=["tenant_id", "name"], set_={"value": Counter.value + 1})
    .returning(Counter.value)
    for on_postgresql in (False, True)
}


register_job("orders.close_unpaid", close_unpaid)
