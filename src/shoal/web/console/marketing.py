"""Console marketing: the list of promotions and coupons with their stats, publish and pause, and the page
that creates a promotion of the common kinds (满减 in tiers, 满折, N件折, 包邮) with its scope, audience and dates.

Coupon pages live in ``marketing_coupons``; reading the forms is ``marketing_forms`` (pure, unit-tested). The
handlers stay thin: every rule and permission (``marketing.manage``) is the marketing services' to check.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from shoal.core.errors import NotFound
from shoal.marketing import service_queries, service_redemptions, service_rules
from shoal.web.console.deps import ConsoleContext
from shoal.web.console.marketing_forms import PROMOTION_KINDS, read_promotion
from shoal.web.console.marketing_shared import NEW_RULE, RULE_FIELDS, describe, new_rule_page, save_rule
from shoal.web.console.product_form import form_values
from shoal.web.i18n import translations
from shoal.web.route import WebRoute
from shoal.web.templating import render

router = APIRouter(prefix="/console/marketing", route_class=WebRoute, include_in_schema=False)
PROMOTION_FIELDS = RULE_FIELDS | {"starts_on", "ends_on", "priority", "budget"}
ENTITIES = {"promotions": "promotion", "coupons": "coupon_template"}


@router.get("", response_class=HTMLResponse)
async def marketing_home(request: Request, ctx: ConsoleContext) -> HTMLResponse:
    promotions = await service_queries.list_promotions(ctx.uow())
    templates = await service_queries.list_templates(ctx.uow())
    ids = [p.id for p in promotions] + [t.id for t in templates]
    currency = ctx.tenant.currency
    context = {
        "promotions": promotions,
        "templates": templates,
        "stats": await service_redemptions.ledger_totals(ctx.uow(), rule_ids=ids),
        "words": {r.id: describe(r.benefit, r.condition, currency) for r in [*promotions, *templates]},
    }
    return render(request, "console/marketing.html", context)


@router.get("/promotions/new", response_class=HTMLResponse)
async def new_promotion(request: Request, ctx: ConsoleContext, kind: str = "amount_off") -> HTMLResponse:
    if kind not in PROMOTION_KINDS:
        raise NotFound("promotion kind")
    context = await new_rule_page(ctx, "promotion", PROMOTION_KINDS, kind, {"kind": kind}, {})
    return render(request, NEW_RULE, context)


@router.post("/promotions", response_class=HTMLResponse)
async def create_promotion(request: Request, ctx: ConsoleContext) -> Response:
    values = form_values(await request.form())
    tenant = ctx.tenant
    parsed = read_promotion(
        values, currency=tenant.currency, timezone=tenant.timezone, gettext=translations(ctx.locale).gettext
    )
    kind = values.get("kind") if values.get("kind") in PROMOTION_KINDS else "amount_off"
    errors = await save_rule(
        request, parsed, kind, PROMOTION_FIELDS, lambda data: service_rules.create_promotion(ctx.uow(), data=data)
    )
    if errors:
        context = await new_rule_page(ctx, "promotion", PROMOTION_KINDS, kind, values, errors)
        return render(request, NEW_RULE, context, status=422)
    return Response(status_code=204, headers={"HX-Redirect": "/console/marketing"})


@router.post("/{entity}/{entity_id}/publish")
@router.post("/{entity}/{entity_id}/pause")
async def switch(request: Request, ctx: ConsoleContext, entity: str, entity_id: str) -> Response:
    """Publish or pause from the list or a coupon's page; a refusal (wrong state, another shop's) is a flash."""
    if entity not in ENTITIES:
        raise NotFound("page")
    action = request.url.path.rsplit("/", 1)[-1]
    await service_rules.set_status(ctx.uow(), entity=ENTITIES[entity], entity_id=entity_id, action=action)
    return Response(status_code=204, headers={"HX-Refresh": "true"})
