"""Pricing benchmark: a 50-line cart against 30 active promotions and 10 held coupons, pure engine.

Prints p50/p99 milliseconds per ``price`` call and how many combinations the bounded search evaluated.
Run: ``.venv/bin/python bench/pricing.py [calls]``. Figures are printed, never asserted.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from datetime import UTC, datetime

from shoal.marketing.engine import (
    AmountOff,
    BundlePrice,
    CartLine,
    CartSnapshot,
    Condition,
    CouponTemplate,
    FreeShipping,
    Gift,
    HeldCoupon,
    ItemPrice,
    Mode,
    NItemsDiscount,
    PercentOff,
    Promotion,
    Scope,
    Tier,
    price,
)

CATEGORIES = [f"cat{i}" for i in range(6)]


def build(seed: int = 7) -> tuple[CartSnapshot, list[Promotion], list[HeldCoupon]]:
    rnd = random.Random(seed)
    lines = tuple(
        CartLine(
            id=f"l{i:02}",
            variant_id=f"v{i:02}",
            product_id=f"p{i // 2:02}",
            unit_price=rnd.randrange(500, 50_000, 100),
            quantity=rnd.randint(1, 4),
            category_ids=frozenset({rnd.choice(CATEGORIES)}),
            brand_id=f"b{i % 4}",
            tags=frozenset({"new"} if i % 5 == 0 else ()),
        )
        for i in range(50)
    )
    cart = CartSnapshot(lines=lines, now=datetime(2026, 11, 25, 8, tzinfo=UTC), shipping_fee=1_200)

    def in_category() -> Condition:
        return Condition(scope=Scope(category_ids=frozenset({rnd.choice(CATEGORIES)})))

    promotions: list[Promotion] = []
    for i in range(10):
        tiers = (Tier(19_900 * (i + 1), 2_000 * (i + 1)), Tier(29_900 * (i + 1), 4_000 * (i + 1)))
        promotions.append(Promotion(f"spend{i}", AmountOff(tiers), in_category()))
    for i in range(6):
        variants = tuple((f"v{rnd.randrange(50):02}", rnd.randrange(300, 20_000, 100)) for _ in range(5))
        promotions.append(Promotion(f"flash{i}", ItemPrice(prices=variants, limit_per_order=2), priority=5))
    for i in range(4):
        benefit = NItemsDiscount(rnd.choice([2, 3]), rnd.choice([0, 5000, 8000]), every_nth=bool(i % 2))
        promotions.append(Promotion(f"nitems{i}", benefit, in_category(), mode=Mode.BEST_OF, group=f"n{i % 2}"))
    for i in range(4):
        percent = PercentOff((Tier(50_000, 500 + 250 * i),), cap=20_000)
        promotions.append(Promotion(f"pct{i}", percent, in_category(), mode=Mode.BEST_OF, group="pct"))
    for i in range(2):
        promotions.append(Promotion(f"excl{i}", AmountOff((Tier(0, 30_000 + 10_000 * i),)), mode=Mode.EXCLUSIVE))
    promotions.append(Promotion("bundle", BundlePrice((("v01", 1), ("v02", 1)), 20_000)))
    promotions.append(Promotion("gift", Gift("vg", "pg", 3_000, stock=10, per_quantity=3)))
    promotions.append(Promotion("ship", FreeShipping(), Condition(min_spend=9_900)))
    promotions.append(Promotion("member", ItemPrice(pay_bp=9_500), Condition(scope=Scope(tags=frozenset({"new"})))))

    coupons = []
    for i in range(10):
        if i < 6:
            benefit = AmountOff((Tier(10_000 * (i + 1), 1_000 * (i + 1)),))
        elif i < 8:
            benefit = PercentOff((Tier(0, 1_000),), cap=5_000 * (i - 5))
        else:
            benefit = FreeShipping()
        template = CouponTemplate(f"t{i}", benefit, stacks_with_promotions=i != 3, stacks_with_coupons=i % 2 == 0)
        coupons.append(HeldCoupon(f"c{i}", template))
    return cart, promotions, coupons


def main(calls: int = 200) -> None:
    cart, promotions, coupons = build()
    timings = []
    result = price(cart, promotions, coupons)
    for _ in range(calls):
        start = time.perf_counter()
        result = price(cart, promotions, coupons)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p99 = timings[min(len(timings) - 1, int(len(timings) * 0.99))]
    print(f"lines=50 promotions={len(promotions)} coupons={len(coupons)} calls={calls}")
    print(f"p50={statistics.median(timings):.2f} ms  p99={p99:.2f} ms")
    applied = sum(1 for e in result.explanation if e.applied)
    print(f"combinations evaluated per call={result.combinations_evaluated} capped={result.search_capped}")
    print(
        f"subtotal={result.subtotal} discount={result.goods_discount + result.shipping_discount} "
        f"total={result.total} rules applied={applied}/{len(result.explanation)}"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
