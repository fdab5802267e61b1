"""After-sales money and moves: unit refunds add up to exactly what a line cost, never more."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shoal.aftersales import rules


@given(st.integers(0, 10**9), st.integers(1, 200), st.data())
def test_refunding_a_line_in_any_partial_steps_pays_back_exactly_its_total(line_total, quantity, data) -> None:
    done, paid_back = 0, 0
    while done < quantity:
        units = data.draw(st.integers(1, quantity - done))
        amount = rules.refund_for_units(line_total, quantity, done, units)
        assert amount >= 0
        paid_back += amount
        done += units
        assert paid_back <= line_total
    assert paid_back == line_total


def test_units_differ_by_at_most_one_fen() -> None:
    assert rules.unit_amounts(1000, 3) == [334, 333, 333]
    assert rules.refund_for_units(1000, 3, 1, 2) == 666


def test_more_units_than_the_line_holds_is_refused() -> None:
    with pytest.raises(ValueError):
        rules.refund_for_units(1000, 3, 2, 2)


@pytest.mark.parametrize(
    ("kind", "path"),
    [
        ("refund_only", ["requested", "approved", "refunded"]),
        ("return_refund", ["requested", "approved", "received", "refunded"]),
        ("exchange", ["requested", "approved", "received", "exchanged"]),
    ],
)
def test_each_kind_has_its_path(kind: str, path: list[str]) -> None:
    assert all(rules.can_move(kind, a, b) for a, b in itertools.pairwise(path))
    assert not rules.can_move(kind, "requested", path[-1])
    assert not rules.can_move(kind, path[-1], "requested")


def test_only_a_waiting_case_is_rejected_or_cancelled() -> None:
    assert rules.can_move("refund_only", "requested", "rejected")
    assert not rules.can_move("refund_only", "approved", "cancelled")


def test_shipping_goes_back_only_when_asked_and_everything_is_refunded() -> None:
    assert rules.refunds_shipping(True, 800, True) == 800
    assert rules.refunds_shipping(False, 800, True) == 0
    assert rules.refunds_shipping(True, 800, False) == 0


def test_the_shop_acts_next_on_new_requests_received_returns_and_approved_refund_only_cases() -> None:
    waiting = {
        (kind, status)
        for kind in rules.KINDS
        for status in (*rules.OPEN, rules.REFUNDED)
        if rules.waits_for_shop(kind, status)
    }
    assert waiting == {
        *((kind, rules.REQUESTED) for kind in rules.KINDS),
        *((kind, rules.RECEIVED) for kind in rules.KINDS),
        (rules.REFUND_ONLY, rules.APPROVED),
    }
