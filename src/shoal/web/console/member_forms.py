"""Reading the console's member forms (会员: levels, points and balance, top-ups, cards, points mall).

Operators type amounts in yuan; the services take fen. An amount is converted exactly (``19.9`` is 1990 fen,
``0.001`` is refused, never rounded), and a refused amount is reported under its own input like any other
field error, so a form that fails comes back with what was typed and a message next to each problem.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from fastapi import Request
from pydantic import ValidationError

from shoal.core.context import RequestContext
from shoal.core.errors import Forbidden, NotFound, ShoalError, ValidationFailed
from shoal.core.money import parse_decimal_amount
from shoal.marketing import service_queries
from shoal.marketing.schemas import CouponTemplateRead
from shoal.web.forms import errors_of, place_errors
from shoal.web.i18n import translations
from shoal.web.templating import request_locale


async def coupon_templates(ctx: RequestContext) -> list[CouponTemplateRead]:
    """The shop's coupon templates: a level's birthday gift and a points mall item give a coupon of one (forms
    offer the published ones, and keep showing one already chosen)."""
    return await service_queries.list_templates(ctx.uow())


async def form_of(request: Request) -> dict[str, str]:
    """What the user typed, trimmed (a checkbox left unticked is absent, as browsers send it)."""
    return {key: str(value).strip() for key, value in (await request.form()).items()}


def ticked(values: dict[str, str], *names: str) -> dict[str, bool]:
    return {name: values.get(name) == "on" for name in names}


def amounts_in_fen(
    request: Request, values: dict[str, str], names: Iterable[str], currency: str, *, signed: bool = False
) -> dict[str, int]:
    """The named yuan inputs in fen, exactly; ``ValidationFailed`` naming each unreadable one. A blank input
    is left out, for the schema to call it required (or to use its default)."""
    gettext = translations(request_locale(request)).gettext
    found: dict[str, int] = {}
    errors = []
    for name in names:
        text = values.get(name, "")
        if not text:
            continue
        try:
            amount = parse_decimal_amount(text.replace(",", "").replace("¥", ""), currency)
        except ValueError:
            amount = None
        if amount is None or (amount < 0 and not signed):
            errors.append({"field": name, "message": gettext("Enter an amount in yuan, such as 19.90.")})
        else:
            found[name] = amount
    if errors:
        raise ValidationFailed(errors=errors)
    return found


def not_zero(request: Request, value: int, field: str) -> None:
    """An adjustment of nothing is a slip of the keyboard, not a ledger entry."""
    if value == 0:
        message = translations(request_locale(request)).gettext("Enter a number other than 0.")
        raise ValidationFailed(errors=[{"field": field, "message": message}])


async def attempt(request: Request, fields: set[str], action: Callable[[], Awaitable[Any]]) -> dict[str, str]:
    """Run ``action``; the problems it raised (the input model's or the service's) as inline errors, placed
    under the inputs the form shows (the rest at the top of the form). Empty when it succeeded. Another
    shop's record (not found) and a missing permission are not form problems: they go on to the error page."""
    try:
        await action()
    except (NotFound, Forbidden):
        raise
    except (ShoalError, ValidationError) as exc:
        return place_errors(errors_of(request, exc), fields)
    return {}
