"""Splitting an order's refund over the payments that paid it (``payments.rules.split_refund``)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from shoal.payments import rules


@given(st.lists(st.integers(0, 10**9), min_size=1, max_size=3), st.data())
def test_a_split_is_exact_and_no_payment_gives_back_more_than_it_has_left(left: list[int], data) -> None:  # type: ignore[no-untyped-def]
    amount = data.draw(st.integers(0, sum(left)))
    shares = rules.split_refund(amount, left)
    assert shares is not None and sum(shares) == amount
    assert all(0 <= share <= rest for share, rest in zip(shares, left, strict=True))


def test_a_refund_above_what_is_left_is_refused_and_everything_left_is_each_remainder() -> None:
    assert rules.split_refund(10_000, [3_001, 6_998]) is None
    assert rules.split_refund(9_999, [3_001, 6_998]) == [3_001, 6_998]
    assert rules.split_refund(3_333, [3_001, 6_998]) == [1_000, 2_333]
    assert rules.split_refund(1, []) is None
