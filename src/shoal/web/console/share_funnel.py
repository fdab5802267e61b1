"""分享转化: the share funnel per campaign and per sharer (shares -> visits -> groups opened / joins / cuts ->
orders -> paid GMV), the admin API's report as a page with a chart. Read with ``orders.read`` and scoped like
the API: the service checks the permission and answers this tenant's rows only."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from shoal.campaigns.sharing.funnel import share_funnel
from shoal.web.console.deps import ConsoleContext
from shoal.web.route import WebRoute
from shoal.web.templating import render

router = APIRouter(prefix="/console/reports", route_class=WebRoute, include_in_schema=False)
CAMPAIGN_TYPES = ("flash_sale", "group_buy", "bargain")
STEPS = ("shares", "visits", "groups_opened", "joins", "cuts", "orders", "paid_orders")


@router.get("/share-funnel", response_class=HTMLResponse)
async def funnel_page(
    request: Request,
    ctx: ConsoleContext,
    campaign_type: Annotated[str, Query(max_length=20)] = "",
    campaign_id: Annotated[str, Query(max_length=36)] = "",
) -> HTMLResponse:
    report = await share_funnel(ctx.uow(), campaign_type=campaign_type or None, campaign_id=campaign_id or None)
    context = {
        "report": report,
        "steps": STEPS,
        "campaign_types": CAMPAIGN_TYPES,
        "chosen_type": campaign_type,
        "chosen_id": campaign_id,
        "currency": ctx.tenant.currency,
    }
    return render(request, "console/share_funnel.html", context)
