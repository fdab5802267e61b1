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
    one = [rules.RefundLine(10_000, (1000, 300))]
    before = rules.refund_entries(one, refunded_total=2_500, taken_before=(0, 0), settled=False)
    assert before == [rules.EntrySpec("reversal", 1, -250, "pending"), rules.EntrySpec("reversal", 2, -75, "pending")]
    after = rules.refund_entries(one, refunded_total=10_000, taken_before=(250, 75), settled=True)
    assert after == [rules.EntrySpec("clawback", 1, -750, "settled"), rules.EntrySpec("clawback", 2, -225, "settled")]


def test_a_refund_naming_a_line_takes_back_that_line_and_unnamed_ones_the_goods() -> None:
    tea, cup = rules.RefundLine(9_990, (999, 0)), rules.RefundLine(4_995, (499, 0), refunded=4_995)
    assert rules.kept([tea, cup], 4_995, 1) == [999, 0]  # the cup named: the tea keeps all of its own
    assert rules.kept([tea, cup], 4_995 + 3_330, 1) == [666, 0]  # a third of the tea's goods, unnamed
    assert rules.kept([tea, cup], 9_990 + 4_995 + 800, 1) == [0, 0]  # shipping refunded too: never below zero


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
    tier: int = 1


@dataclass
class Order:
    lines: list[rules.RefundLine]  # each line's goods, its commission and what refunds named it
    shipping: int
    refunded: int = 0
    settled: bool = False

    @property
    def paid(self) -> int:
        return sum(line.base for line in self.lines) + self.shipping


@dataclass
class Book:
    """An in-memory ledger moved by the same rules the services apply (``rules.effect`` per entry)."""

    entries: list[Entry] = field(default_factory=list)
    orders: list[Order] = field(default_factory=list)
    balance: int = 0
    pending: int = 0

    def post(self, order: int | None, kind: str, amount: int, status: str, tier: int = 1) -> None:
        self.entries.append(Entry(order, kind, amount, status, tier))
        d_balance, d_pending = rules.effect(amount, status)
        self.balance, self.pending = self.balance + d_balance, self.pending + d_pending

    def settle(self, index: int) -> None:
        self.orders[index].settled = True
        for entry in self.entries:
            if entry.order == index and entry.status == "pending":
                entry.status = "settled"
                self.balance, self.pending = self.balance + entry.amount, self.pending - entry.amount

    def refund(self, index: int, amount: int, line: int | None) -> list[rules.EntrySpec]:
        """A refund of ``amount``, naming one of the order's lines (up to what is left of it) or none."""
        order = self.orders[index]
        amount = min(amount, order.paid - order.refunded)
        if line is not None and line < len(order.lines):
            named = order.lines[line]
            amount = min(amount, named.base - named.refunded)
            order.lines[line] = rules.RefundLine(named.base, named.earned, named.refunded + amount)
        order.refunded += amount
        taken = tuple(-sum(e.amount for e in self.entries if e.order == index and e.tier == t and e.amount < 0
                           and e.kind != "withdrawal") for t in (1, 2))  # fmt: skip
        specs = rules.refund_entries(order.lines, refunded_total=order.refunded, settled=order.settled,
                                     taken_before=(taken[0], taken[1]))  # fmt: skip
        for spec in specs:
            self.post(index, spec.kind, spec.amount, spec.status, spec.tier)
        return specs


OPS = st.lists(
    st.one_of(
        st.tuples(st.just("order"), st.lists(st.integers(1, 10**6), min_size=1, max_size=3), st.integers(0, 2000)),
        st.tuples(st.just("refund"), st.integers(0, 20), st.integers(1, 10**6), st.none() | st.integers(0, 2)),
        st.tuples(st.just("settle"), st.integers(0, 20)),
        st.tuples(st.just("withdraw"), st.integers(1, 10**5)),
    ),
    max_size=40,
)


@settings(max_examples=200)
@given(OPS, st.integers(1, 3000))
def test_ledger_invariants_over_random_histories(ops: list[tuple], bp: int) -> None:  # type: ignore[type-arg]
    """Orders of one to three lines plus shipping; refunds naming a line (as after-sales ones do) or none."""
    book, table, clawed = Book(), [rules.RateRule("default", "", "", rules.Rate("percent", bp, bp // 3))], 0
    for op in ops:
        if op[0] == "order":
            lines = [_line(i, amount) for i, amount in enumerate(op[1])]
            split1, split2 = (rules.commission_split(lines, table, None, tier) for tier in (1, 2))
            refundable = [rules.RefundLine(line.amount, (one, two))
                          for line, one, two in zip(lines, split1, split2, strict=True)]  # fmt: skip
            book.orders.append(Order(refundable, op[2]))
            book.post(len(book.orders) - 1, "commission", sum(split1), "pending", 1)
            book.post(len(book.orders) - 1, "commission", sum(split2), "pending", 2)
        elif op[0] == "refund" and op[1] < len(book.orders):
            clawed += sum(-spec.amount for spec in book.refund(op[1], op[2], op[3]) if spec.kind == "clawback")
        elif op[0] == "settle" and op[1] < len(book.orders) and not book.orders[op[1]].settled:
            book.settle(op[1])
        elif op[0] == "withdraw" and book.balance >= op[1]:  # the guarded statement's condition
            book.post(None, "withdrawal", -op[1], "settled")
        assert book.balance == sum(e.amount for e in book.entries if e.status == "settled")
        assert book.pending == sum(e.amount for e in book.entries if e.status == "pending")
        assert sum(e.amount for e in book.entries if e.kind == "clawback") == -clawed  # no clawback lost
        for index, order in enumerate(book.orders):  # each order's entries are what its lines keep
            goods = sum(line.base for line in order.lines)
            goods_left = goods - min(order.refunded, goods)
            for tier, rate in ((1, bp), (2, bp // 3)):
                own = sum(e.amount for e in book.entries if e.order == index and e.tier == tier)
                kept = rules.kept(order.lines, order.refunded, tier)
                earned = [line.earned[tier - 1] for line in order.lines]
                assert own == sum(kept) and all(0 <= k <= e for k, e in zip(kept, earned, strict=True))
                # never more than the rate of the goods kept (shipping earns nothing), but for under a fen per
                # line from splitting the order's commission over its lines at payment
                assert own * rules.BASIS <= rate * goods_left + (
                    rules.BASIS * len(order.lines) if order.refunded else 0
                )
