"""The engine's promises, as properties over random carts and random rules."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shoal.marketing.engine import (
    AmountOff,
    BundlePrice,
    CartLine,
    CartSnapshot,
    Condition,
    CouponTemplate,
    ExchangeItem,
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
from shoal.marketing.engine import reasons as r
from tests.unit.marketing.builders import NOW

VARIANTS = ("v1", "v2", "v3", "v4")
FIXED_REASONS = {
    r.NOT_STARTED,
    r.ENDED,
    r.OUTSIDE_HOURS,
    r.CHANNEL_MISMATCH,
    r.AUDIENCE_MISMATCH,
    r.NEW_CUSTOMERS_ONLY,
    r.NO_ITEMS_IN_SCOPE,
}

amounts = st.integers(0, 40_000)
bps = st.integers(1, 9_999)
tiers = st.lists(
    st.builds(Tier, amounts, st.integers(1, 20_000)), min_size=1, max_size=3, unique_by=lambda t: t.threshold
)
benefits = st.one_of(
    st.builds(AmountOff, tiers.map(tuple)),
    st.builds(
        AmountOff,
        st.builds(Tier, st.integers(1, 20_000), st.integers(1, 5_000)).map(lambda t: (t,)),
        repeat=st.just(True),
    ),
    st.builds(
        PercentOff,
        st.lists(st.builds(Tier, amounts, bps), min_size=1, max_size=2, unique_by=lambda t: t.threshold).map(tuple),
        cap=st.none() | st.integers(1, 9_000),
    ),
    st.builds(NItemsDiscount, st.integers(1, 4), st.integers(0, 9_999), every_nth=st.booleans()),
    st.builds(
        ItemPrice,
        prices=st.tuples(st.tuples(st.sampled_from(VARIANTS), amounts)),
        limit_per_order=st.none() | st.integers(1, 3),
    ),
    st.builds(ItemPrice, pay_bp=bps),
    st.builds(
        BundlePrice,
        st.lists(
            st.tuples(st.sampled_from(VARIANTS), st.integers(1, 2)), min_size=1, max_size=2, unique_by=lambda c: c[0]
        ).map(tuple),
        st.integers(0, 30_000),
    ),
    st.builds(ExchangeItem, st.frozensets(st.sampled_from(VARIANTS), min_size=1)),
    st.builds(
        Gift, st.just("g"), st.just("pg"), st.integers(0, 3_000), st.integers(0, 3), per_quantity=st.integers(0, 3)
    ),
    st.builds(FreeShipping, cap=st.none() | st.integers(1, 1_000)),
)
conditions = st.builds(
    Condition,
    scope=st.one_of(st.just(Scope()), st.builds(Scope, variant_ids=st.frozensets(st.sampled_from(VARIANTS)))),
    min_spend=st.sampled_from([0, 0, 5_000, 19_900]),
)


@st.composite
def promotions(draw: st.DrawFn) -> list[Promotion]:
    count = draw(st.integers(0, 6))
    return [
        Promotion(
            f"p{i}",
            draw(benefits),
            draw(conditions),
            mode=draw(st.sampled_from(list(Mode))),
            group=draw(st.sampled_from(["a", "b"])),
            priority=draw(st.integers(0, 2)),
            budget_left=draw(st.none() | st.integers(0, 5_000)),
        )
        for i in range(count)
    ]


@st.composite
def coupons(draw: st.DrawFn) -> list[HeldCoupon]:
    templates = [
        CouponTemplate(
            f"t{i}",
            draw(benefits),
            draw(conditions),
            stacks_with_promotions=draw(st.booleans()),
            stacks_with_coupons=draw(st.booleans()),
        )
        for i in range(draw(st.integers(0, 3)))
    ]
    if not templates:
        return []
    return [HeldCoupon(f"c{i}", draw(st.sampled_from(templates))) for i in range(draw(st.integers(0, 4)))]


lines = st.lists(
    st.builds(
        CartLine,
        id=st.just(""),
        variant_id=st.sampled_from(VARIANTS),
        product_id=st.just("p"),
        unit_price=st.integers(0, 30_000),
        quantity=st.integers(1, 4),
    ),
    min_size=1,
    max_size=6,
).map(
    lambda ls: tuple(CartLine(f"l{i}", x.variant_id, x.product_id, x.unit_price, x.quantity) for i, x in enumerate(ls))
)
carts = st.builds(CartSnapshot, lines=lines, now=st.just(NOW), shipping_fee=st.sampled_from([0, 800, 1_500]))

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(carts, promotions(), coupons())
def test_total_is_never_negative_nor_above_the_undiscounted_total(cart, promos, held) -> None:
    result = price(cart, promos, held)
    assert 0 <= result.total <= result.undiscounted_total
    assert result.total == result.undiscounted_total - result.goods_discount - result.shipping_discount


@SETTINGS
@given(carts, promotions(), coupons())
def test_allocations_sum_exactly_and_no_line_goes_below_zero(cart, promos, held) -> None:
    result = price(cart, promos, held)
    per_line: dict[str, int] = {}
    for discount in result.discounts:
        assert sum(share.amount for share in discount.allocations) == discount.amount
        assert all(share.amount > 0 for share in discount.allocations)
        for share in discount.allocations:
            per_line[share.line_id] = per_line.get(share.line_id, 0) + share.amount
    for priced in result.lines:
        assert priced.total >= 0
        assert priced.discount == per_line.get(priced.line_id, 0)
    assert sum(d.amount for d in result.discounts) == result.goods_discount
    assert sum(d.shipping for d in result.discounts) == result.shipping_discount


@SETTINGS
@given(carts, promotions(), coupons(), st.randoms(use_true_random=False))
def test_rule_order_never_changes_the_result(cart, promos, held, rnd) -> None:
    shuffled_promos, shuffled_held = list(promos), list(held)
    rnd.shuffle(shuffled_promos)
    rnd.shuffle(shuffled_held)
    assert price(cart, promos, held) == price(cart, shuffled_promos, shuffled_held)


@SETTINGS
@given(carts, promotions(), coupons())
def test_holding_coupons_never_costs_more(cart, promos, held) -> None:
    assert price(cart, promos, held).total <= price(cart, promos, []).total


@SETTINGS
@given(carts, promotions(), st.sampled_from(VARIANTS), st.integers(0, 30_000), st.integers(1, 3))
def test_adding_an_item_never_drops_a_stackable_promotion_silently(cart, promos, variant, unit, qty) -> None:
    before = price(cart, promos, [])
    extra = CartLine("added", variant, "p", unit, qty)
    after = price(CartSnapshot(lines=(*cart.lines, extra), now=cart.now, shipping_fee=cart.shipping_fee), promos, [])
    stackable = {p.id for p in promos if p.mode is Mode.STACKABLE}
    applied_before = {e.rule_id for e in before.explanation if e.applied and e.rule_id in stackable}
    for explained in after.explanation:
        if explained.rule_id in applied_before and not explained.applied:
            assert explained.reason in r.MESSAGES and explained.reason != r.APPLIED
            assert explained.reason not in FIXED_REASONS  # a fact about the item, not about shopper or time
            assert explained.message["zh-CN"] and explained.message["en"]
    assert {e.rule_id for e in after.explanation} == {p.id for p in promos}
