"""Small builders for engine tests: a cart of lines at a fixed moment."""

from __future__ import annotations

from datetime import UTC, datetime

from shoal.marketing.engine import CartLine, CartSnapshot, CustomerFacts, PricingResult

NOW = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)  # 16:00 in Shanghai, a Wednesday


def line(
    line_id: str,
    price: int,
    quantity: int = 1,
    *,
    variant: str | None = None,
    product: str | None = None,
    categories: frozenset[str] = frozenset(),
    brand: str | None = None,
    tags: frozenset[str] = frozenset(),
) -> CartLine:
    return CartLine(
        id=line_id,
        variant_id=variant or f"v-{line_id}",
        product_id=product or f"p-{line_id}",
        unit_price=price,
        quantity=quantity,
        category_ids=categories,
        brand_id=brand,
        tags=tags,
    )


def cart(
    *lines: CartLine,
    shipping: int = 0,
    customer: CustomerFacts | None = None,
    channel: str = "online",
    now: datetime = NOW,
) -> CartSnapshot:
    return CartSnapshot(
        lines=lines, now=now, customer=customer or CustomerFacts(), channel=channel, shipping_fee=shipping
    )


def outcome(result: PricingResult, ref: str):
    """The explanation of a promotion (by id) or a coupon (by coupon id)."""
    return next(e for e in result.explanation if (e.coupon_id or e.rule_id) == ref)
