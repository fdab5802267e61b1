"""Console coupon templates: create one (fixed amount, percent with a cap, free shipping), and on its page see
what it did, issue it to a customer group or to phones and emails, and mint unique codes to download as CSV.

Operators know shoppers by phone and email, the issuing service by customer id, so the page resolves the
contacts first and reports those it cannot find next to the service's own report (issued, skipped and why).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from shoal.core.context import RequestContext
from shoal.core.errors import NotFound, ShoalError, ValidationFailed
from shoal.customers import service as customers
from shoal.marketing import service_codes, service_issue, service_queries, service_redemptions, service_rules
from shoal.marketing.errors import PublicCodeTaken
from shoal.marketing.schemas import CodesRequest, CouponTemplateCreate
from shoal.web.console.deps import ConsoleContext
from shoal.web.console.marketing_forms import COUPON_KINDS, IssueForm, read_coupon, read_issue
from shoal.web.console.marketing_shared import NEW_RULE, RULE_FIELDS, describe, new_rule_page, save_rule
from shoal.web.console.product_form import form_values
from shoal.web.forms import errors_of, place_errors
from shoal.web.i18n import translations
from shoal.web.route import WebRoute
from shoal.web.templating import render

router = APIRouter(prefix="/console/marketing/coupons", route_class=WebRoute, include_in_schema=False)
COUPON_FIELDS = RULE_FIELDS | {
    "valid_from", "valid_until", "valid_days", "total_quantity", "per_customer_claims", "daily_issue_limit",
    "public_code", "stacks_with_promotions", "stacks_with_coupons",
}  # fmt: skip
DETAIL = "console/marketing_coupon.html"


@router.get("/new", response_class=HTMLResponse)
async def new_coupon(request: Request, ctx: ConsoleContext, kind: str = "amount_off") -> HTMLResponse:
    if kind not in COUPON_KINDS:
        raise NotFound("coupon kind")
    values = {"kind": kind, "stacks_with_promotions": "on", "per_customer_claims": "1"}
    return render(request, NEW_RULE, await new_rule_page(ctx, "coupon", COUPON_KINDS, kind, values, {}))


@router.post("", response_class=HTMLResponse)
async def create_coupon(request: Request, ctx: ConsoleContext) -> Response:
    values = form_values(await request.form())
    gettext = translations(ctx.locale).gettext
    parsed = read_coupon(values, currency=ctx.tenant.currency, timezone=ctx.tenant.timezone, gettext=gettext)
    kind = values.get("kind") if values.get("kind") in COUPON_KINDS else "amount_off"

    async def create(data: CouponTemplateCreate) -> object:
        try:
            return await service_rules.create_coupon_template(ctx.uow(), data=data)
        except PublicCodeTaken as exc:
            message = gettext("Another coupon already uses this code.")
            raise ValidationFailed(errors=[{"field": "public_code", "message": message}]) from exc

    errors = await save_rule(request, parsed, kind, COUPON_FIELDS, create)
    if errors:
        context = await new_rule_page(ctx, "coupon", COUPON_KINDS, kind, values, errors)
        return render(request, NEW_RULE, context, status=422)
    return Response(status_code=204, headers={"HX-Redirect": "/console/marketing"})


async def _detail(ctx: RequestContext, template_id: str, **extra: Any) -> dict:  # type: ignore[type-arg]
    template = await service_queries.get_template(ctx.uow(), template_id=template_id)
    stats = await service_redemptions.rule_stats(ctx.uow(), rule_id=template.id)
    words = describe(template.benefit, template.condition, ctx.tenant.currency)
    page = {"template": template, "stats": stats, "words": words, "report": None, "minted": None}
    return {**page, "issue_values": {}, "issue_errors": {}, "code_values": {}, "code_errors": {}, **extra}


@router.get("/{template_id}", response_class=HTMLResponse)
async def coupon_detail(
    request: Request, ctx: ConsoleContext, template_id: str, minted: int | None = None
) -> HTMLResponse:
    return render(request, DETAIL, await _detail(ctx, template_id, minted=minted))


@router.post("/{template_id}/issue", response_class=HTMLResponse)
async def issue(request: Request, ctx: ConsoleContext, template_id: str) -> HTMLResponse:
    """Issue to a group and/or listed contacts; answers the page with the report (or the form's errors)."""
    template = await service_queries.get_template(ctx.uow(), template_id=template_id)
    values = form_values(await request.form())
    wanted = read_issue(values, translations(ctx.locale).gettext)
    if wanted.errors:
        context = await _detail(ctx, template.id, issue_values=values, issue_errors=wanted.errors)
        return render(request, DETAIL, context, status=422)
    found, unknown = await _customers_by_contact(ctx, wanted)
    report = await service_issue.issue_coupons(
        ctx.uow, template_id=template.id, customer_ids=list(found), customer_group=wanted.customer_group
    )
    skipped = [{"who": found.get(s["customer_id"], s["customer_id"]), "customer_id": s["customer_id"],
                "code": s["code"]} for s in report.skipped]  # fmt: skip
    skipped += [{"who": contact, "customer_id": "", "code": "customer_not_found"} for contact in unknown]
    shown = {"issued": report.issued, "skipped": skipped}
    return render(request, DETAIL, await _detail(ctx, template.id, report=shown, issue_values=values))


async def _customers_by_contact(ctx: RequestContext, wanted: IssueForm) -> tuple[dict[str, str], list[str]]:
    """Customer id -> the email or phone it was found by, and the contacts that name no customer here.
    The form already normalised them (phones to E.164), as customers are stored."""
    by_contact = await customers.customer_ids_by_contact(ctx.uow(), emails=wanted.emails, phones=wanted.phones)
    found: dict[str, str] = {}
    for contact, customer_id in by_contact.items():
        found.setdefault(customer_id, contact)
    unknown = [contact for contact in [*wanted.emails, *wanted.phones] if contact not in by_contact]
    return found, unknown


@router.post("/{template_id}/codes", response_class=HTMLResponse)
async def mint_codes(request: Request, ctx: ConsoleContext, template_id: str) -> Response:
    template = await service_queries.get_template(ctx.uow(), template_id=template_id)
    values = form_values(await request.form())
    try:
        count = CodesRequest.model_validate({"count": values.get("count", "")}).count
        await service_codes.generate_codes(ctx.uow(), template_id=template.id, count=count)
    except (ShoalError, ValidationError) as exc:
        errors = place_errors(errors_of(request, exc), {"count"})
        context = await _detail(ctx, template.id, code_values=values, code_errors=errors)
        return render(request, DETAIL, context, status=422)
    target = f"/console/marketing/coupons/{template.id}?minted={count}"
    return Response(status_code=204, headers={"HX-Redirect": target})


@router.get("/{template_id}/codes.csv")
async def codes_csv(ctx: ConsoleContext, template_id: str) -> Response:
    """Every unique code of the template with whether it was redeemed (a plain link: reading changes nothing)."""
    text = await service_queries.template_codes_csv(ctx.uow(), template_id=template_id)
    disposition = f'attachment; filename="coupon-codes-{template_id}.csv"'
    return Response(text, media_type="text/csv; charset=utf-8", headers={"Content-Disposition": disposition})
