"""Console 会员等级 (member levels): the levels with their growth thresholds and benefits, a form to add one and
a page to edit one, with its member discount and member prices (会员价). A level's code is what promotions name
for member discounts and member prices, so it is set once; the rest changes freely (members move at their next
growth change, as the service says).

The points multiplier is typed as operators say it ("1.5 倍"), stored in percent (150), exactly.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from shoal.core.context import RequestContext
from shoal.core.errors import NotFound, ValidationFailed
from shoal.loyalty import service_levels
from shoal.loyalty.schemas import LevelCreate, LevelRead, LevelUpdate
from shoal.web.console.deps import ConsoleContext
from shoal.web.console.member_forms import attempt, coupon_templates, form_of, ticked
from shoal.web.console.members_discounts import add_discount, level_discounts
from shoal.web.console.members_prices import prices_text, set_prices
from shoal.web.i18n import translations
from shoal.web.route import WebRoute
from shoal.web.templating import render

router = APIRouter(prefix="/console/members/levels", route_class=WebRoute, include_in_schema=False)
FIELDS = {"code", "name", "threshold", "points_multiplier", "free_shipping", "birthday_points",
          "birthday_coupon_template_id", "benefits_note"}  # fmt: skip
LIST, EDIT = "console/members_levels.html", "console/members_level.html"


def multiplier_percent(text: str, gettext) -> int:  # type: ignore[no-untyped-def]
    """``"1.5"`` (times) -> 150 (percent); 1 to 10 times, at most two decimals, else a field error."""
    try:
        percent = Decimal(text or "1") * 100
    except InvalidOperation:
        percent = Decimal(-1)
    if percent != percent.to_integral_value() or not 100 <= percent <= 1000:
        message = gettext("Enter a multiplier from 1 to 10, such as 1.5.")
        raise ValidationFailed(errors=[{"field": "points_multiplier", "message": message}])
    return int(percent)


def level_values(level: LevelRead) -> dict[str, str]:
    """A level as its form shows it (the multiplier in times, without trailing zeros)."""
    return {
        "code": level.code, "name": level.name, "threshold": str(level.threshold),
        "points_multiplier": f"{level.points_multiplier / 100:g}", "free_shipping": "on" if level.free_shipping else "",
        "birthday_points": str(level.birthday_points), "benefits_note": level.benefits_note,
        "birthday_coupon_template_id": level.birthday_coupon_template_id or "",
    }  # fmt: skip


def _typed(ctx: RequestContext, values: dict[str, str], *, with_code: bool) -> dict[str, object]:
    gettext = translations(ctx.locale).gettext
    typed: dict[str, object] = {name: values.get(name, "") for name in ("name", "threshold", "benefits_note")}
    if with_code:
        typed["code"] = values.get("code", "")
    typed["birthday_points"] = values.get("birthday_points") or "0"
    typed["birthday_coupon_template_id"] = values.get("birthday_coupon_template_id") or None
    typed["points_multiplier"] = multiplier_percent(values.get("points_multiplier", ""), gettext)
    return typed | ticked(values, "free_shipping")


async def _list(ctx: RequestContext, **extra: object) -> dict[str, object]:
    levels, counts = await service_levels.list_levels(ctx.uow()), await service_levels.level_counts(ctx.uow())
    page = {"levels": levels, "counts": counts, "coupons": await coupon_templates(ctx), "values": {}, "errors": {}}
    return page | {"done": None} | extra


@router.get("", response_class=HTMLResponse)
async def levels_page(request: Request, ctx: ConsoleContext, done: str = "") -> HTMLResponse:
    return render(request, LIST, await _list(ctx, done=done or None, values={"points_multiplier": "1"}))


@router.post("", response_class=HTMLResponse)
async def create_level(request: Request, ctx: ConsoleContext) -> Response:
    values = await form_of(request)

    async def create() -> None:
        data = LevelCreate.model_validate(_typed(ctx, values, with_code=True))
        await service_levels.create_level(ctx.uow(), data=data)

    errors = await attempt(request, FIELDS, create)
    if errors:
        return render(request, LIST, await _list(ctx, values=values, errors=errors), status=422)
    return Response(status_code=204, headers={"HX-Redirect": "/console/members/levels?done=created"})


async def _level(ctx: RequestContext, level_id: str) -> LevelRead:
    found = [level for level in await service_levels.list_levels(ctx.uow()) if level.id == level_id]
    if not found:
        raise NotFound("member level")
    return found[0]


async def _edit(ctx: RequestContext, level: LevelRead, **extra: object) -> dict[str, object]:
    page = {"level": level, "values": level_values(level), "errors": {}, "discounts": await level_discounts(ctx, level)}
    forms = {"coupons": await coupon_templates(ctx), "discount_values": {}, "discount_errors": {}, "done": None}
    prices = {"prices_values": {"prices": await prices_text(ctx, level)}, "prices_errors": {}}
    return page | forms | prices | extra


@router.get("/{level_id}", response_class=HTMLResponse)
async def level_page(request: Request, ctx: ConsoleContext, level_id: str, done: str = "") -> HTMLResponse:
    return render(request, EDIT, await _edit(ctx, await _level(ctx, level_id), done=done or None))


@router.post("/{level_id}", response_class=HTMLResponse)
async def update_level(request: Request, ctx: ConsoleContext, level_id: str) -> Response:
    level = await _level(ctx, level_id)
    values = await form_of(request)

    async def update() -> None:
        data = LevelUpdate.model_validate(_typed(ctx, values, with_code=False))
        await service_levels.update_level(ctx.uow(), level_id=level.id, data=data)

    errors = await attempt(request, FIELDS, update)
    if errors:
        context = await _edit(ctx, level, values=values | {"code": level.code}, errors=errors)
        return render(request, EDIT, context, status=422)
    return Response(status_code=204, headers={"HX-Redirect": "/console/members/levels?done=saved"})


@router.post("/{level_id}/discount", response_class=HTMLResponse)
async def discount(request: Request, ctx: ConsoleContext, level_id: str) -> Response:
    """Start a member discount for the level (a promotion for its members, running at once)."""
    level = await _level(ctx, level_id)
    values = await form_of(request)
    errors = await attempt(request, {"zhe"}, lambda: add_discount(ctx, level, values.get("zhe", "")))
    if errors:
        context = await _edit(ctx, level, discount_values=values, discount_errors=errors)
        return render(request, EDIT, context, status=422)
    return Response(status_code=204, headers={"HX-Redirect": f"/console/members/levels/{level.id}?done=discount"})


@router.post("/{level_id}/prices", response_class=HTMLResponse)
async def member_prices(request: Request, ctx: ConsoleContext, level_id: str) -> Response:
    """Replace the level's member prices (会员价) by the typed SKU lines."""
    level = await _level(ctx, level_id)
    values = await form_of(request)
    errors = await attempt(request, {"prices"}, lambda: set_prices(request, ctx, level, values.get("prices", "")))
    if errors:
        context = await _edit(ctx, level, prices_values=values, prices_errors=errors)
        return render(request, EDIT, context, status=422)
    return Response(status_code=204, headers={"HX-Redirect": f"/console/members/levels/{level.id}?done=prices"})
