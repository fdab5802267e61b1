"""Each promotion and coupon kind of the issue, priced alone on a small cart."""

from __future__ import annotations

from datetime import time, timedelta

from shoal.marketing.engine import (
    AmountOff,
    Audience,
    BundlePrice,
    Condition,
    CouponTemplate,
    CustomerFacts,
    ExchangeItem,
    FreeShipping,
    Gift,
    HeldCoupon,
    ItemPrice,
    NItemsDiscount,
    PercentOff,
    Promotion,
    Schedule,
    Scope,
    Tier,
    price,
)
from tests.unit.marketing.builders import NOW, cart, line, outcome

TIERED = AmountOff((Tier(29900, 4000), Tier(19900, 2000)))


def test_tiered_spend_and_save_takes_the_highest_tier_reached() -> None:
    assert price(cart(line("a", 20000)), [Promotion("m", TIERED)], []).total == 18000
    assert price(cart(line("a", 30000)), [Promotion("m", TIERED)], []).total == 26000


def test_spend_shortfall_is_explained_in_both_languages() -> None:
    result = price(cart(line("a", 18700)), [Promotion("m", TIERED)], [])
    explained = outcome(result, "m")
    assert not explained.applied
    assert explained.reason == "spend_below_threshold"
    assert explained.message == {"zh-CN": "还差 ¥12 可享满199减20", "en": "Add ¥12 more to get ¥20 off on ¥199+"}


def test_repeating_spend_and_save_counts_multiples_up_to_the_limit() -> None:
    every = AmountOff((Tier(10000, 1000),), repeat=True, max_repeats=3)
    assert price(cart(line("a", 25000)), [Promotion("m", every)], []).goods_discount == 2000
    assert price(cart(line("a", 90000)), [Promotion("m", every)], []).goods_discount == 3000


def test_spend_and_discount_is_capped() -> None:
    ten_off = PercentOff((Tier(30000, 1000),), cap=5000)
    assert price(cart(line("a", 40000)), [Promotion("p", ten_off)], []).goods_discount == 4000
    assert price(cart(line("a", 90000)), [Promotion("p", ten_off)], []).goods_discount == 5000


def test_second_item_half_price_discounts_the_cheaper_of_each_pair() -> None:
    half = NItemsDiscount(2, 5000)
    result = price(cart(line("a", 10000), line("b", 6000), line("c", 3000)), [Promotion("n", half)], [])
    assert result.goods_discount == 3000  # pairs by price: (100, 60) -> 60 at half; 30 is alone
    assert {s.line_id: s.amount for s in result.discounts[0].allocations} == {"b": 3000}


def test_three_for_two_and_n_items_percent() -> None:
    three_for_two = NItemsDiscount(3, 0)
    assert price(cart(line("a", 1000, 7)), [Promotion("n", three_for_two)], []).goods_discount == 2000
    two_at_80 = NItemsDiscount(2, 8000, every_nth=False)
    assert price(cart(line("a", 1000, 3)), [Promotion("n", two_at_80)], []).goods_discount == 400


def test_n_items_shortfall_counts_items() -> None:
    result = price(cart(line("a", 1000)), [Promotion("n", NItemsDiscount(2, 5000))], [])
    assert outcome(result, "n").message["zh-CN"] == "再买 1 件可享第2件5折"


def test_buy_two_get_one_gift_within_stock() -> None:
    gift = Gift("g", "pg", unit_value=1500, stock=1, quantity=1, per_quantity=2)
    result = price(cart(line("a", 1000, 4)), [Promotion("b", gift)], [])
    assert result.total == 4000
    assert [(g.variant_id, g.quantity) for g in result.gifts] == [("g", 1)]
    empty = Gift("g", "pg", unit_value=1500, stock=0, per_quantity=2)
    assert outcome(price(cart(line("a", 1000, 4)), [Promotion("b", empty)], []), "b").reason == "gift_out_of_stock"


def test_bundle_price_per_complete_set() -> None:
    bundle = BundlePrice((("v-tea", 1), ("v-cup", 2)), price=10000)
    c = cart(line("tea", 8000, 2, variant="v-tea"), line("cup", 2000, 3, variant="v-cup"))
    result = price(c, [Promotion("set", bundle)], [])
    assert result.goods_discount == 8000 + 4000 - 10000  # one set: tea + 2 cups
    assert sum(s.amount for s in result.discounts[0].allocations) == 2000
    incomplete = price(cart(line("tea", 8000, variant="v-tea")), [Promotion("set", bundle)], [])
    assert outcome(incomplete, "set").reason == "bundle_incomplete"


def test_limited_time_price_reads_its_daily_window_in_the_shop_time_zone() -> None:
    flash = Promotion(
        "flash",
        ItemPrice(prices=(("v-a", 5000),), limit_per_order=1),
        Condition(schedule=Schedule(daily_start=time(15, 0), daily_end=time(17, 0), timezone="Asia/Shanghai")),
    )
    assert price(cart(line("a", 8000, 2)), [flash], []).goods_discount == 3000  # one unit only
    later = price(cart(line("a", 8000, 2), now=NOW + timedelta(hours=2)), [flash], [])
    assert outcome(later, "flash").reason == "outside_hours"


def test_member_price_only_for_its_audience() -> None:
    member = Promotion("vip", ItemPrice(pay_bp=9500), Condition(audience=Audience(member_levels=frozenset({"gold"}))))
    gold = CustomerFacts(id="c1", member_level="gold")
    assert price(cart(line("a", 10000), customer=gold), [member], []).goods_discount == 500
    assert outcome(price(cart(line("a", 10000)), [member], []), "vip").reason == "audience_mismatch"


def test_free_shipping_over_threshold() -> None:
    free = Promotion("fs", FreeShipping(), Condition(min_spend=9900))
    assert price(cart(line("a", 9900), shipping=1000), [free], []).total == 9900
    short = price(cart(line("a", 9000), shipping=1000), [free], [])
    assert short.total == 10000
    assert outcome(short, "fs").message["zh-CN"] == "还差 ¥9 可享包邮"


def test_scope_exclusions_win_over_inclusions() -> None:
    scope = Scope(category_ids=frozenset({"tea"}), exclude_tags=frozenset({"gift-box"}))
    promo = Promotion("m", AmountOff((Tier(0, 1000),)), Condition(scope=scope))
    c = cart(
        line("a", 5000, categories=frozenset({"tea"})),
        line("b", 5000, categories=frozenset({"tea"}), tags=frozenset({"gift-box"})),
    )
    result = price(c, [promo], [])
    assert [s.line_id for s in result.discounts[0].allocations] == ["a"]


def test_coupon_kinds() -> None:
    def held(benefit, **kw) -> HeldCoupon:
        return HeldCoupon("c", CouponTemplate("t", benefit, **kw))

    c = cart(line("a", 20000, variant="v-a"), shipping=800)
    assert price(c, [], [held(AmountOff((Tier(10000, 1500),)))]).total == 20000 + 800 - 1500
    assert price(c, [], [held(PercentOff((Tier(0, 2000),), cap=3000))]).goods_discount == 3000
    assert price(c, [], [held(FreeShipping())]).shipping_discount == 800
    assert price(c, [], [held(Gift("g", "pg", unit_value=500, stock=5))]).gifts[0].quantity == 1
    assert price(c, [], [held(ExchangeItem(frozenset({"v-a"})))]).goods_discount == 20000


def test_budget_caps_the_discount() -> None:
    promo = Promotion("m", AmountOff((Tier(0, 3000),)), budget_left=1200)
    assert price(cart(line("a", 10000)), [promo], []).goods_discount == 1200
    spent = Promotion("m", AmountOff((Tier(0, 3000),)), budget_left=0)
    assert outcome(price(cart(line("a", 10000)), [spent], []), "m").reason == "budget_exhausted"
