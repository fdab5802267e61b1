"""Distribution's pure rules: which rate applies, what an order earns (exact to the fen), what a refund takes
back, who a shopper belongs to, whether buyer and promoter are one person, and how each ledger entry moves a
promoter's balances. No I/O: the services apply these, and Hypothesis checks them (tests/unit/distribution).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from shoal.core.money import allocate

BASIS = 10_000  # basis points in a whole
SCOPE_RANK = {"product": 0, "category": 1, "default": 2}
Mode = Literal["percent", "fixed"]
Kind = Literal["commission", "reversal", "clawback", "withdrawal", "withdrawal_return"]
BindingDecision = Literal["bind", "rebind", "keep"]


@dataclass(frozen=True)
class Terms:
    """A shop's programme terms (``distribution_settings``); the defaults are a cautious start."""

    binding_mode: Literal["first", "last"] = "first"
    protection_days: int = 15
    max_binding_changes: int = 3
    settle_days: int = 7
    self_purchase: bool = False
    min_withdrawal: int = 100
    daily_withdrawal_limit: int = 500_000
    application_min_spend: int = 0


@dataclass(frozen=True)
class Rate:
    mode: Mode
    tier1: int  # basis points (percent) or fen per item (fixed)
    tier2: int


@dataclass(frozen=True)
class RateRule:
    scope: str  # product | category | default
    target_id: str  # "" for the default
    level_id: str  # "" for every level
    rate: Rate


@dataclass(frozen=True)
class Line:
    line_id: str
    product_id: str
    quantity: int
    amount: int  # the paid line amount after every discount (the order's allocated amount)
    category_ids: tuple[str, ...] = ()


def pick_rate(rules: Iterable[RateRule], line: Line, level_id: str | None) -> Rate | None:
    """The most specific rule for the line: product before category before default, and within a scope a
    rule for the promoter's level before one for every level. ``None``: the line earns nothing."""
    best: tuple[int, int] | None = None
    chosen: Rate | None = None
    for rule in rules:
        if rule.level_id and rule.level_id != level_id:
            continue
        if rule.scope == "product" and rule.target_id != line.product_id:
            continue
        if rule.scope == "category" and rule.target_id not in line.category_ids:
            continue
        rank = (SCOPE_RANK[rule.scope], 0 if rule.level_id else 1)
        if best is None or rank < best:
            best, chosen = rank, rule.rate
    return chosen


def _exact(rate: Rate | None, line: Line, tier: int) -> int:
    """The line's commission times ``BASIS``, exact (no rounding yet)."""
    if rate is None or line.amount <= 0:
        return 0
    value = rate.tier1 if tier == 1 else rate.tier2
    if rate.mode == "percent":
        return line.amount * value
    return min(value * line.quantity, line.amount) * BASIS  # a fixed amount never passes what was paid


def commission_split(lines: Sequence[Line], rules: Sequence[RateRule], level_id: str | None, tier: int) -> list[int]:
    """What each line earns for one tier. The order's total is the exact sum rounded down (so commission
    never exceeds the configured rate of what was paid), split over the lines by largest remainder so the
    lines add up to it exactly."""
    exact = [_exact(pick_rate(rules, line, level_id), line, tier) for line in lines]
    return allocate(sum(exact) // BASIS, exact) if lines else []


@dataclass(frozen=True)
class RefundLine:
    """A commissioned line when a refund comes: its paid goods amount, what it earned per tier, and what
    refunds have named it (after-sales refunds name their lines)."""

    base: int
    earned: tuple[int, int]
    refunded: int = 0


def kept(lines: Sequence[RefundLine], refunded_total: int, tier: int) -> list[int]:
    """What each line keeps of its tier's commission once ``refunded_total`` came back: a line keeps its
    commission in proportion to its goods not refunded, rounded down, never below zero. A refund that names
    lines counts on those lines; the rest (a refund naming none) is spread over the goods left by largest
    remainder, in proportion to the goods only (shipping earns no commission and bears none of it)."""
    named = [min(max(line.refunded, 0), line.base) for line in lines]
    left = [line.base - n for line, n in zip(lines, named, strict=True)]
    unnamed = min(max(refunded_total - sum(named), 0), sum(left))
    shares = allocate(unnamed, left) if unnamed else [0] * len(lines)
    return [
        line.earned[tier - 1] * (line.base - n - share) // line.base if line.base > 0 else 0
        for line, n, share in zip(lines, named, shares, strict=True)
    ]


def remaining(commission: int, paid: int, refunded: int) -> int:
    """An order's commission as one line of ``paid`` goods once ``refunded`` came back (the report's view)."""
    return sum(kept([RefundLine(max(paid, 0), (max(commission, 0), 0))], refunded, 1))


@dataclass(frozen=True)
class EntrySpec:
    kind: Kind
    tier: int
    amount: int
    status: Literal["pending", "settled"]


def refund_entries(
    lines: Sequence[RefundLine], *, refunded_total: int, taken_before: tuple[int, int], settled: bool
) -> list[EntrySpec]:
    """The entries a refund writes, per tier: what the lines no longer keep, less what earlier refunds took
    (``taken_before``, from the ledger), so any sequence of refunds adds up exactly and nothing is taken twice
    or given back. A pending reversal before settlement (it cancels part of the pending commission), a settled
    clawback after it (it takes the balance down, below zero if need be: never capped)."""
    specs = []
    for tier in (1, 2):
        target = sum(line.earned[tier - 1] for line in lines) - sum(kept(lines, refunded_total, tier))
        taken = target - taken_before[tier - 1]
        if taken > 0:
            specs.append(
                EntrySpec("clawback" if settled else "reversal", tier, -taken, "settled" if settled else "pending")
            )
    return specs


def effect(amount: int, status: str) -> tuple[int, int]:
    """How an entry moves ``(balance, pending)``: a settled one the balance, a pending one the pending."""
    return (amount, 0) if status == "settled" else (0, amount)


@dataclass(frozen=True)
class CurrentBinding:
    promoter_id: str
    bound_at: datetime
    protected_until: datetime
    changes: int


def decide_binding(current: CurrentBinding | None, promoter_id: str, *, terms: Terms, at: datetime) -> BindingDecision:
    """First touch: the first promoter keeps the shopper. Last touch: a later touch by another promoter takes
    them, but not while the current binding is protected, nor past the shop's limit of changes, nor for a
    touch older than the binding (a late-delivered visit)."""
    if current is None:
        return "bind"
    if current.promoter_id == promoter_id or terms.binding_mode == "first":
        return "keep"
    if at < current.protected_until or at <= current.bound_at:
        return "keep"
    if current.changes >= terms.max_binding_changes:
        return "keep"
    return "rebind"


@dataclass(frozen=True)
class Person:
    customer_id: str
    phone: str | None = None
    identities: frozenset[str] = field(default_factory=frozenset)  # e.g. a WeChat unionid


def same_person(a: Person, b: Person) -> bool:
    """Promoter and buyer are one person: the same customer, the same phone, or a shared linked identity."""
    if a.customer_id == b.customer_id:
        return True
    if a.phone and a.phone == b.phone:
        return True
    return bool(a.identities & b.identities)


def withdrawal_refusal(amount: int, terms: Terms) -> str | None:
    """Why a withdrawal request is refused before any balance is touched (``None``: it may try)."""
    if amount < terms.min_withdrawal:
        return "below_minimum"
    if amount > terms.daily_withdrawal_limit:
        return "daily_limit"
    return None


def suspicious(orders: int, new_account_orders: int, refunded_orders: int) -> bool:
    """A pattern staff should look at: at least three orders, most from accounts new to the shop, and at
    least half of them refunded since (commission farming)."""
    return orders >= 3 and new_account_orders * 2 > orders and refunded_orders * 2 >= orders
