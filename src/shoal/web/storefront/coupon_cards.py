"""Coupons drawn as coupons: the amount large, the threshold (满100可用), the scope, the expiry, and what the
shopper can do with it (领取, 已领取 · 去使用).

Pure: handlers pass the templates and coupons marketing returns and a ``gettext``; the words for amounts come from
the engine's own labels (¥20, 8.5折), so a coupon reads the same on the card as in the cart's explanation.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from shoal.core.i18n import pick
from shoal.marketing.engine.benefits import percent_label, zhe_label
from shoal.marketing.engine.reasons import money_label
from shoal.web.storefront.campaigns import promotion_href

SHOP_TIME = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True, slots=True)
class CouponCard:
    id: str  # the template's id (claimable) or the coupon's (held)
    template_id: str
    name: str
    amount: str
    threshold: str
    scope: str
    expiry: str
    use_href: str
    claimed: bool  # the shopper holds one already (a template they may not claim again shows 已领取 · 去使用)
    claimable: bool


def amount_text(benefit: Mapping[str, Any], currency: str, locale: str, gettext: Callable[[str], str]) -> str:
    tiers = benefit.get("tiers") or []
    kind = benefit.get("kind")
    if kind == "amount_off" and tiers:
        return money_label(int(tiers[0]["value"]), currency)
    if kind == "percent_off" and tiers:
        off = int(tiers[0]["value"])
        return (
            zhe_label(10_000 - off)
            if locale == "zh-CN"
            else gettext("%(percent)s off") % {"percent": percent_label(off)}
        )
    if kind == "free_shipping":
        return gettext("Free shipping")
    return gettext("Offer")


def _threshold(benefit: Mapping[str, Any], condition: Mapping[str, Any], currency: str, gettext: Any) -> str:
    tiers = benefit.get("tiers") or [{}]
    spend = max(int(condition.get("min_spend") or 0), int(tiers[0].get("threshold") or 0))
    if spend <= 0:
        return gettext("No minimum spend")
    return gettext("On orders of %(amount)s or more") % {"amount": money_label(spend, currency)}


def _scope(condition: Mapping[str, Any], gettext: Callable[[str], str]) -> str:
    if condition.get("product_ids"):
        return gettext("Selected products only")
    if condition.get("category_ids"):
        return gettext("Selected categories only")
    return gettext("Storewide")


def _expiry(until: datetime | None, days: int | None, gettext: Callable[[str], str]) -> str:
    if until is not None:
        return gettext("Valid until %(date)s") % {"date": until.astimezone(SHOP_TIME).strftime("%Y-%m-%d")}
    if days:
        return gettext("Valid for %(days)s days after claiming") % {"days": days}
    return gettext("No expiry")


def claimable_cards(
    templates: Iterable[Any], held: Iterable[Any], *, base: str, currency: str, locale: str, gettext: Any
) -> list[CouponCard]:
    """Coupons open for claiming; one the shopper already holds as many times as allowed shows 已领取."""
    holding = Counter(c.template_id for c in held)
    return [
        CouponCard(
            id=t.id, template_id=t.id, name=pick(t.name, locale),
            amount=amount_text(t.benefit, currency, locale, gettext),
            threshold=_threshold(t.benefit, t.condition, currency, gettext), scope=_scope(t.condition, gettext),
            expiry=_expiry(t.valid_until, t.valid_days, gettext), use_href=promotion_href(base, t.condition),
            claimed=holding[t.id] > 0, claimable=holding[t.id] < max(t.per_customer_claims, 1),
        )
        for t in templates
    ]  # fmt: skip


def held_cards(held: Iterable[Any], *, base: str, currency: str, locale: str, gettext: Any) -> list[CouponCard]:
    """The shopper's own coupons, each with where to use it."""
    return [
        CouponCard(
            id=c.id, template_id=c.template_id, name=pick(c.name, locale),
            amount=amount_text(c.benefit, currency, locale, gettext),
            threshold=_threshold(c.benefit, c.condition, currency, gettext), scope=_scope(c.condition, gettext),
            expiry=_expiry(c.valid_until, None, gettext), use_href=promotion_href(base, c.condition),
            claimed=True, claimable=False,
        )
        for c in held
    ]  # fmt: skip
