"""The shop's promoter centre (推广中心): for a promoter, today's and this month's sales, pending and withdrawable
commission, their code, customers, team, commission entries and withdrawals, and the withdrawal form; for any
other signed-in shopper, the application form (with an inviting promoter's code) and the form that binds them
to a promoter's code. Each promoter's centre shows a QR code of that form with their code filled in: a clerk's
customer scans it in store and confirms.

A refusal (``insufficient_balance``, ``spend_too_low``, ``binding_refused``...) is a message in the page, said by
the service in the shopper's language; a success reloads the page.
"""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from shoal.core.errors import ShoalError
from shoal.core.money import parse_decimal_amount
from shoal.distribution import service_binding, service_promoters, service_reports, service_withdrawals
from shoal.distribution.errors import NotAPromoter
from shoal.distribution.schemas import ApplicationIn, BindIn
from shoal.web.forms import errors_of
from shoal.web.route import WebRoute
from shoal.web.storefront.deps import SignedInShopper
from shoal.web.storefront.qr import qr_svg
from shoal.web.templating import render

router = APIRouter(prefix="/shop/{tenant}/promoter", route_class=WebRoute, include_in_schema=False)
REFRESH = {"HX-Refresh": "true"}


@router.get("", response_class=HTMLResponse)
async def centre_page(request: Request, ctx: SignedInShopper) -> HTMLResponse:
    try:
        centre = await service_reports.centre(ctx.uow(), zone=ctx.tenant.timezone)
    except NotAPromoter:
        return render(request, "shop/promoter_join.html", {})
    bind_url = f"{str(request.base_url).rstrip('/')}/shop/{ctx.tenant.slug}/promoter/bind?code={centre.promoter.code}"
    context = {
        "centre": centre, "qr": qr_svg(bind_url, pixels=160),
        "customers": await service_reports.my_customers(ctx.uow()),
        "team": await service_reports.my_team(ctx.uow()), "entries": await service_reports.my_entries(ctx.uow()),
        "withdrawals": await service_withdrawals.list_withdrawals(ctx.uow(), mine=True), "key": str(uuid.uuid4()),
    }  # fmt: skip
    return render(request, "shop/promoter.html", context)


@router.get("/bind", response_class=HTMLResponse)
async def bind_page(request: Request, ctx: SignedInShopper, code: str = "") -> HTMLResponse:
    """Where a promoter's QR code leads (a clerk's, scanned in store): the bind form with the code filled in."""
    return render(request, "shop/promoter_join.html", {"code": code[:12]})


@router.post("/apply", response_class=HTMLResponse)
async def apply(request: Request, ctx: SignedInShopper) -> Response:
    form = {key: str(value).strip() for key, value in (await request.form()).items()}
    try:
        data = ApplicationIn.model_validate({"name": form.get("name", ""), "reason": form.get("reason") or None,
                                             "invite_code": form.get("invite_code") or None})  # fmt: skip
        await service_promoters.apply(ctx.uow(), data=data)
    except (ShoalError, ValidationError) as exc:
        return _message(request, exc)
    return render(request, "shop/_promoter_message.html", {"text": None, "applied": True})


@router.post("/bind", response_class=HTMLResponse)
async def bind(request: Request, ctx: SignedInShopper) -> Response:
    form = await request.form()
    try:
        await service_binding.bind_by_code(ctx.uow(), data=BindIn.model_validate({"code": str(form.get("code", ""))}))
    except (ShoalError, ValidationError) as exc:
        return _message(request, exc)
    return render(request, "shop/_promoter_message.html", {"text": None, "bound": True})


@router.post("/withdraw", response_class=HTMLResponse)
async def withdraw(request: Request, ctx: SignedInShopper) -> Response:
    form = {key: str(value).strip() for key, value in (await request.form()).items()}
    try:
        amount = parse_decimal_amount(form.get("amount") or "0")
    except ValueError:
        amount = 0
    key = form.get("key") or str(uuid.uuid4())
    outcome = await service_withdrawals.request_withdrawal(ctx.uow(), amount=amount, key=key, locale=ctx.locale)
    if outcome.status >= 400:
        text = str(outcome.body.get("detail") or outcome.body.get("title"))
        return render(request, "shop/_promoter_message.html", {"text": text, "code": outcome.body.get("code")})
    return Response(status_code=204, headers=REFRESH)


def _message(request: Request, exc: ShoalError | ValidationError) -> HTMLResponse:
    text = " ".join(errors_of(request, exc).values())
    code = exc.code if isinstance(exc, ShoalError) else "validation_failed"
    return render(request, "shop/_promoter_message.html", {"text": text, "code": code})
