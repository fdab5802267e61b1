"""A member level's discount (会员折扣) on its console page. The discount is not a field of the level: it is a
marketing promotion (percent off every product) whose audience is that level, so checkout prices it like any
other promotion, and the marketing page can pause it. This page lists the promotions for the level and adds one
from what operators type: the price members pay, in 折 (9.5 = they pay 95%).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from shoal.core.context import RequestContext
from shoal.core.errors import ValidationFailed
from shoal.loyalty.schemas import LevelRead
from shoal.loyalty.service_member_prices import is_member_price
from shoal.marketing import service_queries, service_rules
from shoal.marketing.engine.benefits import percent_label, zhe_label
from shoal.marketing.schemas import PromotionCreate
from shoal.web.console.marketing_shared import describe
from shoal.web.i18n import translations


def pay_basis_points(text: str, gettext) -> int:  # type: ignore[no-untyped-def]
    """``"9.5"`` 折 -> members pay 9 500 basis points of the price; more than 0 and less than 10 折."""
    try:
        pay = Decimal(text.strip()) * 1000
    except InvalidOperation:
        pay = Decimal(-1)
    if pay != pay.to_integral_value() or not 0 < pay < 10_000:
        message = gettext("Enter what members pay, from 0.1 to 9.9, such as 9.5 (95% of the price).")
        raise ValidationFailed(errors=[{"field": "zhe", "message": message}])
    return int(pay)


async def level_discounts(ctx: RequestContext, level: LevelRead) -> list[dict[str, Any]]:
    """The promotions whose audience names this level, in words, with their state (its member prices are shown
    apart, and do not stack with a discount as a second discount would)."""
    promotions = await service_queries.list_promotions(ctx.uow())
    return [
        {"name": p.name, "words": describe(p.benefit, p.condition, ctx.tenant.currency), "status": p.status}
        for p in promotions
        if level.code in (p.condition.get("member_levels") or []) and not is_member_price(p, level.code)
    ]


async def add_discount(ctx: RequestContext, level: LevelRead, text: str) -> None:
    """A running promotion: every product, this level's members pay ``text`` 折 of the price. Refused while one
    runs already: two would stack (9.5折 twice is 9.025折), which nobody setting a level's discount means."""
    gettext = translations(ctx.locale).gettext
    if any(d["status"] == "active" for d in await level_discounts(ctx, level)):
        message = gettext("A member discount for this level is running: pause it on the Marketing page first.")
        raise ValidationFailed(errors=[{"field": "zhe", "message": message}])
    pay = pay_basis_points(text, gettext)
    name = {"zh-CN": f"{level.name} {zhe_label(pay)}", "en": f"{level.name} {percent_label(10_000 - pay)} off"}
    data = PromotionCreate.model_validate({
        "name": name, "benefit": {"kind": "percent_off", "tiers": [{"threshold": 0, "value": 10_000 - pay}]},
        "condition": {"member_levels": [level.code]},
    })  # fmt: skip
    promotion = await service_rules.create_promotion(ctx.uow(), data=data)
    await service_rules.set_status(ctx.uow(), entity="promotion", entity_id=promotion.id, action="publish")
