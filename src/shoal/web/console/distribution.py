"""Console 分销 (community distribution): promoters (suspend, reinstate), applications (approve, reject), the
commission rules and terms, withdrawals to review (approve pays out, reject returns the amount) and the report
(GMV, commission and ROI by promoter, store and product, with a chart). Every rule is the services' to check;
these pages read forms and show what the services answer."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TypeVar

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ValidationError

from shoal.catalog.service import get_product, list_products
from shoal.catalog.service_taxonomy import list_categories
from shoal.core.errors import NotFound, ValidationFailed
from shoal.core.money import format_amount, parse_decimal_amount
from shoal.customers.service import list_customers
from shoal.distribution import service, service_promoters, service_rebinding, service_reports, service_withdrawals
from shoal.distribution.deps import PayoutsDep
from shoal.distribution.schemas import LevelIn, PromoterUpdate, RebindIn, RuleIn, TermsIO
from shoal.web.console.deps import ConsoleContext
from shoal.web.route import WebRoute
from shoal.web.templating import render

router = APIRouter(prefix="/console/marketing/distribution", route_class=WebRoute, include_in_schema=False)
REFRESH = {"HX-Refresh": "true"}
M = TypeVar("M", bound=BaseModel)
MONEY_TERMS = ("min_withdrawal", "daily_withdrawal_limit", "application_min_spend")


@router.get("", response_class=HTMLResponse)
async def promoters_page(request: Request, ctx: ConsoleContext) -> HTMLResponse:
    promoters = await service_promoters.list_promoters(ctx.uow())
    levels = await service.list_levels(ctx.uow())
    return render(request, "console/distribution_promoters.html", {"promoters": promoters, "levels": levels})


@router.post("/promoters/{promoter_id}/{action}")
async def promoter_action(ctx: ConsoleContext, promoter_id: str, action: str) -> Response:
    status = {"suspend": "suspended", "reinstate": "active"}.get(action)
    if status is None:
        return Response(status_code=404)
    patch = PromoterUpdate.model_validate({"status": status})
    await service_promoters.update_promoter(ctx.uow(), promoter_id=promoter_id, patch=patch)
    return Response(status_code=204, headers=REFRESH)


@router.post("/promoters/{promoter_id}/level")
async def promoter_level(request: Request, ctx: ConsoleContext, promoter_id: str) -> Response:
    level_id = str((await request.form()).get("level_id", "")) or None
    patch = PromoterUpdate.model_validate({"level_id": level_id})
    await service_promoters.update_promoter(ctx.uow(), promoter_id=promoter_id, patch=patch)
    return Response(status_code=204, headers=REFRESH)


@router.post("/levels")
async def add_level(request: Request, ctx: ConsoleContext) -> Response:
    form = {key: str(value).strip() for key, value in (await request.form()).items()}
    rank = form.get("rank", "")
    values = {"name": form.get("name", ""), "rank": int(rank) if rank.isdigit() else rank}
    await service.create_level(ctx.uow(), data=_valid(LevelIn, values))
    return Response(status_code=204, headers=REFRESH)


@router.get("/bindings", response_class=HTMLResponse)
async def bindings_page(request: Request, ctx: ConsoleContext, q: str = "", customer_id: str = "") -> HTMLResponse:
    """Find a shopper by name or phone; the chosen one's promoter, history and the rebind form."""
    found = (await list_customers(ctx.uow(), limit=10, cursor=None, q=q.strip()[:60])).items if q.strip() else []
    history = await service_rebinding.binding_history(ctx.uow(), customer_id=customer_id) if customer_id else None
    promoters = await service_promoters.list_promoters(ctx.uow(), status="active")
    context = {"q": q, "found": found, "history": history, "promoters": promoters, "customer_id": customer_id}
    return render(request, "console/distribution_bindings.html", context)


@router.post("/bindings/{customer_id}/rebind")
async def rebind(request: Request, ctx: ConsoleContext, customer_id: str) -> Response:
    form = {key: str(value).strip() for key, value in (await request.form()).items()}
    data = _valid(RebindIn, {"promoter_id": form.get("promoter_id", ""), "reason": form.get("reason", "")})
    await service_rebinding.rebind(ctx.uow(), customer_id=customer_id, data=data)
    return Response(status_code=204, headers=REFRESH)


@router.get("/applications", response_class=HTMLResponse)
async def applications_page(request: Request, ctx: ConsoleContext) -> HTMLResponse:
    applications = await service_promoters.list_applications(ctx.uow(), status=None)
    return render(request, "console/distribution_applications.html", {"applications": applications})


@router.post("/applications/{application_id}/{action}")
async def application_action(ctx: ConsoleContext, application_id: str, action: str) -> Response:
    if action not in ("approve", "reject"):
        return Response(status_code=404)
    await service_promoters.decide_application(ctx.uow(), application_id=application_id, approve=action == "approve")
    return Response(status_code=204, headers=REFRESH)


@router.get("/rules", response_class=HTMLResponse)
async def rules_page(request: Request, ctx: ConsoleContext) -> HTMLResponse:
    categories = {category.id: category.name for category in await list_categories(ctx.uow())}
    terms = await service.get_terms(ctx.uow())
    amounts = {key: format_amount(getattr(terms, key)) for key in MONEY_TERMS}  # typed back in yuan
    rules = await service.list_rules(ctx.uow())
    products = {r.target_id: await _product_name(ctx, r.target_id) for r in rules if r.scope == "product"}
    context = {"rules": rules, "terms": terms, "amounts": amounts, "categories": categories, "products": products,
               "levels": await service.list_levels(ctx.uow())}  # fmt: skip
    return render(request, "console/distribution_rules.html", context)


@router.get("/rules/products", response_class=HTMLResponse)
async def product_choices(request: Request, ctx: ConsoleContext, q: str = "") -> HTMLResponse:
    """The products whose name or SKU matches what staff typed, to choose one for a product's rule."""
    words = q.strip()[:60]
    found = (await list_products(ctx.uow(), limit=8, q=words)).items if words else []
    return render(request, "console/_distribution_product_choices.html", {"found": found, "q": words})


@router.post("/rules")
async def save_rule(request: Request, ctx: ConsoleContext) -> Response:
    """A rule from the form: percentages as typed (12.5 is 12.5%), fixed amounts in yuan."""
    form = {key: str(value) for key, value in (await request.form()).items()}
    mode = form.get("mode", "percent")
    scope = form.get("scope", "default")
    data = _valid(RuleIn, {
        "scope": scope, "target_id": form.get(f"{scope}_id", "") if scope in ("category", "product") else "",
        "level_id": form.get("level_id", ""), "mode": mode, "tier1": rate_of(form.get("tier1", ""), mode, "tier1"),
        "tier2": rate_of(form.get("tier2") or "0", mode, "tier2"),
    })  # fmt: skip
    await service.save_rule(ctx.uow(), data=data)
    return Response(status_code=204, headers=REFRESH)


@router.post("/rules/{rule_id}/delete")
async def delete_rule(ctx: ConsoleContext, rule_id: str) -> Response:
    await service.delete_rule(ctx.uow(), rule_id=rule_id)
    return Response(status_code=204, headers=REFRESH)


@router.post("/terms")
async def save_terms(request: Request, ctx: ConsoleContext) -> Response:
    form = {key: str(value) for key, value in (await request.form()).items()}
    values: dict[str, object] = {k: form[k] for k in TermsIO.model_fields if k in form and k not in MONEY_TERMS}
    values |= {key: _yuan(form[key], key) for key in MONEY_TERMS if key in form}
    values["self_purchase"] = form.get("self_purchase") == "on"
    await service.save_terms(ctx.uow(), data=_valid(TermsIO, values))
    return Response(status_code=204, headers=REFRESH)


@router.get("/withdrawals", response_class=HTMLResponse)
async def withdrawals_page(request: Request, ctx: ConsoleContext) -> HTMLResponse:
    rows = await service_withdrawals.list_withdrawals(ctx.uow())
    names = {p.id: p.name for p in await service_promoters.list_promoters(ctx.uow())}
    return render(request, "console/distribution_withdrawals.html", {"withdrawals": rows, "names": names})


@router.post("/withdrawals/{withdrawal_id}/approve")
async def approve_withdrawal(ctx: ConsoleContext, withdrawal_id: str, payouts: PayoutsDep) -> Response:
    await service_withdrawals.approve(ctx.uow(), payouts=payouts, withdrawal_id=withdrawal_id)
    return Response(status_code=204, headers=REFRESH)


@router.post("/withdrawals/{withdrawal_id}/reject")
async def reject_withdrawal(request: Request, ctx: ConsoleContext, withdrawal_id: str) -> Response:
    reason = (request.headers.get("HX-Prompt") or "").strip() or "-"
    await service_withdrawals.reject(ctx.uow(), withdrawal_id=withdrawal_id, reason=reason[:200])
    return Response(status_code=204, headers=REFRESH)


@router.get("/report", response_class=HTMLResponse)
async def report_page(request: Request, ctx: ConsoleContext) -> HTMLResponse:
    return render(request, "console/distribution_report.html", {"report": await service_reports.report(ctx.uow())})


async def _product_name(ctx: ConsoleContext, product_id: str) -> str:
    """A rule's product by name (a product deleted since shows its id)."""
    try:
        product = await get_product(ctx.uow(), product_id=product_id)
    except NotFound:
        return product_id
    return product.name


def _valid(model: type[M], values: dict[str, object]) -> M:
    """The form's values as the API's input, or a 422 naming each refused field (shown in the flash area)."""
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        errors = [{"field": str(error["loc"][-1]) if error["loc"] else "form", "code": error["type"]}
                  for error in exc.errors()]  # fmt: skip
        raise ValidationFailed(errors) from exc


def rate_of(text: str, mode: str, field: str) -> int:
    """A percentage (``12.5`` → 1250 basis points) or an amount in yuan (``5`` → 500 fen)."""
    if mode == "fixed":
        return _yuan(text, field)
    try:
        points = Decimal(text.strip()) * 100
    except InvalidOperation as exc:
        raise ValidationFailed([{"field": field, "code": "invalid"}]) from exc
    if points != points.to_integral_value() or points < 0:
        raise ValidationFailed([{"field": field, "code": "invalid"}])
    return int(points)


def _yuan(text: str, field: str) -> int:
    try:
        return parse_decimal_amount(text or "0")
    except ValueError as exc:
        raise ValidationFailed([{"field": field, "code": "invalid"}]) from exc
