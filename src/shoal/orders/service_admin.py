"""Staff work on orders: notes, address corrections, shipments, delivery, store pickup, auto-completion."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from shoal.core.actors import SYSTEM
from shoal.core.errors import InvalidState, NotFound
from shoal.core.ids import new_id
from shoal.core.scheduler import register_job, tenant_ids
from shoal.core.uow import Database, UnitOfWork
from shoal.customers.regions import normalised
from shoal.orders import carriers, repository, rules
from shoal.orders.errors import FulfilmentHeld, InvalidPickupCode, ShipmentLineInvalid
from shoal.orders.events import ShipmentCreated
from shoal.orders.models import Order, OrderLine, Shipment
from shoal.orders.schemas import (
    AddressUpdate,
    NoteCreate,
    OrderRead,
    PickupVerify,
    RemainingShipmentCreate,
    ShipmentCreate,
    ShipmentLineIn,
    ShipmentRead,
)
from shoal.orders.service_store import require_shipper

AUTO_COMPLETE_AFTER = timedelta(days=7)
SWEEP_BATCH = 200
SOLD_AT_COUNTER = "门店收银台售出 / Sold at the store's till"


async def add_note(uow: UnitOfWork, *, order_id: str, data: NoteCreate) -> OrderRead:
    async with uow:
        uow.actor.require("orders.manage")
        order = await repository.load_order(uow, order_id)
        repository.record_event(uow, order, "note", note=data.note)
        uow.audit("order.note", "order", order.id, {"note": data.note})
        await uow.commit()
        return await repository.read_order(uow, order)


async def update_address(uow: UnitOfWork, *, order_id: str, data: AddressUpdate) -> OrderRead:
    """Correct the delivery address; only before anything shipped (guarded on the status). The new address
    must be a real place, kept with its region code, as at checkout."""
    async with uow:
        uow.actor.require("orders.manage")
        order = await repository.load_order(uow, order_id)
        address = normalised(data.address.model_dump(mode="json"))
        changed = await uow.s.execute(
            update(Order)
            .where(
                Order.tenant_id == uow.tenant_id,
                Order.id == order_id,
                Order.delivery_method != "pickup",
                Order.status.in_(rules.ADDRESS_EDITABLE),
            )
            .values(shipping_address=address, contact_phone=address["phone"], updated_at=uow.clock.now())
            .execution_options(synchronize_session=False)
        )
        if changed.rowcount != 1:
            raise InvalidState(action="change the address", entity="order", state=order.status)
        order = await repository.load_order(uow, order_id)
        repository.record_event(uow, order, "address")
        uow.audit("order.address", "order", order.id, {"address": address})
        await uow.commit()
        return await repository.read_order(uow, order)


async def create_shipment(uow: UnitOfWork, *, order_id: str, data: ShipmentCreate) -> ShipmentRead:
    """Ship some or all lines with a carrier of the list: each line's shipped count moves with a guarded
    increment; the order becomes ``shipped`` when nothing is left to ship, else ``partially_shipped``."""
    carriers.require(data.carrier)
    async with uow:
        order = await repository.load_order(uow, order_id)
        require_shipper(uow.actor, (await repository.lines_of(uow, [order_id]))[order_id])
        if order.status not in (rules.PAID, rules.PARTIALLY_SHIPPED) or order.delivery_method == "pickup":
            raise InvalidState(action="ship", entity="order", state=order.status)
        refuse_if_held(order)
        for line in sorted(data.lines, key=lambda li: li.line_id):
            moved = await uow.s.execute(
                update(OrderLine)
                .where(
                    OrderLine.tenant_id == uow.tenant_id,
                    OrderLine.order_id == order_id,
                    OrderLine.id == line.line_id,
                    OrderLine.shipped_quantity + line.quantity <= OrderLine.quantity,
                )
                .values(shipped_quantity=OrderLine.shipped_quantity + line.quantity)
                .execution_options(synchronize_session=False)
            )
            if moved.rowcount != 1:
                raise ShipmentLineInvalid(line_id=line.line_id, quantity=line.quantity)
        lines = (await repository.lines_of(uow, [order_id]))[order_id]
        done = all(li.shipped_quantity == li.quantity for li in lines)
        target = rules.SHIPPED if done else rules.PARTIALLY_SHIPPED
        if target != order.status:
            await repository.transition(uow, order, target, action="ship")
        shipment = Shipment(
            id=new_id(),
            tenant_id=uow.tenant_id,
            order_id=order_id,
            carrier=data.carrier,
            tracking_number=data.tracking_number,
            lines=[li.model_dump() for li in data.lines],
            status="shipped",
            shipped_at=uow.clock.now(),
        )
        uow.s.add(shipment)
        uow.audit("order.ship", "order", order_id, {"carrier": data.carrier, "tracking": data.tracking_number})
        uow.emit(
            ShipmentCreated(
                shipment_id=shipment.id, order_id=order_id, carrier=data.carrier, tracking_number=data.tracking_number
            )
        )
        await uow.commit()
        return ShipmentRead.model_validate(shipment)


async def ship_remaining(uow: UnitOfWork, *, order_id: str, data: RemainingShipmentCreate) -> ShipmentRead:
    """Ship every unit not shipped yet in one parcel (the console's 发货 button and a bulk-shipping row).

    The lines are read in the same transaction as the guarded increments, so a parcel shipped meanwhile
    makes this one fail (422 ``shipment_line_invalid``) instead of shipping a unit twice."""
    async with uow:
        order = await repository.load_order(uow, order_id)
        require_shipper(uow.actor, (await repository.lines_of(uow, [order_id]))[order_id])
        left = [
            ShipmentLineIn(line_id=line.id, quantity=line.quantity - line.shipped_quantity)
            for line in (await repository.lines_of(uow, [order.id]))[order.id]
            if line.quantity > line.shipped_quantity
        ]
        if not left:
            raise InvalidState(action="ship", entity="order", state=order.status)
        shipment = ShipmentCreate(carrier=data.carrier, tracking_number=data.tracking_number, lines=left)
        shipped = await create_shipment(uow, order_id=order_id, data=shipment)
        await uow.commit()
        return shipped


async def deliver_shipment(uow: UnitOfWork, *, shipment_id: str) -> ShipmentRead:
    """Staff say the carrier delivered; when the order's last shipment arrives, the order is ``delivered``."""
    async with uow:
        uow.actor.require("orders.manage")
        shipment = (
            await uow.s.execute(select(Shipment).where(Shipment.tenant_id == uow.tenant_id, Shipment.id == shipment_id))
        ).scalar_one_or_none()
        if shipment is None:
            raise NotFound("shipment", shipment_id=shipment_id)
        await repository.load_order(uow, shipment.order_id)  # 404 for an order of another store
        await mark_delivered(uow, shipment)
        await uow.commit()
        return ShipmentRead.model_validate(
            (await uow.s.execute(select(Shipment).where(Shipment.id == shipment_id))).scalar_one()
        )


async def mark_delivered(uow: UnitOfWork, shipment: Shipment) -> None:
    """The shipment arrived (staff said so, or its tracking says 签收); once every shipment of a shipped
    order arrived, the order is ``delivered``. Guarded: the second report of the same arrival does nothing."""
    now = uow.clock.now()
    moved = await uow.s.execute(
        update(Shipment)
        .where(Shipment.tenant_id == uow.tenant_id, Shipment.id == shipment.id, Shipment.status == "shipped")
        .values(status="delivered", delivered_at=now)
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:
        return
    pending = (
        await uow.s.execute(
            select(Shipment.id).where(
                Shipment.tenant_id == uow.tenant_id,
                Shipment.order_id == shipment.order_id,
                Shipment.status == "shipped",
            )
        )
    ).first()
    order = (
        await uow.s.execute(
            select(Order)
            .where(Order.tenant_id == uow.tenant_id, Order.id == shipment.order_id)
            .execution_options(populate_existing=True)
        )
    ).scalar_one()
    if order.status == rules.SHIPPED and pending is None:
        await repository.transition(uow, order, rules.DELIVERED, action="deliver", delivered_at=now)


async def verify_pickup(uow: UnitOfWork, *, data: PickupVerify) -> OrderRead:
    """A clerk of the pickup store hands the goods over against the shopper's 6-digit code."""
    async with uow:
        uow.actor.require("orders.pickup")
        query = select(Order).where(
            Order.tenant_id == uow.tenant_id,
            Order.pickup_code == data.code,
            Order.status == rules.PAID,
            Order.delivery_method == "pickup",
        )
        if uow.actor.location_id:
            query = query.where(Order.pickup_location_id == uow.actor.location_id)
        order = (await uow.s.execute(query.limit(1))).scalar_one_or_none()
        if order is None:
            raise InvalidPickupCode()
        refuse_if_held(order)
        now = uow.clock.now()
        await repository.transition(uow, order, rules.DELIVERED, action="hand over", delivered_at=now)
        uow.audit("order.pickup", "order", order.id, {"location_id": order.pickup_location_id})
        await uow.commit()
        return await repository.read_order(uow, order)


async def hand_over_at_counter(uow: UnitOfWork, *, order_id: str) -> None:
    """A till's sale leaves the store with the shopper the moment it is paid: ``paid -> delivered`` at once, so it
    is never listed to ship and completes like a picked-up order."""
    async with uow:
        order = await repository.load_order(uow, order_id)
        await repository.transition(
            uow, order, rules.DELIVERED, action="hand over", note=SOLD_AT_COUNTER, delivered_at=uow.clock.now()
        )
        await uow.commit()


def refuse_if_held(order: Order) -> None:
    """409 ``fulfilment_held`` while a higher domain holds the goods back (``"group:<id>"`` names a group-buy's
    group): orders cannot see campaigns, so the campaign sets and lifts the hold through this domain."""
    if order.fulfilment_hold:
        raise FulfilmentHeld(entity=order.fulfilment_hold.split(":", 1)[0], hold=order.fulfilment_hold)


async def release_fulfilment_hold(uow: UnitOfWork, *, order_ids: list[str], hold: str) -> int:
    """Let go of the goods of these orders held by ``hold`` (in the caller's transaction); answers how many were
    released. Only the holder's own hold is lifted, so a repeated release changes nothing."""
    if not order_ids:
        return 0
    released = await uow.s.execute(
        update(Order)
        .where(Order.tenant_id == uow.tenant_id, Order.id.in_(sorted(order_ids)), Order.fulfilment_hold == hold)
        .values(fulfilment_hold=None, updated_at=uow.clock.now())
        .execution_options(synchronize_session=False)
    )
    return int(released.rowcount or 0)


async def auto_complete(db: Database) -> int:
    """Sweeper: delivered orders nobody confirmed complete themselves after ``AUTO_COMPLETE_AFTER``."""
    completed = 0
    for tenant_id in await tenant_ids(db):
        async with db.uow(tenant_id=tenant_id, actor=SYSTEM) as uow:
            due = (
                await uow.s.execute(
                    select(Order)
                    .where(
                        Order.tenant_id == tenant_id,
                        Order.status == rules.DELIVERED,
                        Order.delivered_at <= uow.clock.now() - AUTO_COMPLETE_AFTER,
                    )
                    .limit(SWEEP_BATCH)
                )
            ).scalars()
            for order in list(due):
                try:
                    await repository.transition(uow, order, rules.COMPLETED, action="complete", note="auto")
                except InvalidState:
                    continue
                completed += 1
            await uow.commit()
    return completed


register_job("orders.auto_complete", auto_complete)
