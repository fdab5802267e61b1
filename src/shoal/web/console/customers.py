"""Console members (会员): find a shopper (by phone, name, email or card number, narrowed by tag, gender, region and
marketing consent), see what they spent, how often and when they last bought, and their tags; see their profile,
addresses and orders, set their group, tags and profile, or block them.

The customer group is what channel prices and coupon targeting key on, so operators set it here. What a
member bought comes from the orders domain (customers know nothing of orders): this page puts them together.
The doors (phones, emails, card numbers) are linked and unlinked by ``customer_doors``.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from shoal.core.context import RequestContext
from shoal.core.errors import NotFound, ShoalError
from shoal.customers import service as customers
from shoal.customers import service_identities as doors
from shoal.customers.errors import UnknownRegion
from shoal.customers.schemas import CustomerAdminUpdate, CustomerSearch
from shoal.orders import service_queries as orders
from shoal.orders.service_customers import purchase_summaries
from shoal.web.console import member_loyalty
from shoal.web.console.deps import ConsoleContext
from shoal.web.forms import errors_of, place_errors
from shoal.web.i18n import translations
from shoal.web.profile_form import PROFILE_FIELDS, area_choice, profile_values, read_profile, region_label
from shoal.web.route import WebRoute
from shoal.web.templating import render

router = APIRouter(prefix="/console/customers", route_class=WebRoute, include_in_schema=False)
FIELDS = {"customer_group", "status", "tags", *PROFILE_FIELDS}
TAG_SEPARATORS = re.compile(r"[,，、;；]")
FILTERS = ("q", "tag", "gender", "province_code", "city_code", "consent")
CONSENT = {"yes": True, "no": False}
PHONE_AS_TYPED = re.compile(r"\+?[\d\s-]{5,}")


def read_tags(text: str) -> list[str]:
    """Tags as typed in one box: separated by commas (half- or full-width), 、 or semicolons; blanks dropped."""
    return [tag.strip() for tag in TAG_SEPARATORS.split(text) if tag.strip()]


def _query(text: str) -> str | None:
    """The search box's text; a phone typed with spaces or dashes (138 0013 8000) is searched without them."""
    text = text[:100]
    return re.sub(r"[\s-]", "", text) if PHONE_AS_TYPED.fullmatch(text) else text or None


def _search(filters: dict[str, str]) -> CustomerSearch:
    """The segment the list's filters make; a value the selects never offer narrows nothing."""
    area = area_choice(filters)
    return CustomerSearch(
        tag=filters["tag"][:20] or None,
        gender=filters["gender"] if filters["gender"] in ("female", "male", "other") else None,
        region=area["city"] or area["province"] or None,
        marketing_consent=CONSENT.get(filters["consent"]),
    )


@router.get("", response_class=HTMLResponse)
async def customer_list(request: Request, ctx: ConsoleContext, cursor: str | None = None) -> HTMLResponse:
    filters = {key: request.query_params.get(key, "").strip() for key in FILTERS}
    search = _search(filters)
    page = await customers.list_customers(ctx.uow(), limit=50, cursor=cursor, q=_query(filters["q"]), search=search)
    ids = [c.id for c in page.items]
    bought = await purchase_summaries(ctx.uow(), customer_ids=ids)
    loyalty = await member_loyalty.loyalty_columns(ctx, ids)
    return render(request, "console/customers.html", {
        "page": page, "filters": filters, "area": area_choice(filters), "bought": bought,
        "loyalty": loyalty, "regions": {c.id: region_label(c.region_code) for c in page.items},
        "pager_base": "/console/customers?" + urlencode({k: v for k, v in filters.items() if v}),
    })  # fmt: skip


@router.get("/regions", response_class=HTMLResponse)
async def area_picker(request: Request, ctx: ConsoleContext) -> HTMLResponse:
    """The 省/市 picker again for the province chosen (its cities), for the list's filter and the profile form."""
    values = {key: request.query_params.get(key, "") for key in ("province_code", "city_code")}
    return render(request, "_area_picker.html", {"area": area_choice(values), "url": "/console/customers/regions"})


async def detail_context(
    ctx: RequestContext, customer_id: str, values: dict[str, str], errors: dict[str, str], **forms: object
) -> dict[str, Any]:
    """The page's context; ``forms`` carries a refused points, balance or door form (its values and errors) or
    what was just ``done``."""
    customer = await customers.get_customer_detail(ctx.uow(), customer_id=customer_id)
    recent = await orders.list_orders(ctx.uow(), customer_id=customer_id, limit=20, cursor=None)
    if not values:
        values = {
            "customer_group": customer.customer_group or "",
            "status": customer.status,
            "tags": ", ".join(customer.tags),
        } | profile_values(customer)
    adjustments = {"points_values": {}, "points_errors": {}, "balance_values": {}, "balance_errors": {}, "done": None}
    page = {
        "customer": customer, "orders": recent, "values": values, "errors": errors, "area": area_choice(values),
        "region": region_label(customer.region_code), "door_values": {}, "door_errors": {},
        "doors": await doors.list_identities(ctx.uow(), customer_id=customer.id),
    }  # fmt: skip
    return page | await member_loyalty.loyalty_of(ctx, customer.id) | adjustments | forms


@router.get("/{customer_id}", response_class=HTMLResponse)
async def customer_detail(request: Request, ctx: ConsoleContext, customer_id: str, done: str = "") -> HTMLResponse:
    return render(request, "console/customer.html", await detail_context(ctx, customer_id, {}, {}, done=done or None))


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
        context = await detail_context(ctx, customer.id, {}, {}, **forms)
        return render(request, "console/customer.html", context, status=422)
    return Response(status_code=204, headers={"HX-Redirect": f"/console/customers/{customer.id}?done={ledger}#loyalty"})


def _update_of(values: dict[str, str], gettext: Any) -> tuple[dict[str, object], dict[str, str]]:
    """What the form changes, typed for ``CustomerAdminUpdate``: group, status and tags as sent, the profile
    when the form carries it (a form without the profile part leaves the profile alone)."""
    typed: dict[str, object] = {key: values[key] for key in ("customer_group", "status") if key in values}
    if "tags" in values:
        typed["tags"] = read_tags(values["tags"])
    if "profile" not in values:
        return typed, {}
    profile, errors = read_profile(values, gettext)
    return typed | profile, errors


@router.post("/{customer_id}", response_class=HTMLResponse)
async def update(request: Request, ctx: ConsoleContext, customer_id: str) -> Response:
    values = {key: str(value).strip() for key, value in (await request.form()).items()}
    typed, errors = _update_of(values, translations(ctx.locale).gettext)
    try:
        if not errors:
            data = CustomerAdminUpdate.model_validate(typed)
            await customers.update_customer(ctx.uow(), customer_id=customer_id, data=data)
    except UnknownRegion:
        errors = {"region": translations(ctx.locale).gettext("Choose a province and city from the list.")}
    except (ShoalError, ValidationError) as exc:
        found = errors_of(request, exc)
        errors = place_errors({"region" if k == "region_code" else k: v for k, v in found.items()}, FIELDS)
    if errors:
        context = await detail_context(ctx, customer_id, values, errors)
        return render(request, "console/customer.html", context, status=422)
    return Response(status_code=204, headers={"HX-Redirect": f"/console/customers/{customer_id}?done=profile"})
