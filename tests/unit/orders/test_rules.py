"""Order rules: the status machine, order numbers, refund limits."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shoal.orders import rules
from shoal.orders.errors import InvalidTransition, RefundTooLarge


def test_the_happy_path_is_legal_and_terminal_states_stay_terminal() -> None:
    path = ["pending_payment", "paid", "partially_shipped", "shipped", "delivered", "completed"]
    for current, target in itertools.pairwise(path):
        rules.check_transition(current, target, action="move")
    for terminal in ("cancelled", "closed", "refunded"):
        for target in rules.STATUSES:
            assert not rules.can_transition(terminal, target)
    assert [t for t in rules.STATUSES if rules.can_transition("completed", t)] == ["refunded"]


@pytest.mark.parametrize("status", ["paid", "partially_shipped", "shipped", "delivered", "completed"])
def test_a_full_refund_ends_a_live_order_as_refunded_and_a_partial_one_leaves_it(status) -> None:
    assert rules.ends_refunded(status, paid=1000, refunded=1000)
    assert not rules.ends_refunded(status, paid=1000, refunded=999)


@pytest.mark.parametrize("status", ["cancelled", "closed", "refunded", "pending_payment"])
def test_an_ended_or_unpaid_order_keeps_its_status_when_money_goes_back(status) -> None:
    assert not rules.ends_refunded(status, paid=1000, refunded=1000)
    assert not rules.ends_refunded("paid", paid=0, refunded=0)


def test_the_pickup_code_shows_only_while_a_paid_order_waits_at_the_counter() -> None:
    assert [s for s in rules.STATUSES if rules.pickup_code_shown(s)] == ["paid"]


@pytest.mark.parametrize(
    ("current", "target"),
    [("paid", "closed"), ("shipped", "cancelled"), ("pending_payment", "shipped"), ("closed", "paid")],
)
def test_illegal_moves_raise_invalid_state(current, target) -> None:
    with pytest.raises(InvalidTransition) as err:
        rules.check_transition(current, target, action="test")
    assert err.value.code == "invalid_state" and err.value.status == 409


def test_order_numbers_carry_the_day_and_a_six_digit_sequence() -> None:
    assert rules.order_number(date(2026, 11, 25), 123) == "SO20261125000123"
    assert rules.counter_name(date(2026, 11, 25)) == "order:20261125"
    with pytest.raises(ValueError):
        rules.order_number(date(2026, 11, 25), 0)


def test_only_unpaid_orders_past_their_deadline_are_overdue() -> None:
    now = datetime(2026, 11, 25, 8, tzinfo=UTC)
    assert rules.is_overdue("pending_payment", now, now)
    assert not rules.is_overdue("pending_payment", now + timedelta(seconds=1), now)
    assert not rules.is_overdue("paid", now - timedelta(days=1), now)


@given(paid=st.integers(0, 10**7), refunded=st.integers(0, 10**7), amount=st.integers(-10, 10**7))
def test_refunds_never_exceed_what_was_paid(paid, refunded, amount) -> None:
    refunded = min(refunded, paid)
    try:
        after = rules.check_refund(paid=paid, refunded=refunded, amount=amount)
    except RefundTooLarge:
        assert amount <= 0 or refunded + amount > paid
    else:
        assert refunded < after <= paid
