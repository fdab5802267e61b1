"""Console marketing: promotions and coupon templates with their stats, publish and pause, and a quick
spend-and-save (满减) form. Richer rules go through the API (``/api/v1/admin/promotions``)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from shoal.core.errors import ShoalError, ValidationFailed
from shoal.core.money import parse_decimal_amount
from shoal.marketing import service_queries, service_redemptions, service_rules
from shoal.marketing.schemas import PromotionCreate
from shoal.web.console.deps import ConsoleContext
from shoal.web.forms import errors_of, place_errors
from shoal.web.i18n import translations
from shoal.web.route import WebRoute
from shoal.web.templating import render, request_locale

router = APIRouter(prefix="/console/marketing", route_class=WebRoute, include_in_schema=False)
FIELDS = {"name_zh", "name_en", "threshold", "amount"}


@router.get("", response_class=HTMLResponse)
async def marketing_home(request: Request, ctx: ConsoleContext) -> HTMLResponse:
    return render(request, "console/marketing.html", await _page(ctx, values={}, errors={}))


async def _page(ctx, *, values: dict[str, str], errors: dict[str, str]) -> dict:  # type: ignore[no-untyped-def, type-arg]
    promotions = await service_queries.list_promotions(ctx.uow())
    templates = await service_queries.list_templates(ctx.uow())
    stats = {p.id: await service_redemptions.rule_stats(ctx.uow(), rule_id=p.id) for p in promotions}
    return {"promotions": promotions, "templates": templates, "stats": stats, "values": values, "errors": errors}


@router.post("/promotions", response_class=HTMLResponse)
async def create_spend_and_save(request: Request, ctx: ConsoleContext) -> Response:
    form = {key: str(value).strip() for key, value in (await request.form()).items()}
    try:
        tier = {"threshold": _fen(request, form, "threshold"), "value": _fen(request, form, "amount")}
        names = {k: v for k, v in (("zh-CN", form.get("name_zh", "")), ("en", form.get("name_en", ""))) if v}
        data = PromotionCreate.model_validate({"name": names, "benefit": {"kind": "amount_off", "tiers": [tier]}})
        await service_rules.create_promotion(ctx.uow(), data=data)
    except (ShoalError, ValidationError) as exc:
        found = errors_of(request, exc)
        renamed = {"name": "name_zh", "benefit.amount_off.tiers.0.value": "amount"}
        errors = place_errors({renamed.get(k, k): m for k, m in found.items()}, FIELDS)
        return render(request, "console/marketing.html", await _page(ctx, values=form, errors=errors), status=422)
    return Response(status_code=204, headers={"HX-Redirect": "/console/marketing"})


@router.post("/{entity}/{entity_id}/{action}")
async def switch(request: Request, ctx: ConsoleContext, entity: str, entity_id: str, action: str) -> Response:
    kind = "promotion" if entity == "promotions" else "coupon_template"
    await service_rules.set_status(ctx.uow(), entity=kind, entity_id=entity_id, action=action)
    return Response(status_code=204, headers={"HX-Redirect": "/console/marketing"})


def _fen(request: Request, form: dict[str, str], field: str) -> int:
    try:
        return parse_decimal_amount(form.get(field) or "")
    except ValueError as exc:
        message = translations(request_locale(request)).gettext("Enter an amount like 19.90.")
        raise ValidationFailed(errors=[{"field": field, "message": message}]) from exc
