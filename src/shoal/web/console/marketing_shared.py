"""What the console's promotion and coupon pages share: the new-rule page, saving a read form with its errors
placed inline, and the words for a rule's benefit."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import Request
from pydantic import ValidationError

from shoal.catalog import service_taxonomy as taxonomy
from shoal.core.context import RequestContext
from shoal.core.errors import ShoalError
from shoal.marketing.engine import AmountOff, PercentOff
from shoal.marketing.engine.benefits import threshold_texts
from shoal.marketing.service_rules import BENEFIT
from shoal.web.console.marketing_forms import RuleForm, merged_errors
from shoal.web.forms import errors_of, place_errors

# Inputs every rule form shows, whatever its kind.
RULE_FIELDS = {"kind", "name_zh", "name_en", "category_ids", "customer_group", "threshold", "amount", "threshold_2",
               "amount_2", "threshold_3", "amount_3", "repeat", "percent", "cap", "n", "every_nth"}  # fmt: skip

NEW_RULE = "console/marketing_rule_new.html"


async def new_rule_page(
    ctx: RequestContext, rule: str, kinds: tuple[str, ...], kind: str, values: dict[str, Any], errors: dict[str, str]
) -> dict[str, Any]:
    """The context of the new-promotion (``rule="promotion"``) or new-coupon page, with the shop's categories."""
    categories = await taxonomy.list_categories(ctx.uow())
    return {"rule": rule, "kind": kind, "kinds": kinds, "categories": categories, "values": values, "errors": errors}


async def save_rule(
    request: Request, parsed: RuleForm[Any], kind: str, fields: set[str], create: Callable[[Any], Awaitable[object]]
) -> dict[str, str]:
    """Save a read form through its service; the errors to show inline (none when it was saved). Nothing is
    saved when the reader or the schema found a problem, and a refusal of the service lands next to its input."""
    errors = merged_errors(parsed, errors_of(request, parsed.invalid) if parsed.invalid else {}, kind)
    if not errors and parsed.data is not None:
        try:
            await create(parsed.data)
        except (ShoalError, ValidationError) as exc:
            errors = merged_errors(parsed, errors_of(request, exc), kind)
    return place_errors(errors, fields)


def describe(benefit: dict[str, Any], condition: dict[str, Any], currency: str) -> dict[str, str]:
    """A rule in words, every tier of it (满199减20，满299减40), as the engine words it for shoppers."""
    rule = BENEFIT.validate_python(benefit).to_engine()
    if isinstance(rule, AmountOff | PercentOff):
        texts = [rule.tier_text(tier, currency) for tier in rule.tiers]
    else:
        texts = [rule.describe(currency)]
    zh, en = threshold_texts(int(condition.get("min_spend") or 0), currency)
    return {"zh-CN": zh + "，".join(t["zh-CN"] for t in texts), "en": ", ".join(t["en"] for t in texts) + en}
