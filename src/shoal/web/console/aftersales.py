"""Console after-sales review: cases waiting, approve or reject, receive returns, refund to the payment."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from shoal.aftersales import service, service_staff
from shoal.aftersales.schemas import Approve, Receive, Reject
from shoal.inventory.service import list_locations
from shoal.payments.deps import payment_providers
from shoal.web.console.deps import ConsoleContext
from shoal.web.route import WebRoute
from shoal.web.templating import render

router = APIRouter(prefix="/console/after-sales", route_class=WebRoute, include_in_schema=False)


@router.get("", response_class=HTMLResponse)
async def cases(request: Request, ctx: ConsoleContext, status: str = "") -> HTMLResponse:
    page = await service.list_after_sales(ctx.uow(), limit=50, cursor=None, status=status or None)
    locations = await list_locations(ctx.uow())
    return render(request, "console/aftersales.html", {"page": page, "status": status, "locations": locations})


@router.post("/{case_id}/{action}")
async def act(request: Request, ctx: ConsoleContext, case_id: str, action: str) -> Response:
    form = {key: str(value) for key, value in (await request.form()).items()}
    if action == "approve":
        await service_staff.approve(ctx.uow(), after_sale_id=case_id, data=Approve())
    elif action == "reject":
        await service_staff.reject(ctx.uow(), after_sale_id=case_id, data=Reject(note=form.get("note") or "—"))
    elif action == "receive":
        await service_staff.receive(
            ctx.uow(), after_sale_id=case_id, data=Receive(location_id=form.get("location_id", ""))
        )
    elif action == "refund":
        await service_staff.refund(ctx.uow(), providers=payment_providers(request), after_sale_id=case_id)
    return Response(status_code=204, headers={"HX-Redirect": "/console/after-sales"})
