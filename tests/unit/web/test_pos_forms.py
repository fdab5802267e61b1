"""The till page's form readers: the basket it carries plus the scan, and the payment typed in yuan."""

from __future__ import annotations

import pytest
from starlette.datastructures import FormData

from shoal.web.console.pos_forms import read_basket, read_payment


def test_a_scan_adds_one_a_zero_removes_and_codes_keep_their_order() -> None:
    form = FormData([("code", "TEA-1"), ("qty", "2"), ("code", "CUP-1"), ("qty", "0"), ("scan", " TEA-1 ")])
    assert read_basket(form) == [{"code": "TEA-1", "quantity": 3}]
    assert read_basket(FormData([("scan", "690123")]), with_scan=False) == []


def test_the_payment_is_read_in_yuan_into_fen() -> None:
    form = FormData([("cash", "100"), ("auth_code", "134567890123456789"), ("code_amount", "12.50"), ("balance", "")])
    assert read_payment(form) == {
        "cash_tendered": 10_000,
        "tenders": [{"method": "code", "amount": 1_250, "auth_code": "134567890123456789"}],
    }
    with pytest.raises(ValueError):
        read_payment(FormData([("cash", "1.005")]))
