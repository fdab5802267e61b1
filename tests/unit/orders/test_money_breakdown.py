"""The order's money breakdown: its lines add up to the total whatever discounts the order carries."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from shoal.orders.rules_money import money_breakdown, refund_state, shown_total

SOURCES = st.sampled_from(["coupon:C1", "promotion:P1", "promotion:P2", "coupon:C1:shipping", "promotion:P2:shipping"])


def test_the_reported_order_shows_list_price_then_the_discount_once() -> None:
    """Line ¥221 after a ¥45 discount: goods ¥266 - 优惠 ¥45 = ¥221, not ¥221 - ¥45 = ¥221."""
    money = money_breakdown(
        currency="CNY", subtotal=26600, adjustments=[{"source": "promotion:P1", "amount": 4500, "line_key": "l1"}],
        discount=4500, shipping_fee=0, total=22100, paid=22100, refunded=0,
    )  # fmt: skip
    assert money.goods == 26600 and [(d.kind, d.amount) for d in money.discounts] == [("promotion", 4500)]
    assert shown_total(money) == money.total == 22100 and money.net == 22100 and money.refund_state == "none"


def test_a_shipping_discount_shows_the_fee_before_it() -> None:
    money = money_breakdown(
        currency="CNY", subtotal=10000, adjustments=[{"source": "coupon:C1:shipping", "amount": 800}], discount=0,
        shipping_fee=0, total=10000, paid=0, refunded=0,
    )  # fmt: skip
    assert money.shipping == 800
    assert [(d.source, d.applies_to, d.amount) for d in money.discounts] == [("coupon:C1", "shipping", 800)]
    assert shown_total(money) == 10000


def test_refund_states() -> None:
    assert refund_state(paid=100, refunded=0) == "none"
    assert refund_state(paid=100, refunded=40) == "partial"
    assert refund_state(paid=100, refunded=100) == "full"


@given(
    subtotal=st.integers(0, 10**9),
    shipping_fee=st.integers(0, 10**6),
    share=st.floats(0, 1),
    given_adjustments=st.lists(st.tuples(SOURCES, st.integers(-5, 10**8)), max_size=8),
    refunded_share=st.floats(0, 1),
)
def test_the_lines_always_sum_to_the_total(subtotal, shipping_fee, share, given_adjustments, refunded_share) -> None:
    """Whatever the adjustments say (stale, missing or too large), goods - discounts + shipping = total, every
    discount is positive, and paid - refunded = net."""
    discount = int(subtotal * share)
    total = subtotal - discount + shipping_fee
    refunded = int(total * refunded_share)
    adjustments = [{"source": source, "amount": amount} for source, amount in given_adjustments]
    money = money_breakdown(
        currency="CNY", subtotal=subtotal, adjustments=adjustments, discount=discount, shipping_fee=shipping_fee,
        total=total, paid=total, refunded=refunded,
    )  # fmt: skip
    assert shown_total(money) == total
    assert all(d.amount > 0 for d in money.discounts)
    assert sum(d.amount for d in money.discounts if d.applies_to == "goods") == discount
    assert money.net == total - refunded
