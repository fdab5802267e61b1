"""A store's work queues (门店订单): its pickups waiting to be collected and the online orders routed to its stock
that it still has to pick and ship (by courier or same-city delivery), and who may ship such an order. Shipping
and handing over are the usual order actions; these lists tell a store what is waiting for it.
"""

from __future__ import annotations

from typing import Literal

from sqlalchemy import select

from shoal.core.actors import Actor
from shoal.core.errors import Forbidden, NotFound
from shoal.core.uow import UnitOfWork
from shoal.customers.store_scope import store_of
from shoal.orders import repository, rules
from shoal.orders.models import Order, OrderLine
from shoal.orders.schemas import OrderSummary

StoreQueue = Literal["pickup", "ship"]
WAITING: dict[str, tuple[str, ...]] = {
    "pickup": (rules.PAID,),
    "ship": (rules.PAID, rules.PARTIALLY_SHIPPED),
}
QUEUE_LIMIT = 100
DELIVERED_TO_SHOPPER = ("ship", "same_city")  # not a pickup, nor a till's sale handed over at the counter


async def store_queue(uow: UnitOfWork, *, location_id: str, queue: StoreQueue) -> list[OrderSummary]:
    """The store's paid orders waiting for it, oldest first (first come, first served): pickups at the store, or
    orders for delivery with a line from its stock. Another store's clerk asking is told it does not exist."""
    async with uow:
        uow.actor.require("orders.read")
        own = store_of(uow.actor)
        if own is not None and own != location_id:
            raise NotFound("location", id=location_id)
        query = select(Order).where(
            Order.tenant_id == uow.tenant_id,
            repository.visible_to(uow.actor),
            Order.status.in_(WAITING[queue]),
        )
        if queue == "pickup":
            query = query.where(Order.delivery_method == "pickup", Order.pickup_location_id == location_id)
        else:
            query = query.where(
                Order.delivery_method.in_(DELIVERED_TO_SHOPPER),
                Order.fulfilment_hold.is_(None),  # a group-buy's order waits for its group, not for the store
                repository.fulfilled_from(location_id),
            )
        rows = (await uow.s.execute(query.order_by(Order.id).limit(QUEUE_LIMIT))).scalars()
        return [OrderSummary.model_validate(r) for r in rows]


def require_shipper(actor: Actor, lines: list[OrderLine]) -> None:
    """Staff who manage orders ship any order; a store's staff, who hand goods over at their counter
    (``orders.pickup``), also hand a ship-from-store order to its courier or same-city rider, when every line
    comes from their store's stock. Anyone else: 403 naming ``orders.manage``."""
    if actor.kind == "system" or "orders.manage" in actor.permissions:
        return
    store = store_of(actor)
    own = store is not None and bool(lines) and all(line.location_id == store for line in lines)
    if "orders.pickup" in actor.permissions and own:
        return
    raise Forbidden(permission="orders.manage")
