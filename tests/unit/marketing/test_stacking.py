"""Declared stacking: stackable, best_of, exclusive; coupons with and without promotions; the chosen
combination is the lowest total, and every rule left out says why."""

from __future__ import annotations

from datetime import timedelta

from shoal.marketing.engine import (
    AmountOff,
    CouponStatus,
    CouponTemplate,
    FreeShipping,
    HeldCoupon,
    ItemPrice,
    Mode,
    NItemsDiscount,
    PercentOff,
    Promotion,
    Tier,
    price,
)
from tests.unit.marketing.builders import NOW, cart, line, outcome


def off(amount: int, threshold: int = 0) -> AmountOff:
    return AmountOff((Tier(threshold, amount),))


def test_stackable_promotions_all_apply_in_stage_order() -> None:
    item = Promotion("item", ItemPrice(prices=(("v-a", 15000),)))
    order = Promotion("order", off(2000, threshold=19900))
    result = price(cart(line("a", 20000, variant="v-a")), [order, item], [])
    assert outcome(result, "item").applied
    assert outcome(result, "order").reason == "spend_below_threshold"  # the item price came first
    assert result.total == 15000


def test_best_of_group_picks_the_best_and_explains_the_other() -> None:
    small = Promotion("small", off(1000), mode=Mode.BEST_OF, group="g")
    big = Promotion("big", PercentOff((Tier(0, 2000),)), mode=Mode.BEST_OF, group="g")
    result = price(cart(line("a", 10000)), [small, big], [])
    assert result.total == 8000
    assert outcome(result, "small").reason == "not_best_in_group"


def test_exclusive_applies_alone_only_when_it_beats_the_rest() -> None:
    exclusive = Promotion("x", off(2500), mode=Mode.EXCLUSIVE)
    a, b = Promotion("a", off(1000)), Promotion("b", off(1000))
    assert price(cart(line("l", 10000)), [exclusive, a, b], []).total == 7500
    assert outcome(price(cart(line("l", 10000)), [exclusive, a, b], []), "a").reason == "excluded_by_exclusive"
    c = Promotion("c", off(1000))
    result = price(cart(line("l", 10000)), [exclusive, a, b, c], [])
    assert result.total == 7000
    assert outcome(result, "x").reason == "better_combination"


def test_coupon_that_does_not_stack_with_promotions_is_weighed_against_them() -> None:
    promo = Promotion("p", off(1500))
    loner = HeldCoupon("c1", CouponTemplate("t1", off(2000), stacks_with_promotions=False))
    result = price(cart(line("l", 10000)), [promo], [loner])
    assert result.total == 8000 and result.applied_coupon_ids == ("c1",)
    assert outcome(result, "p").reason == "better_combination"
    weak = HeldCoupon("c1", CouponTemplate("t1", off(1000), stacks_with_promotions=False))
    assert price(cart(line("l", 10000)), [promo], [weak]).applied_coupon_ids == ()


def test_coupons_stack_only_when_both_say_so_and_once_per_template() -> None:
    shared = CouponTemplate("t", off(1000), stacks_with_coupons=True)
    other = CouponTemplate("u", off(500), stacks_with_coupons=True)
    ship = CouponTemplate("s", FreeShipping(), stacks_with_coupons=True)
    coupons = [HeldCoupon("c1", shared), HeldCoupon("c2", shared), HeldCoupon("c3", other), HeldCoupon("c4", ship)]
    result = price(cart(line("l", 10000), shipping=800), [], coupons)
    assert result.total == 10000 + 800 - 1000 - 500 - 800
    assert outcome(result, "c2").reason == "coupon_same_template"
    lonely = CouponTemplate("v", off(300))
    result = price(cart(line("l", 10000)), [], [HeldCoupon("c1", shared), HeldCoupon("c5", lonely)])
    assert result.applied_coupon_ids == ("c1",)
    assert outcome(result, "c5").reason == "better_combination"


def test_coupon_states_and_validity() -> None:
    template = CouponTemplate("t", off(1000))
    coupons = [
        HeldCoupon("used", template, CouponStatus.USED),
        HeldCoupon("locked", template, CouponStatus.LOCKED),
        HeldCoupon("late", template, valid_until=NOW),
        HeldCoupon("early", template, valid_from=NOW + timedelta(days=1)),
    ]
    result = price(cart(line("l", 10000)), [], coupons)
    assert result.total == 10000
    reasons = {e.coupon_id: e.reason for e in result.explanation}
    assert reasons == {
        "used": "coupon_unavailable",
        "locked": "coupon_unavailable",
        "late": "coupon_expired",
        "early": "coupon_not_yet_valid",
    }


def test_item_discounts_do_not_stack_on_the_same_unit_and_the_better_one_wins() -> None:
    flash = Promotion("flash", ItemPrice(prices=(("v-a", 8000),)), priority=10)
    pair = Promotion("pair", NItemsDiscount(2, 5000))
    result = price(cart(line("a", 10000, 2, variant="v-a")), [pair, flash], [])
    assert outcome(result, "flash").reason == "items_already_discounted"  # priority does not decide it
    assert result.total == 15000  # 第二件半价 beats ¥80 each


def test_the_search_stays_bounded_with_many_coupons() -> None:
    coupons = [
        HeldCoupon(f"c{i:02}", CouponTemplate(f"t{i:02}", off(100 + i), stacks_with_coupons=True)) for i in range(30)
    ]
    result = price(cart(line("l", 100000)), [], coupons)
    assert result.combinations_evaluated <= 512 + 31
    assert len(result.applied_coupon_ids) == 3
    assert result.total == 100000 - (129 + 128 + 127)
