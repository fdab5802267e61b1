"""The console's home: what waits for the shop (待办: orders to ship, after-sales to handle, low stock,
pickups waiting), today's figures against yesterday (sales, refunds and net), a 30-day sales chart and top
products, and an alert when background events keep failing (a customer may be waiting for a refund)."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from shoal.aftersales.service_staff import count_waiting_for_shop
from shoal.core.context import RequestContext
from shoal.core.failing_events import count_failing_events
from shoal.inventory.service_stock import count_low_stock
from shoal.orders.schemas import Dashboard
from shoal.orders.service_report import dashboard as sales_dashboard
from shoal.web.console.deps import ConsoleContext
from shoal.web.route import WebRoute
from shoal.web.templating import render

router = APIRouter(prefix="/console", route_class=WebRoute, include_in_schema=False)


@router.get("", response_class=HTMLResponse)
async def dashboard(request: Request, ctx: ConsoleContext) -> HTMLResponse:
    figures, failing = None, 0
    if "orders.read" in ctx.actor.permissions:
        figures = await sales_dashboard(ctx.uow(), zone=ctx.tenant.timezone)
        failing = await count_failing_events(ctx.uow())
    context = {
        "board": figures,
        "to_do": await _to_do(ctx, figures),
        "currency": ctx.tenant.currency,
        "failing_events": failing,
    }
    return render(request, "console/dashboard.html", context)


@dataclass(frozen=True)
class ToDo:
    """One tile of the 待办 block: how many things wait, and the page where they are dealt with."""

    key: str
    count: int
    href: str


async def _to_do(ctx: RequestContext, board: Dashboard | None) -> list[ToDo]:
    """What waits for the shop, each from the domain that owns it, as far as this staff member may see
    (a clerk: their store's orders, cases and stock)."""
    tiles = []
    if board is not None:
        tiles.append(ToDo("to_ship", board.to_ship, "/console/orders?status=paid"))
        tiles.append(ToDo("after_sales", await count_waiting_for_shop(ctx.uow()), "/console/after-sales"))
    if "inventory.read" in ctx.actor.permissions:
        tiles.append(ToDo("low_stock", await count_low_stock(ctx.uow()), "/console/inventory?low=1"))
    if board is not None:
        tiles.append(ToDo("pickups", board.pickups_waiting, "/console/orders/pickup"))
    return tiles
