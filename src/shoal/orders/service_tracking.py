"""Parcel tracking (物流轨迹): subscribing shipped parcels, recording what the provider reports, reading it.

* A new shipment emits ``ShipmentCreated``; its outbox handler asks the provider to watch the parcel,
  with a callback address naming the tenant and shipment and a salt of the shipment's own.
* A callback is verified with that salt, then its checkpoints are inserted with ``ON CONFLICT DO
  NOTHING`` on (tenant, shipment, fingerprint): a provider repeats every earlier checkpoint in each post
  and may post the same one twice; each is stored once.
* When the parcel is signed for (签收), the shipment is delivered, and the order with its last shipment,
  by the same guarded statements as staff marking it delivered.
* The network is never called inside a transaction: a query runs between two units of work.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite

from shoal.config import get_settings
from shoal.core.actors import SYSTEM
from shoal.core.errors import NotFound
from shoal.core.ids import new_id
from shoal.core.outbox import subscribe
from shoal.core.uow import Database, UnitOfWork
from shoal.customers.service import shopper_id
from shoal.orders import carriers, repository
from shoal.orders.errors import ForgedTrackingCallback, TrackingNotEnabled
from shoal.orders.events import ShipmentCreated
from shoal.orders.models import Order, Shipment, TrackingEvent
from shoal.orders.schemas import ShipmentRead, TrackingEventRead
from shoal.orders.service_admin import mark_delivered
from shoal.orders.tracking import config
from shoal.orders.tracking.base import Subscription, TrackingProvider, TrackingUpdate, callback_salt, fingerprint

log = logging.getLogger("shoal.orders.tracking")


async def shipments_of(uow: UnitOfWork, order_id: str) -> list[ShipmentRead]:
    """The order's shipments, oldest first, each with its timeline newest first (inside a unit of work)."""
    shipments = (
        (
            await uow.s.execute(
                select(Shipment)
                .where(Shipment.tenant_id == uow.tenant_id, Shipment.order_id == order_id)
                .order_by(Shipment.id)
            )
        )
        .scalars()
        .all()
    )
    events: dict[str, list[TrackingEventRead]] = {s.id: [] for s in shipments}
    if shipments:
        rows = await uow.s.execute(
            select(TrackingEvent)
            .where(TrackingEvent.tenant_id == uow.tenant_id, TrackingEvent.shipment_id.in_(list(events)))
            .order_by(TrackingEvent.at.desc(), TrackingEvent.id.desc())
        )
        for row in rows.scalars():
            events[row.shipment_id].append(TrackingEventRead.model_validate(row))
    return [ShipmentRead.model_validate(s).model_copy(update={"events": events[s.id]}) for s in shipments]


async def my_shipments(uow: UnitOfWork, *, order_id: str) -> list[ShipmentRead]:
    """The signed-in shopper's parcels of one of their orders (another's order answers 404)."""
    async with uow:
        order = await repository.load_order(uow, order_id, customer_id=shopper_id(uow))
        return await shipments_of(uow, order.id)


async def record_update(uow: UnitOfWork, *, shipment_id: str, update_: TrackingUpdate) -> int:
    """Store what the provider reported for a shipment; the number of checkpoints new to us.

    The update must be about this shipment's parcel (same carrier and number), else it is refused as forged.
    """
    async with uow:
        shipment = await _shipment(uow, shipment_id)
        if (update_.carrier, update_.number.upper()) != (shipment.carrier, shipment.tracking_number.upper()):
            raise ForgedTrackingCallback()
        added = 0
        insert = postgresql.insert if uow.db.dialect == "postgresql" else sqlite.insert
        for checkpoint in update_.checkpoints:
            values = {
                "id": new_id(),
                "tenant_id": uow.tenant_id,
                "shipment_id": shipment.id,
                "at": checkpoint.at,
                "description": checkpoint.description[:500],
                "area": (checkpoint.area or None) and checkpoint.area[:100],
                "fingerprint": fingerprint(checkpoint),
                "recorded_at": uow.clock.now(),
            }
            statement = insert(TrackingEvent).values(**values)
            result = await uow.s.execute(
                statement.on_conflict_do_nothing(index_elements=["tenant_id", "shipment_id", "fingerprint"])
            )
            added += result.rowcount
        await uow.s.execute(
            update(Shipment)
            .where(Shipment.tenant_id == uow.tenant_id, Shipment.id == shipment.id)
            .values(tracking_state=update_.state)
            .execution_options(synchronize_session=False)
        )
        if update_.state == "delivered":
            await mark_delivered(uow, shipment)
        await uow.commit()
        return added


async def apply_callback(
    db: Database, *, provider: str, tenant_id: str, shipment_id: str, form: Mapping[str, str]
) -> dict[str, object]:
    """Verify a provider's post about one shipment and record it; the answer the provider expects."""
    tracker = _enabled(provider)
    salt = callback_salt(get_settings().secret_key, tenant_id=tenant_id, shipment_id=shipment_id)
    update_ = tracker.parse_callback(form, salt=salt)
    if update_ is not None:
        added = await record_update(db.uow(tenant_id=tenant_id, actor=SYSTEM), shipment_id=shipment_id, update_=update_)
        log.info("tracking %s for shipment %s: %s new checkpoints, %s", provider, shipment_id, added, update_.state)
    return tracker.callback_ack()


async def refresh(db: Database, uow: UnitOfWork, *, shipment_id: str) -> ShipmentRead:
    """Staff ask the provider now (查询物流) and record the answer; the shipment with its timeline."""
    async with uow:
        uow.actor.require("orders.manage")
        shipment = await _shipment(uow, shipment_id)
        await repository.load_order(uow, shipment.order_id)  # 404 for an order of another store
        carrier, number, order_id = shipment.carrier, shipment.tracking_number, shipment.order_id
        phone = await _phone(uow, order_id)
    tracker = _enabled(config.TrackingSettings().provider or "-")
    if carriers.trackable(carrier):
        update_ = await tracker.query(carrier, number, phone=phone)
        await record_update(db.uow(tenant_id=uow.tenant_id, actor=uow.actor), shipment_id=shipment_id, update_=update_)
    async with db.uow(tenant_id=uow.tenant_id, actor=uow.actor) as reader:
        return next(s for s in await shipments_of(reader, order_id) if s.id == shipment_id)


async def watch_new_shipment(db: Database, tenant_id: str, payload: dict[str, Any]) -> None:
    """Outbox handler of ``ShipmentCreated``: subscribe the parcel, if a provider and a public address are set.

    Subscribing twice is harmless (快递100 answers 501), so a redelivered event does no harm."""
    settings = config.TrackingSettings()
    tracker = config.tracker_from_env(settings)
    if tracker is None or not carriers.trackable(payload["carrier"]):
        return
    url = config.callback_url(settings, provider=tracker.name, tenant_id=tenant_id, shipment_id=payload["shipment_id"])
    if url is None:
        log.info("tracking %s: no SHOAL_TRACKING_CALLBACK_BASE_URL, shipment %s not subscribed", tracker.name, payload)
        return
    async with db.uow(tenant_id=tenant_id, actor=SYSTEM) as uow:
        phone = await _phone(uow, payload["order_id"])
    salt = callback_salt(get_settings().secret_key, tenant_id=tenant_id, shipment_id=payload["shipment_id"])
    await tracker.subscribe(
        Subscription(payload["carrier"], payload["tracking_number"], callback_url=url, salt=salt, phone=phone)
    )


def _enabled(provider: str) -> TrackingProvider:
    tracker = config.tracker_from_env()
    if tracker is None or tracker.name != provider:
        raise TrackingNotEnabled(provider=provider, enabled=tracker.name if tracker else "-")
    return tracker


async def _shipment(uow: UnitOfWork, shipment_id: str) -> Shipment:
    shipment = (
        await uow.s.execute(
            select(Shipment)
            .where(Shipment.tenant_id == uow.tenant_id, Shipment.id == shipment_id)
            .execution_options(populate_existing=True)
        )
    ).scalar_one_or_none()
    if shipment is None:
        raise NotFound("shipment", shipment_id=shipment_id)
    return shipment


async def _phone(uow: UnitOfWork, order_id: str) -> str | None:
    """The recipient's phone, which SF and others ask for before they tell a parcel's whereabouts."""
    return (
        await uow.s.execute(select(Order.contact_phone).where(Order.tenant_id == uow.tenant_id, Order.id == order_id))
    ).scalar_one_or_none()


subscribe(ShipmentCreated, watch_new_shipment)
