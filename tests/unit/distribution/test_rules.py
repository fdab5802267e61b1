"""Distribution's pure rules: commission exact to the fen, refunds, binding, self-purchase, and the ledger
invariants over random histories of orders, partial refunds, settlements and withdrawals (Hypothesis)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from shoal.distribution import rules

T0 = datetime(2026, 11, 30, 10, tzinfo=UTC)
TEN_PERCENT = [rules.RateRule("default", "", "", rules.Rate("percent", 1000, 300))]


def _line(i: int, amount: int, quantity: int = 1, product: str = "p-茶叶") -> rules.Line:
    return rules.Line(f"l{i}", product, quantity, amount, ("c-茶",))


def test_the_most_specific_rule_wins() -> None:
    table = [
        rules.RateRule("default", "", "", rules.Rate("percent", 500, 0)),
        rules.RateRule("category", "c-茶", "", rules.Rate("percent", 800, 0)),
        rules.RateRule("category", "c-茶", "gold", rules.Rate("percent", 900, 0)),
        rules.RateRule("product", "p-龙井", "", rules.Rate("fixed", 300, 100)),
    ]
    assert rules.pick_rate(table, _line(1, 100, product="p-龙井"), "gold") == rules.Rate("fixed", 300, 100)
    assert rules.pick_rate(table, _line(1, 100), "gold") == rules.Rate("percent", 900, 0)
    assert rules.pick_rate(table, _line(1, 100), None) == rules.Rate("percent", 800, 0)
    assert rules.pick_rate(table, rules.Line("x", "p-x", 1, 100), None) == rules.Rate("percent", 500, 0)
    assert rules.pick_rate([], _line(1, 100), None) is None


def test_commission_is_the_rounded_down_total_split_by_largest_remainder() -> None:
    lines = [_line(1, 3333), _line(2, 3333), _line(3, 3334)]  # 10% of ¥100.00 over three lines
    assert rules.commission_split(lines, TEN_PERCENT, None, 1) == [333, 333, 334]
    assert sum(rules.commission_split([_line(1, 999)], TEN_PERCENT, None, 1)) == 99  # 99.9 fen: down
    fixed = [rules.RateRule("default", "", "", rules.Rate("fixed", 500, 200))]
    assert rules.commission_split([_line(1, 12_900, quantity=3)], fixed, None, 2) == [600]
    assert rules.commission_split([_line(1, 300, quantity=1)], fixed, None, 1) == [300]  # never above the paid


@given(st.lists(st.integers(0, 10**7), min_size=1, max_size=8), st.integers(0, 5000))
def test_commission_never_exceeds_the_rate_and_lines_add_up(amounts: list[int], bp: int) -> None:
    table = [rules.RateRule("default", "", "", rules.Rate("percent", bp, bp))]
    split = rules.commission_split([_line(i, a) for i, a in enumerate(amounts)], table, None, 1)
    assert sum(split) * rules.BASIS <= bp * sum(amounts)
    assert (sum(split) + 1) * rules.BASIS > bp * sum(amounts)  # and it is the best such amount
    assert all(part >= 0 for part in split)


def test_refunds_reverse_before_and_claw_back_after_settlement() -> None:
    before = rules.refund_entries((1000, 300), paid=10_000, refunded_before=0, refunded_after=2_500, settled=False)
    assert before == [rules.EntrySpec("reversal", 1, -250, "pending"), rules.EntrySpec("reversal", 2, -75, "pending")]
    after = rules.refund_entries((1000, 0), paid=10_000, refunded_before=2_500, refunded_after=10_000, settled=True)
    assert after == [rules.EntrySpec("clawback", 1, -750, "settled")]


def test_binding_first_touch_keeps_and_last_touch_waits_for_protection() -> None:
    first, last = rules.Terms(binding_mode="first"), rules.Terms(binding_mode="last", max_binding_changes=1)
    bound = rules.CurrentBinding("张店长", T0, T0 + timedelta(days=15), changes=0)
    assert rules.decide_binding(None, "李姐", terms=first, at=T0) == "bind"
    assert rules.decide_binding(bound, "李姐", terms=first, at=T0 + timedelta(days=99)) == "keep"
    assert rules.decide_binding(bound, "李姐", terms=last, at=T0 + timedelta(days=3)) == "keep"
    assert rules.decide_binding(bound, "李姐", terms=last, at=T0 + timedelta(days=15)) == "rebind"
    assert rules.decide_binding(bound, "张店长", terms=last, at=T0 + timedelta(days=30)) == "keep"
    changed = rules.CurrentBinding("张店长", T0, T0, changes=1)
    assert rules.decide_binding(changed, "李姐", terms=last, at=T0 + timedelta(days=30)) == "keep"


def test_same_person_by_customer_phone_or_identity() -> None:
    me = rules.Person("c1", "13800138000", frozenset({"union-1"}))
    assert rules.same_person(me, rules.Person("c1"))
    assert rules.same_person(me, rules.Person("c2", "13800138000"))
    assert rules.same_person(me, rules.Person("c3", None, frozenset({"union-1"})))
    assert not rules.same_person(me, rules.Person("c4", "13900139000"))
    assert not rules.same_person(rules.Person("c5"), rules.Person("c6"))  # no phone is no match


def test_withdrawal_refusals_and_fraud_flag() -> None:
    terms = rules.Terms(min_withdrawal=1000, daily_withdrawal_limit=50_000)
    assert rules.withdrawal_refusal(999, terms) == "below_minimum"
    assert rules.withdrawal_refusal(50_001, terms) == "daily_limit"
    assert rules.withdrawal_refusal(1000, terms) is None
    assert rules.suspicious(orders=4, new_account_orders=3, refunded_orders=2)
    assert not rules.suspicious(orders=4, new_account_orders=1, refunded_orders=4)


@dataclass
class Entry:
    order: int | None
    kind: str
    amount: int
    status: str


@dataclass
class Order:
    paid: int
    commission: int
    refunded: int = 0
    settled: bool = False


@dataclass
class Book:
    """An in-memory ledger moved by the same rules the services apply (``rules.effect`` per entry)."""

    entries: list[Entry] = field(default_factory=list)
    orders: list[Order] = field(default_factory=list)
    balance: int = 0
    pending: int = 0

    def post(self, order: int | None, kind: str, amount: int, status: str) -> None:
        self.entries.append(Entry(order, kind, amount, status))
        d_balance, d_pending = rules.effect(amount, status)
        self.balance, self.pending = self.balance + d_balance, self.pending + d_pending

    def settle(self, index: int) -> None:
        self.orders[index].settled = True
        for entry in self.entries:
            if entry.order == index and entry.status == "pending":
                entry.status = "settled"
                self.balance, self.pending = self.balance + entry.amount, self.pending - entry.amount

    def refund(self, index: int, amount: int) -> list[rules.EntrySpec]:
        order = self.orders[index]
        after = min(order.refunded + amount, order.paid)
        specs = rules.refund_entries((order.commission, 0), paid=order.paid, refunded_before=order.refunded,
                                     refunded_after=after, settled=order.settled)  # fmt: skip
        for spec in specs:
            self.post(index, spec.kind, spec.amount, spec.status)
        order.refunded = after
        return specs


OPS = st.lists(
    st.one_of(
        st.tuples(st.just("order"), st.integers(1, 10**6)),
        st.tuples(st.just("refund"), st.integers(0, 20), st.integers(1, 10**6)),
        st.tuples(st.just("settle"), st.integers(0, 20), st.just(0)),
        st.tuples(st.just("withdraw"), st.integers(1, 10**5)),
    ),
    max_size=40,
)


@settings(max_examples=200)
@given(OPS, st.integers(1, 3000))
def test_ledger_invariants_over_random_histories(ops: list[tuple], bp: int) -> None:  # type: ignore[type-arg]
    book, table, clawed = Book(), [rules.RateRule("default", "", "", rules.Rate("percent", bp, 0))], 0
    for op in ops:
        if op[0] == "order":
            commission = sum(rules.commission_split([_line(0, op[1])], table, None, 1))
            book.orders.append(Order(op[1], commission))
            book.post(len(book.orders) - 1, "commission", commission, "pending")
        elif op[0] == "refund" and op[1] < len(book.orders):
            clawed += sum(-spec.amount for spec in book.refund(op[1], op[2]) if spec.kind == "clawback")
        elif op[0] == "settle" and op[1] < len(book.orders) and not book.orders[op[1]].settled:
            book.settle(op[1])
        elif op[0] == "withdraw" and book.balance >= op[1]:  # the guarded statement's condition
            book.post(None, "withdrawal", -op[1], "settled")
        assert book.balance == sum(e.amount for e in book.entries if e.status == "settled")
        assert book.pending == sum(e.amount for e in book.entries if e.status == "pending")
        net_paid = sum(o.paid - o.refunded for o in book.orders)
        earned = sum(e.amount for e in book.entries if e.order is not None)
        assert earned * rules.BASIS <= bp * net_paid  # never more than the rate of what was kept
        assert sum(e.amount for e in book.entries if e.kind == "clawback") == -clawed  # no clawback lost
        for index, order in enumerate(book.orders):  # each order's entries are what its refunds leave
            own = sum(e.amount for e in book.entries if e.order == index)
            assert own == rules.remaining(order.commission, order.paid, order.refunded)
