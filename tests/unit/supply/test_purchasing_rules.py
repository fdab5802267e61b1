"""Pure purchasing rules: the status after a receipt, open quantities and merged receipt lines."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from shoal.supply import rules

LINES = st.lists(st.tuples(st.integers(1, 100), st.integers(0, 150)), min_size=1, max_size=10)


@given(LINES)
def test_an_order_is_received_exactly_when_no_line_is_open(lines: list[tuple[int, int]]) -> None:
    status = rules.after_receipt(lines)
    assert (status == "received") == all(rules.open_quantity(q, r) == 0 for q, r in lines)


@given(st.lists(st.tuples(st.sampled_from("abc"), st.integers(1, 9)), max_size=20))
def test_merged_lines_keep_every_unit_once_in_one_order(lines: list[tuple[str, int]]) -> None:
    merged = rules.merge_lines(lines)
    assert [v for v, _ in merged] == sorted({v for v, _ in lines})
    assert sum(q for _, q in merged) == sum(q for _, q in lines)


def test_transitions_name_where_each_action_may_start() -> None:
    assert rules.TRANSITIONS["cancel"][0] == ("draft", "sent")
    assert "received" in rules.TRANSITIONS["close"][0] and "draft" not in rules.TRANSITIONS["close"][0]
