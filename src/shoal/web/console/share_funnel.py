"""分享转化: the share funnel per campaign and per sharer (shares -> visits -> groups opened / joins / cuts ->
orders -> paid GMV), the admin API's report as a page with a chart. Read with ``orders.read`` and scoped like
the API: the service checks the permission and answers this tenant's rows only."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from shoal.campaigns.bargain.service import list_bargains
from shoal.campaigns.flash_sale.service import list_flash_sales
from shoal.campaigns.group_buy.service import list_group_buys
from shoal.campaigns.sharing.funnel import share_funnel
from shoal.web.console.deps import ConsoleContext
from shoal.web.route import WebRoute
from shoal.web.templating import render

router = APIRouter(prefix="/console/reports", route_class=WebRoute, include_in_schema=False)
STEPS = ("shares", "visits", "groups_opened", "joins", "cuts", "orders", "paid_orders")


@router.get("/share-funnel", response_class=HTMLResponse)
async def funnel_page(
    request: Request,
    ctx: ConsoleContext,
    campaign: Annotated[str, Query(max_length=60, description="``type`` or ``type:id``")] = "",
) -> HTMLResponse:
    campaign_type, _, campaign_id = campaign.partition(":")
    report = await share_funnel(ctx.uow(), campaign_type=campaign_type or None, campaign_id=campaign_id or None)
    context = {
        "report": report,
        "steps": STEPS,
        "campaigns": await _campaigns(ctx),
        "chosen": campaign,
        "currency": ctx.tenant.currency,
    }
    return render(request, "console/share_funnel.html", context)


async def _campaigns(ctx: ConsoleContext) -> dict[str, list[tuple[str, str]]]:
    """Each kind's activities as ``(id, name)``, newest first, for the filter: operators pick a campaign by its
    name, never by typing its id."""
    sales, groups, bargains = (
        await list_flash_sales(ctx.uow()),
        await list_group_buys(ctx.uow()),
        await list_bargains(ctx.uow()),
    )
    return {
        "flash_sale": [(s.id, s.name) for s in sales],
        "group_buy": [(g.id, g.name) for g in groups],
        "bargain": [(b.id, b.name) for b in bargains],
    }
