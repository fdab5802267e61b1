"""Console 门店收银: the till a clerk uses on a tablet, and the shift's open and close.

The basket lives in the page's form (a hidden code and quantity per line), so the server keeps no cart: each scan
posts the form, the basket comes back priced by the same quote as the API (store channel, store-only offers, the
member's prices), and paying posts it once more as a sale whose ``sale_id`` was fixed when the till was drawn, so
a double tap answers the same sale. The receipt is a printable page of its own.
"""

from __future__ import annotations

import re
import uuid
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import ValidationError

from shoal.core.errors import ShoalError, ValidationFailed
from shoal.core.http import problem_response
from shoal.core.money import parse_decimal_amount
from shoal.inventory.service import get_location, list_locations
from shoal.payments.deps import payment_providers
from shoal.pos import service_members, service_report, service_sales, service_shifts
from shoal.pos.errors import SaleRefused
from shoal.pos.schemas import QuoteIn, SaleCreate, ShiftClose, ShiftOpen
from shoal.web.console.deps import ConsoleContext
from shoal.web.console.pos_forms import read_basket, read_payment
from shoal.web.forms import errors_of
from shoal.web.i18n import translations
from shoal.web.route import WebRoute
from shoal.web.templating import render

router = APIRouter(prefix="/console/pos", route_class=WebRoute, include_in_schema=False)
TILL, SHIFT = "console/pos_till.html", "console/pos_shift.html"
PHONE = re.compile(r"(\+?86)?1\d{10}")  # a mainland mobile number; anything else typed is a member card


@router.get("", response_class=HTMLResponse)
async def till(request: Request, ctx: ConsoleContext) -> HTMLResponse:
    """The till, or the shift page when the clerk has no open shift yet."""
    shift = await service_shifts.my_shift(ctx.uow())
    if shift is None:
        return await _shift_page(request, ctx, None, {})
    store = await get_location(ctx.uow(), location_id=shift.location_id)
    return render(request, TILL, {"store": store, "sale_id": uuid.uuid4().hex, "quote": None, "lines": [],
                                  "member": None, "error": None})  # fmt: skip


@router.post("/basket", response_class=HTMLResponse)
async def basket(request: Request, ctx: ConsoleContext) -> HTMLResponse:
    """Price the basket with what was just scanned; a code no product has is said, and the basket stays."""
    form = await request.form()
    lines, error = read_basket(form), None
    try:
        quote = await _quote(ctx, lines, form.get("customer_id"))
    except (ShoalError, ValidationError) as exc:
        error, lines = _message(request, exc), read_basket(form, with_scan=False)
        quote = await _quote(ctx, lines, form.get("customer_id")) if lines else None
    return render(request, TILL, {"quote": quote, "lines": lines, "error": error}, block="basket")


@router.post("/member", response_class=HTMLResponse)
async def member(request: Request, ctx: ConsoleContext) -> HTMLResponse:
    form = await request.form()
    try:
        typed = str(form.get("phone") or "").strip()
        by = {"phone": typed} if PHONE.fullmatch(typed) else {"card": typed}
        found = await service_members.find_member(ctx.uow(), **by)
    except ShoalError as exc:
        return render(request, TILL, {"member": None, "member_error": _message(request, exc)}, block="member")
    return render(request, TILL, {"member": found, "member_error": None}, block="member")


@router.post("/sales", response_class=HTMLResponse)
async def pay(request: Request, ctx: ConsoleContext) -> HTMLResponse:
    """Take the payment and record the sale; the answer is the change to hand back and the receipt's link."""
    form = await request.form()
    try:
        data = SaleCreate(sale_id=str(form.get("sale_id") or ""), lines=read_basket(form, with_scan=False),
                          customer_id=str(form.get("customer_id") or "") or None, **read_payment(form))  # fmt: skip
        sale = await service_sales.record_sale(
            ctx.uow(), tenant=ctx.tenant, providers=payment_providers(request), data=data
        )
    except (ShoalError, ValidationError, ValueError) as exc:
        return render(request, TILL, {"sale": None, "pay_error": _message(request, exc)}, block="result")
    return render(request, TILL, {"sale": sale, "pay_error": None}, block="result")


@router.post("/sales/offline", response_model=None)
async def upload_offline(request: Request, ctx: ConsoleContext) -> JSONResponse:
    """A sale the till page queued while offline (its form, ``sale_id`` and ``sold_at``), recorded as the API's
    offline upload: stock taken now, a sale that finds none flagged for staff. ``recorded`` tells the page it may
    drop the sale from its queue; any other answer keeps it there for the next try."""
    form = await request.form()
    try:
        data = SaleCreate(sale_id=str(form.get("sale_id") or ""), lines=read_basket(form, with_scan=False),
                          customer_id=str(form.get("customer_id") or "") or None, offline=True,
                          sold_at=form.get("sold_at") or None, **read_payment(form))  # fmt: skip
        sale = await service_sales.record_sale(
            ctx.uow(), tenant=ctx.tenant, providers=payment_providers(request), data=data
        )
    except SaleRefused as exc:  # refused when it was paid live: recorded, nothing left to upload
        return problem_response({**exc.problem(request.state.locale), "recorded": True}, exc.status)
    except (ShoalError, ValidationError, ValueError) as exc:
        return _problem(request, exc)
    return JSONResponse({"recorded": True, "status": sale.status})


@router.get("/sales/{sale_pk}/receipt", response_class=HTMLResponse)
async def receipt(request: Request, ctx: ConsoleContext, sale_pk: str) -> HTMLResponse:
    sale = await service_sales.get_sale(ctx.uow(), sale_pk=sale_pk)
    store = await get_location(ctx.uow(), location_id=sale.location_id)
    return render(request, "console/pos_receipt.html", {"sale": sale, "store": store, "shop": ctx.tenant})


@router.get("/report", response_class=HTMLResponse)
async def report(request: Request, ctx: ConsoleContext, day: str = "") -> HTMLResponse:
    """门店日报: each store's day (a clerk's own store); today in the shop's time zone unless a day is chosen."""
    today = ctx.db.clock.now().astimezone(ZoneInfo(ctx.tenant.timezone)).date()
    try:
        chosen = date.fromisoformat(day) if day else today
    except ValueError:
        chosen = today
    figures = await service_report.store_report(ctx.uow(), tenant=ctx.tenant, day=chosen)
    return render(request, "console/pos_report.html", {"report": figures, "currency": ctx.tenant.currency})


@router.get("/shift", response_class=HTMLResponse)
async def shift_page(request: Request, ctx: ConsoleContext) -> HTMLResponse:
    return await _shift_page(request, ctx, await service_shifts.my_shift(ctx.uow()), {})


@router.post("/shift", response_model=None)
async def open_shift(request: Request, ctx: ConsoleContext) -> Response:
    form = await request.form()
    try:
        float_ = parse_decimal_amount(str(form.get("opening_float") or "0"))
        location_id = str(form.get("location_id") or "") or None
        await service_shifts.open_shift(ctx.uow(), data=ShiftOpen(opening_float=float_, location_id=location_id))
    except (ShoalError, ValidationError, ValueError) as exc:
        return await _shift_page(request, ctx, None, {"opening_float": _message(request, exc)}, status=422)
    return Response(status_code=204, headers={"HX-Redirect": "/console/pos"})


@router.post("/shift/{shift_id}/close", response_class=HTMLResponse)
async def close_shift(request: Request, ctx: ConsoleContext, shift_id: str) -> HTMLResponse:
    form = await request.form()
    try:
        counted = parse_decimal_amount(str(form.get("counted_cash") or "0"))
        closed = await service_shifts.close_shift(ctx.uow(), shift_id=shift_id, data=ShiftClose(counted_cash=counted))
    except (ShoalError, ValidationError, ValueError) as exc:
        shift = await service_shifts.get_shift(ctx.uow(), shift_id=shift_id)
        return await _shift_page(request, ctx, shift, {"counted_cash": _message(request, exc)}, status=422)
    return render(request, SHIFT, {"shift": None, "closed": closed, "errors": {}, "stores": [], "flagged": []})


@router.post("/sales/{sale_pk}/complete")
async def complete_flagged(request: Request, ctx: ConsoleContext, sale_pk: str) -> Response:
    """A manager completes a sale that waited for stock, once the stock is put right (a refusal is flashed)."""
    await service_sales.complete_flagged(
        ctx.uow(), tenant=ctx.tenant, providers=payment_providers(request), sale_pk=sale_pk
    )
    return Response(status_code=204, headers={"HX-Redirect": "/console/pos/shift"})


async def _shift_page(
    request: Request, ctx: ConsoleContext, shift: Any, errors: dict[str, str], status: int = 200
) -> HTMLResponse:
    """The open shift's figures and close form; without one, the open form (with a choice of store for staff who
    are not tied to one)."""
    stores = []
    if shift is not None:
        shift = await service_shifts.get_shift(ctx.uow(), shift_id=shift.id)
    elif not ctx.actor.location_id:
        stores = [(s.id, s.name) for s in await list_locations(ctx.uow(), kind="store") if s.active]
    flagged = await service_sales.list_sales(ctx.uow(), status="flagged", limit=50, cursor=None)
    context = {"shift": shift, "closed": None, "errors": errors, "stores": stores, "flagged": flagged.items}
    return render(request, SHIFT, context, status=status)


async def _quote(ctx: ConsoleContext, lines: list[dict[str, Any]], customer_id: Any) -> Any:
    if not lines:
        return None
    data = QuoteIn(lines=lines, customer_id=str(customer_id or "") or None)
    return await service_sales.quote(ctx.uow(), tenant=ctx.tenant, data=data)


def _problem(request: Request, exc: Exception) -> JSONResponse:
    """Why an upload was not recorded, as problem+json: the page keeps the sale queued."""
    if isinstance(exc, ValidationError):
        exc = ValidationFailed(
            errors=[{"field": ".".join(map(str, e["loc"])), "message": e["msg"]} for e in exc.errors()]
        )
    elif not isinstance(exc, ShoalError):
        exc = ValidationFailed(errors=[])
    return problem_response({**exc.problem(request.state.locale), "recorded": False}, exc.status)


def _message(request: Request, exc: Exception) -> str:
    if isinstance(exc, ShoalError | ValidationError):
        return " ".join(errors_of(request, exc).values())
    return translations(request.state.locale).gettext("Enter amounts in yuan, such as 12.50.")
