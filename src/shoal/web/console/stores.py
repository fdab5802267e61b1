"""Console 门店订单: one store's work queues, its pickups waiting to be collected and the online orders routed to
its stock (ship-from-store) that it still has to pick and ship. Owners choose the store; a clerk sees its own.
Handing over and shipping are the order pages' actions; this page only lists what waits for the store."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from shoal.core.errors import NotFound
from shoal.inventory import service as inventory
from shoal.orders.service_store import store_queue
from shoal.web.console.deps import ConsoleContext
from shoal.web.route import WebRoute
from shoal.web.templating import render

router = APIRouter(prefix="/console/stores", route_class=WebRoute, include_in_schema=False)


@router.get("", response_class=HTMLResponse)
async def store_orders(request: Request, ctx: ConsoleContext, location_id: str = "") -> HTMLResponse:
    """The chosen store's queues (the first store when none is chosen); a store the actor may not see is 404."""
    ctx.actor.require("orders.read")
    stores = await inventory.list_locations(ctx.uow(), kind="store")
    store = next((s for s in stores if s.id == location_id), None) if location_id else (stores[0] if stores else None)
    if location_id and store is None:
        raise NotFound("location", id=location_id)
    context = {"stores": stores, "store": store, "pickups": [], "shipments": []}
    if store is not None:
        context["pickups"] = await store_queue(ctx.uow(), location_id=store.id, queue="pickup")
        context["shipments"] = await store_queue(ctx.uow(), location_id=store.id, queue="ship")
    return render(request, "console/store_orders.html", context)
