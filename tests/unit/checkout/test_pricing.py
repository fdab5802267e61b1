"""The pricing pipeline: discounts allocated to the fen, never below zero, steps registered in order."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shoal.checkout import rules
from shoal.checkout.pricing import PIPELINE, Pipeline, Step, price
from shoal.checkout.rules import Adjustment, Delivery, PricedLine, PricingState
from shoal.checkout.shipping import ShippingRule

line_st = st.builds(
    lambda i, q, p: PricedLine(key=f"l{i}", variant_id=f"v{i}", quantity=q, unit_price=p),
    st.integers(0, 10**6),
    st.integers(1, 50),
    st.integers(0, 100_000),
)
lines_st = st.lists(line_st, min_size=1, max_size=12, unique_by=lambda li: li.key)


def state_of(lines, requested=(), delivery=Delivery()):  # type: ignore[no-untyped-def]
    return PricingState(currency="CNY", lines=tuple(lines), requested=tuple(requested), delivery=delivery)


@given(lines=lines_st, discount=st.integers(0, 10**8))
def test_order_discount_shares_sum_to_the_granted_discount_and_no_line_goes_negative(lines, discount) -> None:
    result = price(state_of(lines, [Adjustment(source="test", amount=discount)]))
    granted = sum(a.amount for a in result.applied)
    assert sum(li.order_discount for li in result.lines) == granted == min(discount, result.subtotal)
    assert all(li.total >= 0 for li in result.lines)
    assert result.total >= 0
    assert result.total == result.subtotal - result.discount + result.shipping


@given(lines=lines_st, data=st.data())
def test_item_and_order_discounts_together_never_make_anything_negative(lines, data) -> None:
    requests = [
        Adjustment(source="item", amount=data.draw(st.integers(0, 10**7)), line_key=li.key)
        for li in lines
        if data.draw(st.booleans())
    ]
    requests.append(Adjustment(source="order", amount=data.draw(st.integers(0, 10**8))))
    result = price(state_of(lines, requests))
    assert all(li.item_discount >= 0 and li.order_discount >= 0 and li.total >= 0 for li in result.lines)
    assert result.discount == sum(a.amount for a in result.applied)
    assert 0 <= result.total <= result.subtotal


def test_a_discount_larger_than_the_goods_is_capped_at_the_goods() -> None:
    lines = [PricedLine(key="a", variant_id="v", quantity=2, unit_price=500)]
    result = price(state_of(lines, [Adjustment(source="coupon:BIG", amount=5000)]))
    assert (result.subtotal, result.discount, result.total) == (1000, 1000, 0)
    assert result.applied == (Adjustment(source="coupon:BIG", amount=1000),)


def test_order_discount_is_allocated_by_largest_remainder() -> None:
    lines = [PricedLine(key=k, variant_id=k, quantity=1, unit_price=100) for k in "abc"]
    result = price(state_of(lines, [Adjustment(source="x", amount=100)]))
    assert [li.order_discount for li in result.lines] == [34, 33, 33]


def test_shipping_is_charged_by_weight_and_free_over_the_threshold() -> None:
    rule = ShippingRule(
        id="t",
        mode="by_weight",
        first_units=1000,
        first_fee=800,
        additional_units=500,
        additional_fee=200,
        free_over=10_000,
    )
    lines = [PricedLine(key="a", variant_id="v", quantity=3, unit_price=1000, weight_grams=600)]
    result = price(state_of(lines, delivery=Delivery(method="ship", province="浙江", rules=(rule,))))
    assert result.shipping == 800 + 2 * 200  # 1800 g: first 1000 g, then two started 500 g steps
    assert result.total == 3000 + 1200
    rich = [PricedLine(key="a", variant_id="v", quantity=10, unit_price=1000, weight_grams=600)]
    assert price(state_of(rich, delivery=Delivery(method="ship", province="浙江", rules=(rule,)))).shipping == 0


def test_the_pipeline_order_is_explicit_and_steps_plug_in_by_name() -> None:
    assert PIPELINE.names == ["base_prices", "item_discounts", "order_discounts", "shipping", "totals"]

    def ten_off_each_line(state: PricingState) -> PricingState:
        extra = tuple(Adjustment(source="promo", amount=10, line_key=li.key) for li in state.lines)
        return replace(state, requested=extra)

    pipeline = PIPELINE.with_step(Step("promotions", ten_off_each_line), before="item_discounts")
    assert pipeline.names[:3] == ["base_prices", "promotions", "item_discounts"]
    result = pipeline.run(state_of([PricedLine(key="a", variant_id="v", quantity=1, unit_price=100)]))
    assert result.total == 90
    with pytest.raises(ValueError):
        pipeline.with_step(Step("promotions", ten_off_each_line), after="totals")
    with pytest.raises(ValueError):
        Pipeline(()).with_step(Step("x", rules.totals), before="nowhere")
