"""The home page's banner strip and campaign entrances, built from what marketing runs now.

Pure: the handler passes the running promotions and the claimable coupon templates (marketing's services);
this decides what each banner says and where it leads, so a shop without artwork still has a lively home page
(banners are CSS gradients with text: no image, no outside request).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from shoal.core.i18n import pick

MAX_BANNERS = 4
MAX_ENTRANCES = 6
TONES = 4  # gradients .b0 .. .b3 in shoal.css


@dataclass(frozen=True, slots=True)
class Banner:
    kind: str  # "promotion", "coupons" or "welcome": the template words the call to action by it
    title: str
    href: str
    tone: int


@dataclass(frozen=True, slots=True)
class Entrance:
    kind: str  # "coupon" or "promotion"
    title: str
    href: str


def promotion_href(base: str, condition: Mapping[str, Any]) -> str:
    """Where a promotion's banner leads: its one product or category, else the shop's new arrivals."""
    products, categories = condition.get("product_ids") or [], condition.get("category_ids") or []
    if len(products) == 1 and not categories:
        return f"{base}/p/{products[0]}"
    if len(categories) == 1 and not products:
        return f"{base}/c/{categories[0]}"
    return f"{base}#new"


def banners(base: str, promotions: Iterable[Any], claimable: Iterable[Any], locale: str) -> list[Banner]:
    """Promotions first, then the coupon centre when coupons wait to be claimed; a welcome when neither."""
    found = [Banner("promotion", pick(p.name, locale), promotion_href(base, p.condition), 0) for p in promotions]
    found = found[: MAX_BANNERS - 1]
    coupons = list(claimable)
    if coupons:
        found.append(Banner("coupons", pick(coupons[0].name, locale), f"{base}/coupons", 0))
    if not found:
        found.append(Banner("welcome", "", f"{base}#new", 0))
    return [Banner(b.kind, b.title, b.href, n % TONES) for n, b in enumerate(found)]


def entrances(base: str, promotions: Iterable[Any], claimable: Iterable[Any], locale: str) -> list[Entrance]:
    """One tile per claimable coupon (to the coupon centre) and per running promotion (to its goods)."""
    tiles = [Entrance("coupon", pick(t.name, locale), f"{base}/coupons") for t in claimable]
    tiles += [Entrance("promotion", pick(p.name, locale), promotion_href(base, p.condition)) for p in promotions]
    return tiles[:MAX_ENTRANCES]
