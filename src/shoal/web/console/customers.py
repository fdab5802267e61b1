"""Console members (会员): find a shopper, see what they spent, how often and when they last bought, and
their tags; see their addresses and orders, set their group and tags, or block them.

The customer group is what channel prices and coupon targeting key on, so operators set it here. What a
member bought comes from the orders domain (customers know nothing of orders): this page puts them together.
"""

from __future__ import annotations

import re

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from shoal.core.context import RequestContext
from shoal.core.errors import NotFound, ShoalError
from shoal.customers import service as customers
from shoal.customers.schemas import CustomerAdminUpdate
from shoal.orders import service_queries as orders
from shoal.orders.service_customers import purchase_summaries
from shoal.web.console import member_loyalty
from shoal.web.console.deps import ConsoleContext
from shoal.web.forms import errors_of, place_errors
from shoal.web.route import WebRoute
from shoal.web.templating import render

router = APIRouter(prefix="/console/customers", route_class=WebRoute, include_in_schema=False)
FIELDS = {"customer_group", "status", "tags"}
TAG_SEPARATORS = re.compile(r"[,，、;；]")


def read_tags(text: str) -> list[str]:
    """Tags as typed in one box: separated by commas (half- or full-width), 、 or semicolons; blanks dropped."""
    return [tag.strip() for tag in TAG_SEPARATORS.split(text) if tag.strip()]


@router.get("", response_class=HTMLResponse)
async def customer_list(request: Request, ctx: ConsoleContext, q: str = "", cursor: str | None = None) -> HTMLResponse:
    page = await customers.list_customers(ctx.uow(), limit=50, cursor=cursor, q=q or None)
    ids = [c.id for c in page.items]
    bought = await purchase_summaries(ctx.uow(), customer_ids=ids)
    loyalty = await member_loyalty.loyalty_columns(ctx, ids)
    return render(request, "console/customers.html", {"page": page, "q": q, "bought": bought, "loyalty": loyalty})


async def _detail(
    ctx: RequestContext, customer_id: str, values: dict[str, str], errors: dict[str, str], **forms: object
) -> dict:  # type: ignore[type-arg]
    """The page's context; ``forms`` carries a refused points or balance form (its values and errors) or
    the adjustment just ``done``."""
    customer = await customers.get_customer_detail(ctx.uow(), customer_id=customer_id)
    recent = await orders.list_orders(ctx.uow(), customer_id=customer_id, limit=20, cursor=None)
    if not values:
        values = {
            "customer_group": customer.customer_group or "",
            "status": customer.status,
            "tags": ", ".join(customer.tags),
        }
    adjustments = {"points_values": {}, "points_errors": {}, "balance_values": {}, "balance_errors": {}, "done": None}
    page = {"customer": customer, "orders": recent, "values": values, "errors": errors}
    return page | await member_loyalty.loyalty_of(ctx, customer.id) | adjustments | forms


@router.get("/{customer_id}", response_class=HTMLResponse)
async def customer_detail(request: Request, ctx: ConsoleContext, customer_id: str, done: str = "") -> HTMLResponse:
    return render(request, "console/customer.html", await _detail(ctx, customer_id, {}, {}, done=done or None))


@router.post("/{customer_id}/{ledger}", response_class=HTMLResponse)
async def adjust(request: Request, ctx: ConsoleContext, customer_id: str, ledger: str) -> Response:
    """Adjust the member's points or balance; a refused form comes back with its message, nothing written."""
    adjusters = {"points": member_loyalty.adjust_points, "balance": member_loyalty.adjust_balance}
    if ledger not in adjusters:
        raise NotFound("page")
    customer = await customers.get_customer(ctx.uow(), customer_id=customer_id)
    values = {key: str(value).strip() for key, value in (await request.form()).items()}
    errors = await adjusters[ledger](request, ctx, customer.id, values)
    if errors:
        forms = {f"{ledger}_values": values, f"{ledger}_errors": errors}
        return render(request, "console/customer.html", await _detail(ctx, customer.id, {}, {}, **forms), status=422)
    return Response(status_code=204, headers={"HX-Redirect": f"/console/customers/{customer.id}?done={ledger}#loyalty"})


@router.post("/{customer_id}", response_class=HTMLResponse)
async def update(request: Request, ctx: ConsoleContext, customer_id: str) -> Response:
    values = {key: str(value).strip() for key, value in (await request.form()).items()}
    try:
        typed: dict[str, object] = dict(values)
        if "tags" in values:
            typed["tags"] = read_tags(values["tags"])
        data = CustomerAdminUpdate.model_validate(typed)
        await customers.update_customer(ctx.uow(), customer_id=customer_id, data=data)
    except (ShoalError, ValidationError) as exc:
        errors = place_errors(errors_of(request, exc), FIELDS)
        return render(request, "console/customer.html", await _detail(ctx, customer_id, values, errors), status=422)
    return Response(status_code=204, headers={"HX-Redirect": f"/console/customers/{customer_id}"})
