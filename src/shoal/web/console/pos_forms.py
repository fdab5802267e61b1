"""Pure readers of the till page's form: the basket it carries (hidden ``code``/``qty`` pairs plus what was just
scanned) and the payment typed in yuan, turned into the POS API's own bodies."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import FormData

from shoal.core.money import parse_decimal_amount


def read_basket(form: FormData, *, with_scan: bool = True) -> list[dict[str, Any]]:
    """The basket's lines, one per code in the order first scanned; a scanned code adds one, a quantity of 0
    removes its line."""
    quantities: dict[str, int] = {}
    for code, qty in zip(form.getlist("code"), form.getlist("qty"), strict=False):
        code = str(code).strip()
        if code:
            quantities[code] = quantities.get(code, 0) + _count(qty)
    scan = str(form.get("scan") or "").strip()
    if with_scan and scan:
        quantities[scan] = quantities.get(scan, 0) + 1
    return [{"code": code, "quantity": min(q, 999)} for code, q in quantities.items() if q > 0]


def read_payment(form: FormData) -> dict[str, Any]:
    """Cash handed over, a payment code with what it pays, and what the balance pays (all in yuan on the page)."""
    body: dict[str, Any] = {"cash_tendered": _fen(form.get("cash")), "tenders": []}
    balance = _fen(form.get("balance"))
    if balance:
        body["tenders"].append({"method": "balance", "amount": balance})
    code = str(form.get("auth_code") or "").strip()
    if code:
        body["tenders"].append({"method": "code", "amount": _fen(form.get("code_amount")), "auth_code": code})
    return body


def _count(raw: Any) -> int:
    try:
        return max(int(str(raw).strip() or 0), 0)
    except ValueError:
        return 1


def _fen(raw: Any) -> int:
    text = str(raw or "").strip()
    return parse_decimal_amount(text) if text else 0
