"""The console's home: today's figures against yesterday, a 30-day sales chart and top products, and an
alert when background events keep failing (a customer may be waiting for a refund)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from shoal.core.failing_events import count_failing_events
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
    context = {"board": figures, "currency": ctx.tenant.currency, "failing_events": failing}
    return render(request, "console/dashboard.html", context)
