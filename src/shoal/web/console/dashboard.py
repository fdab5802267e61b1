"""The console's home: today's figures against yesterday, a 30-day sales chart and top products."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from shoal.orders.service_report import dashboard as sales_dashboard
from shoal.web.console.deps import ConsoleContext
from shoal.web.route import WebRoute
from shoal.web.templating import render

router = APIRouter(prefix="/console", route_class=WebRoute, include_in_schema=False)


@router.get("", response_class=HTMLResponse)
async def dashboard(request: Request, ctx: ConsoleContext) -> HTMLResponse:
    figures = None
    if "orders.read" in ctx.actor.permissions:
        figures = await sales_dashboard(ctx.uow(), zone=ctx.tenant.timezone)
    return render(request, "console/dashboard.html", {"board": figures, "currency": ctx.tenant.currency})
