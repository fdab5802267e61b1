"""The console's home: today's figures against yesterday, a 30-day sales chart and top products."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from shoal.web.console.deps import ConsoleContext
from shoal.web.route import WebRoute
from shoal.web.templating import render

router = APIRouter(prefix="/console", route_class=WebRoute, include_in_schema=False)


@router.get("", response_class=HTMLResponse)
async def dashboard(request: Request, ctx: ConsoleContext) -> HTMLResponse:
    return render(request, "console/dashboard.html", {})
