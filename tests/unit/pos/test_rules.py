"""The till's pure rules: cash and change, whose payment code, refunds of returned units, a shift's takings."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shoal.pos import rules
from shoal.pos.errors import NotEnoughTendered, Overpaid
from shoal.pos.service_members import masked


def test_cash_pays_what_the_other_tenders_leave_and_the_rest_is_change() -> None:
    assert rules.cash_due(total=1_850, other_tenders=500, tendered=2_000) == rules.CashDue(cash=1_350, change=650)
    assert rules.cash_due(total=1_000, other_tenders=1_000, tendered=0) == rules.CashDue(cash=0, change=0)
    with pytest.raises(NotEnoughTendered):
        rules.cash_due(total=1_000, other_tenders=0, tendered=999)
    with pytest.raises(Overpaid):
        rules.cash_due(total=1_000, other_tenders=1_001, tendered=0)


def test_a_payment_code_names_its_provider_by_prefix_and_length() -> None:
    assert rules.code_provider("134567890123456789") == "wechatpay"
    assert rules.code_provider("28012345678901234") == "alipay"
    assert rules.code_provider("99012345678901234") is None and rules.code_provider("13456789012345678x") is None


@given(line_total=st.integers(0, 10**9), parts=st.lists(st.integers(1, 5), min_size=1, max_size=6))
def test_returning_a_line_in_parts_refunds_exactly_what_it_cost(line_total: int, parts: list[int]) -> None:
    quantity, returned, refunded = sum(parts), 0, 0
    for units in parts:
        amount = rules.refund_for(
            line_total=line_total, quantity=quantity, returned=returned, refunded=refunded, units=units
        )
        assert 0 <= amount <= line_total - refunded
        returned, refunded = returned + units, refunded + amount
    assert refunded == line_total


def test_a_shifts_takings_net_of_returns_make_the_expected_cash() -> None:
    cash, code = {"method": "cash", "amount": 1_000}, {"method": "mock", "amount": 500}
    sales = [[cash, code], [{"method": "cash", "amount": 300}]]
    returns = [[{"method": "cash", "amount": 200}]]
    net = rules.takings(sales, returns)
    assert net == {"cash": 1_100, "mock": 500} and rules.expected_cash(5_000, net) == 6_100


def test_a_members_phone_is_masked_at_the_till() -> None:
    assert masked("+8613800138000") == "138****8000"
