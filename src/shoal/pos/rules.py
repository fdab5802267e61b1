"""Pure rules of the till: cash and change, payment-code providers, refunds of returned units, shift takings and
the store's day. No I/O here."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from shoal.core.money import format_amount
from shoal.pos.errors import NotEnoughTendered, Overpaid

CASH = "cash"
BALANCE = "balance"
COMPLETED = "completed"
FLAGGED = "flagged"
PAYING = "paying"  # placed, its payment code being taken (no transaction open)
REFUSED = "refused"  # a live sale whose code was not paid: its order cancelled, nothing sold
OUT_OF_STOCK = "out_of_stock"
# Payment codes (付款码) say whose they are: WeChat Pay's are 18 digits starting 10-15, Alipay's 16-24 digits
# starting 25-30.
CODE_PREFIXES = {"wechatpay": ("10", "11", "12", "13", "14", "15"), "alipay": ("25", "26", "27", "28", "29", "30")}


@dataclass(frozen=True, slots=True)
class CashDue:
    cash: int  # what cash pays of the total
    change: int  # what the clerk hands back


def cash_due(*, total: int, other_tenders: int, tendered: int) -> CashDue:
    """Cash pays what the other tenders leave of ``total``; what was handed over beyond that is change."""
    if other_tenders > total:
        raise Overpaid(paid=format_amount(other_tenders), total=format_amount(total))
    cash = total - other_tenders
    if tendered < cash:
        raise NotEnoughTendered(due=format_amount(cash), tendered=format_amount(tendered))
    return CashDue(cash=cash, change=tendered - cash)


def code_provider(auth_code: str) -> str | None:
    """Which provider issued a payment code, by its prefix and length (``None``: neither's)."""
    if not auth_code.isdigit():
        return None
    if len(auth_code) == 18 and auth_code.startswith(CODE_PREFIXES["wechatpay"]):
        return "wechatpay"
    if 16 <= len(auth_code) <= 24 and auth_code.startswith(CODE_PREFIXES["alipay"]):
        return "alipay"
    return None


def refund_for(*, line_total: int, quantity: int, returned: int, refunded: int, units: int) -> int:
    """What ``units`` more of a line give back: their share of what the line cost (rounded down), and for the
    last units whatever the line has left, so returning a whole line in parts refunds it exactly."""
    if returned + units >= quantity:
        return line_total - refunded
    return line_total * units // quantity


def takings(
    sales: Iterable[Iterable[Mapping[str, Any]]], returns: Iterable[Iterable[Mapping[str, Any]]]
) -> dict[str, int]:
    """Net takings of a shift by method: what each took in its sales, less what each gave back in returns."""
    by_method: dict[str, int] = defaultdict(int)
    for tenders in sales:
        for tender in tenders:
            by_method[tender["method"]] += int(tender["amount"])
    for refunds in returns:
        for refund in refunds:
            by_method[refund["method"]] -= int(refund["amount"])
    return dict(sorted(by_method.items()))


def expected_cash(opening_float: int, net_takings: Mapping[str, int]) -> int:
    """The drawer should hold the float plus the cash kept (change already handed back)."""
    return opening_float + net_takings.get(CASH, 0)


@dataclass
class StoreDay:
    """One store's figures for a day, built by ``store_day``."""

    location_id: str
    sales: int = 0
    refunds: int = 0
    orders: int = 0
    units: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    amounts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    names: dict[str, str] = field(default_factory=dict)
    clerks: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))

    @property
    def net_sales(self) -> int:
        return self.sales - self.refunds

    @property
    def average_order_value(self) -> int:
        return self.sales // self.orders if self.orders else 0

    def top_skus(self, limit: int = 5) -> list[tuple[str, str, int, int]]:
        """(sku, name, units, amount), most units first, then by SKU."""
        ranked = sorted(self.units.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
        return [(sku, self.names.get(sku, sku), units, self.amounts[sku]) for sku, units in ranked]


def store_day(sales: Iterable[Any]) -> dict[str, StoreDay]:
    """Completed sales grouped by store: takings, orders, units by SKU and by clerk (orders, sales)."""
    days: dict[str, StoreDay] = {}
    for sale in sales:
        day = days.setdefault(sale.location_id, StoreDay(sale.location_id))
        day.sales += sale.total
        day.refunds += sale.refunded
        day.orders += 1
        clerk = day.clerks[sale.clerk_id]
        clerk[0], clerk[1] = clerk[0] + 1, clerk[1] + sale.total
        for line in sale.lines:
            day.units[line["sku"]] += int(line["quantity"])
            day.amounts[line["sku"]] += int(line["total"])
            day.names.setdefault(line["sku"], line["name"])
    return days
