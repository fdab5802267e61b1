"""The pricing rules of docs/pricing.md, each from a case where another platform's tests and Shoal disagreed:
the better item-level price wins unit by unit, one rounding rule, thresholds after discounts, 免单 and capped
每满减, a budget that only partly covers its units, a search that says when it stopped early."""

from __future__ import annotations

from dataclasses import replace

from shoal.marketing.engine import (
    AmountOff,
    Condition,
    CouponTemplate,
    FreeShipping,
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
from shoal.marketing.specs import AmountOffSpec, PercentOffSpec
from tests.unit.marketing.builders import cart, line, outcome


def off(amount: int, threshold: int = 0, **kw) -> AmountOff:  # type: ignore[no-untyped-def]
    return AmountOff((Tier(threshold, amount),), **kw)


def test_member_price_and_limited_time_price_the_cheaper_wins_unit_by_unit() -> None:
    # A limited-time price deep on one SKU, shallow on another, and a member 95折 on everything.
    goods = cart(line("a", 10000, variant="v-a"), line("b", 10000, variant="v-b"))
    for first, second in ((10, 0), (0, 10)):
        flash = Promotion("flash", ItemPrice(prices=(("v-a", 8000), ("v-b", 9900))), priority=first)
        member = Promotion("member", ItemPrice(pay_bp=9500), priority=second)
        result = price(goods, [member, flash], [])
        assert [li.total for li in result.lines] == [8000, 9500]  # a at the flash price, b at the member price
        assert outcome(result, "flash").applied and outcome(result, "member").applied
    recreated = Promotion("a-new-id", ItemPrice(prices=(("v-a", 8000), ("v-b", 9900))))
    assert price(goods, [Promotion("member", ItemPrice(pay_bp=9500)), recreated], []).total == 17500


def test_n_items_against_an_item_price_the_better_wins_whatever_the_priority() -> None:
    goods = cart(line("a", 10000, 2, variant="v-a"))
    flash = Promotion("flash", ItemPrice(prices=(("v-a", 8000),)), priority=100)
    pair = Promotion("pair", NItemsDiscount(2, 5000))
    assert price(goods, [flash, pair], []).total == 15000
    deep = Promotion("flash", ItemPrice(prices=(("v-a", 6000),)))
    assert price(goods, [deep, Promotion("pair", NItemsDiscount(2, 5000), priority=100)], []).total == 12000


def test_one_rounding_rule_for_item_and_order_percentages() -> None:
    goods = cart(line("a", 3295))
    item_level = price(goods, [Promotion("half", ItemPrice(pay_bp=5000))], [])
    order_level = price(goods, [Promotion("half", PercentOff((Tier(0, 5000),)))], [])
    assert item_level.goods_discount == order_level.goods_discount == 1648  # 1647.5 rounds half-up


def test_a_percentage_is_taken_on_the_line_not_on_each_unit() -> None:
    pennies = cart(line("a", 1, 10))
    assert price(pennies, [Promotion("p", ItemPrice(pay_bp=9000))], []).goods_discount == 1
    assert price(pennies, [Promotion("p", NItemsDiscount(10, 9000, every_nth=False))], []).goods_discount == 1
    assert price(pennies, [Promotion("p", PercentOff((Tier(0, 1000),)))], []).goods_discount == 1


def test_a_hundred_percent_voucher_and_a_capped_repeating_spend_and_save() -> None:
    free = PercentOffSpec(tiers=[{"threshold": 0, "value": 10_000}], cap=5000).to_engine()  # type: ignore[list-item]
    voucher = HeldCoupon("c", CouponTemplate("免单", free))
    assert price(cart(line("a", 3000)), [], [voucher]).total == 0
    assert price(cart(line("a", 8000)), [], [voucher]).total == 3000
    assert free.describe("CNY")["zh-CN"] == "免单"
    every = AmountOffSpec(tiers=[{"threshold": 10000, "value": 1000}], repeat=True, cap=5000).to_engine()  # type: ignore[list-item]
    assert price(cart(line("a", 73000)), [Promotion("every", every)], []).goods_discount == 5000
    assert price(cart(line("a", 33000)), [Promotion("every", every)], []).goods_discount == 3000
    assert every.describe("CNY") == {"zh-CN": "每满100减10，最多减50", "en": "¥10 off every ¥100, up to ¥50"}


def test_a_budget_that_covers_part_of_the_units_leaves_the_rest_to_other_rules() -> None:
    goods = cart(line("a", 10000, 5, variant="v-a"))
    deep = Promotion("deep", ItemPrice(prices=(("v-a", 9000),)), budget_left=2500)  # ¥10 off, ¥25 left
    shallow = Promotion("shallow", ItemPrice(prices=(("v-a", 9500),)))  # ¥5 off
    result = price(goods, [deep, shallow], [])
    assert outcome(result, "deep").discount == 2500
    assert outcome(result, "shallow").discount == 2 * 500  # three units reached by the budget, two left
    pair = Promotion("pair", NItemsDiscount(2, 5000), budget_left=5000)  # half of one pair's worth
    result = price(cart(line("a", 10000, 4, variant="v-a")), [pair, shallow], [])
    assert outcome(result, "pair").discount == 5000
    assert outcome(result, "shallow").discount == 2 * 500  # the second pair is not claimed by the budget


def test_free_shipping_thresholds_are_judged_after_discounts() -> None:
    goods = replace(cart(line("a", 10000), shipping=800), free_shipping_over=10000)  # a template's 满100包邮
    plain = price(goods, [], [])
    assert (plain.shipping_fee, plain.total) == (0, 10000)
    result = price(goods, [Promotion("save", off(2000, 10000))], [])
    assert (result.shipping_fee, result.total) == (800, 8800)  # ¥100 - ¥20 = ¥80 is below the ¥100 threshold
    free_over = Promotion("ship", FreeShipping(), Condition(min_spend=10000))  # the promotion judges the same way
    assert (
        price(replace(goods, free_shipping_over=None), [Promotion("save", off(2000, 10000)), free_over], []).total
        == 8800
    )


def test_a_threshold_counted_after_other_discounts_says_what_it_counted() -> None:
    goods = cart(line("a", 32100))
    first = Promotion("first", off(4000, 20000), priority=10)
    second = Promotion("second", off(4000, 30000))
    result = price(goods, [first, second], [])
    assert outcome(result, "second").message == {
        "zh-CN": "适用商品按优惠后 ¥281 计，还差 ¥19 可享满300减40",
        "en": "The qualifying items come to ¥281 after other discounts: add ¥19 more to get ¥40 off on ¥300+",
    }
    plain = price(cart(line("a", 29000)), [second], [])
    assert outcome(plain, "second").message["zh-CN"] == "还差 ¥10 可享满300减40"
    scoped = Promotion("tea", off(4000, 30000), Condition(scope=Scope(variant_ids=frozenset({"v-a"}))))
    mixed = price(cart(line("a", 20000, variant="v-a"), line("b", 20000)), [scoped], [])
    assert outcome(mixed, "tea").message["zh-CN"] == "适用商品按优惠后 ¥200 计，还差 ¥100 可享满300减40"


def _groups(count: int) -> list[Promotion]:
    """``count`` best_of groups of two rules that never apply (thresholds out of reach): only plan count."""
    return [
        Promotion(f"idle-{g}-{c}", off(100, 10**9 + c), mode=Mode.BEST_OF, group=f"idle-{g}")
        for g in range(count)
        for c in range(2)
    ]


def test_a_small_cart_is_searched_fully_where_a_greedy_pass_would_miss_the_best() -> None:
    goods = cart(line("a", 10000, variant="v-a"), line("b", 1000, variant="v-b"))
    on_b = Condition(scope=Scope(variant_ids=frozenset({"v-b"})))
    on_a = Condition(scope=Scope(variant_ids=frozenset({"v-a"})))
    rules = [
        Promotion("x1", off(3000), mode=Mode.BEST_OF, group="g1", priority=10),
        Promotion("y1", off(1000), on_b, mode=Mode.BEST_OF, group="g1", priority=10),
        Promotion("x2", off(5000, 10000), on_a, mode=Mode.BEST_OF, group="g2"),
        Promotion("y2", off(500), mode=Mode.BEST_OF, group="g2"),
        *_groups(5),  # 2^7 = 128 plans: beyond the base limit of 64
    ]
    result = price(goods, rules, [])
    assert result.total == 5000 and not result.search_capped  # y1 on b, then x2 on a; greedy gives 7500


def test_a_search_that_stops_early_says_so() -> None:
    result = price(cart(line("a", 10000)), [Promotion("p", off(100)), *_groups(12)], [])
    assert result.search_capped
    assert result.total == 9900
