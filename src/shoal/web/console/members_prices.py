"""A member level's member prices (会员价) on its console page: one line per SKU, as operators keep them in a
spreadsheet ("SKU001 88.00"), typed by SKU code and price in yuan. The page resolves the codes, reads the
amounts exactly and says which line is wrong; ``loyalty.service_member_prices`` replaces the level's prices
(a running promotion for the level's members, which checkout prices and the price explanation names)."""

from __future__ import annotations

import re
from typing import NoReturn

from fastapi import Request

from shoal.catalog.service_variants import variant_ids_by_sku, variants_for_pricing
from shoal.core.context import RequestContext
from shoal.core.errors import ValidationFailed
from shoal.core.money import format_amount
from shoal.loyalty import service_member_prices
from shoal.loyalty.schemas import LevelRead, MemberPrices
from shoal.web.console.member_forms import amounts_in_fen
from shoal.web.i18n import translations

SEPARATOR = re.compile(r"[\s,，]+")


async def prices_text(ctx: RequestContext, level: LevelRead) -> str:
    """The level's member prices as the form shows them: ``SKU price`` lines."""
    prices = await service_member_prices.member_prices(ctx.uow(), level_id=level.id)
    snaps = await variants_for_pricing(ctx.uow(), variant_ids=[p.variant_id for p in prices])
    return "\n".join(
        f"{snaps[p.variant_id].sku} {format_amount(p.price, ctx.tenant.currency)}"
        for p in prices
        if p.variant_id in snaps
    )


async def set_prices(request: Request, ctx: RequestContext, level: LevelRead, text: str) -> None:
    """Replace the level's member prices by the typed lines (blank: none); a wrong line is a field error."""
    gettext = translations(ctx.locale).gettext
    rows = [SEPARATOR.split(line.strip()) for line in text.splitlines() if line.strip()]
    found = await variant_ids_by_sku(ctx.uow(), skus=[row[0] for row in rows])
    snaps = await variants_for_pricing(ctx.uow(), variant_ids=list(found.values()))
    prices: list[dict[str, object]] = []
    for number, row in enumerate(rows, start=1):
        where = {"line": number, "sku": row[0]}
        if len(row) != 2:
            _refuse(gettext("Line %(line)s: write the SKU code, then the member price, such as SKU001 88.00.") % where)
        if row[0] not in found:
            _refuse(gettext("Line %(line)s: no variant has the SKU %(sku)s.") % where)
        if any(p["variant_id"] == found[row[0]] for p in prices):
            _refuse(gettext("Line %(line)s: %(sku)s is listed twice.") % where)
        try:
            price = amounts_in_fen(request, {"price": row[1]}, ["price"], ctx.tenant.currency)["price"]
        except (ValidationFailed, KeyError):
            _refuse(gettext("Line %(line)s: enter the price in yuan, such as 88.00.") % where)
        if price >= snaps[found[row[0]]].unit_price:
            _refuse(gettext("Line %(line)s: a member price is below the price of %(sku)s.") % where)
        prices.append({"variant_id": found[row[0]], "price": price})
    data = MemberPrices.model_validate({"prices": prices})
    await service_member_prices.set_member_prices(ctx.uow(), level_id=level.id, data=data)


def _refuse(message: str) -> NoReturn:
    raise ValidationFailed(errors=[{"field": "prices", "message": message}])
