"""Pure inventory rules: lock order, ledger arithmetic, distances and the fulfilment plan."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from shoal.inventory.rules import (
    Candidate,
    ReserveLine,
    haversine_metres,
    is_low_stock,
    ledger_totals,
    lock_order,
    plan_fulfilment,
)

SHANGHAI = (Decimal("31.230400"), Decimal("121.473700"))
HANGZHOU = (Decimal("30.274100"), Decimal("120.155100"))
BEIJING = (Decimal("39.904200"), Decimal("116.407400"))

variants = st.sampled_from(["v1", "v2", "v3", "v4"])
locations = st.sampled_from(["a", "b", "c", "d", "e"])


def test_haversine_shanghai_to_beijing_is_about_1070_km() -> None:
    assert 1_060_000 < haversine_metres(SHANGHAI, BEIJING) < 1_075_000
    assert haversine_metres(SHANGHAI, SHANGHAI) == 0


@given(st.lists(st.builds(ReserveLine, variants, locations, st.integers(1, 50)), max_size=20))
def test_lock_order_is_sorted_merged_and_keeps_every_unit(lines: list[ReserveLine]) -> None:
    ordered = lock_order(lines)
    keys = [(x.variant_id, x.location_id) for x in ordered]
    assert keys == sorted(set(keys))
    assert sum(x.quantity for x in ordered) == sum(x.quantity for x in lines)


@given(st.lists(st.tuples(st.integers(-100, 100), st.integers(-100, 100)), max_size=30))
def test_ledger_totals_sum_each_column(deltas: list[tuple[int, int]]) -> None:
    assert ledger_totals(deltas) == (sum(d[0] for d in deltas), sum(d[1] for d in deltas))


def _store(location_id: str, at: tuple[Decimal, Decimal], **available: int) -> Candidate:
    return Candidate(location_id, "store", 10, available, *at)


def test_nearest_store_with_everything_wins() -> None:
    candidates = [
        _store("bj", BEIJING, v1=5),
        _store("hz", HANGZHOU, v1=5),
        Candidate("wh", "warehouse", 1, {"v1": 100}),
    ]
    plan = plan_fulfilment([("v1", 2)], candidates, SHANGHAI)
    assert plan is not None and plan.location_ids == ["hz"]


def test_store_without_the_whole_order_is_skipped_for_the_best_warehouse() -> None:
    candidates = [
        _store("hz", HANGZHOU, v1=5),
        Candidate("wh2", "warehouse", 2, {"v1": 9, "v2": 9}),
        Candidate("wh1", "warehouse", 1, {"v1": 9, "v2": 9}),
        Candidate("dealer", "dealer", 0, {"v1": 99, "v2": 99}),
    ]
    plan = plan_fulfilment([("v1", 2), ("v2", 1)], candidates, SHANGHAI)
    assert plan is not None and plan.location_ids == ["wh1"]


def test_without_split_an_order_nobody_holds_whole_is_unfulfillable() -> None:
    candidates = [Candidate("w1", "warehouse", 1, {"v1": 3}), Candidate("w2", "warehouse", 2, {"v2": 3})]
    assert plan_fulfilment([("v1", 1), ("v2", 1)], candidates) is None
    plan = plan_fulfilment([("v1", 1), ("v2", 1)], candidates, split=True)
    assert plan is not None and sorted(plan.location_ids) == ["w1", "w2"]


def test_split_prefers_the_location_covering_most_units() -> None:
    candidates = [
        Candidate("small", "warehouse", 1, {"v1": 1}),
        Candidate("big", "warehouse", 2, {"v1": 4, "v2": 2}),
        Candidate("other", "warehouse", 3, {"v2": 5}),
    ]
    plan = plan_fulfilment([("v1", 5), ("v2", 2)], candidates, split=True)
    assert plan is not None and plan.location_ids == ["big", "small"]


candidate_lists = st.lists(
    st.builds(
        Candidate,
        st.uuids().map(str),
        st.sampled_from(["store", "warehouse"]),
        st.integers(0, 5),
        st.dictionaries(variants, st.integers(0, 10)),
        st.decimals(-80, 80, places=6),
        st.decimals(-170, 170, places=6),
    ),
    max_size=6,
    unique_by=lambda c: c.location_id,
)
order_lines = st.lists(st.tuples(variants, st.integers(1, 12)), min_size=1, max_size=5)


@given(order_lines, candidate_lists, st.booleans(), st.one_of(st.none(), st.just(SHANGHAI)))
def test_a_plan_covers_exactly_the_order_within_what_is_available(lines, candidates, split, destination) -> None:
    plan = plan_fulfilment(lines, candidates, destination, split=split)
    wanted: dict[str, int] = defaultdict(int)
    for variant_id, quantity in lines:
        wanted[variant_id] += quantity
    if plan is None:
        return
    taken: dict[str, int] = defaultdict(int)
    per_location: dict[tuple[str, str], int] = defaultdict(int)
    for a in plan.allocations:
        assert a.quantity > 0
        taken[a.variant_id] += a.quantity
        per_location[(a.location_id, a.variant_id)] += a.quantity
    assert taken == wanted
    by_id = {c.location_id: c for c in candidates}
    for (location_id, variant_id), quantity in per_location.items():
        assert quantity <= by_id[location_id].available.get(variant_id, 0)
    if not split:
        assert len(plan.location_ids) == 1


@given(order_lines, candidate_lists)
def test_a_single_location_holding_everything_is_always_found(lines, candidates) -> None:
    whole = [c for c in candidates if all(c.available.get(v, 0) >= q for v, q in _merged(lines).items())]
    assert (plan_fulfilment(lines, candidates) is not None) == bool(whole)


def _merged(lines: list[tuple[str, int]]) -> dict[str, int]:
    totals: dict[str, int] = defaultdict(int)
    for variant_id, quantity in lines:
        totals[variant_id] += quantity
    return totals


def test_a_row_is_low_at_or_below_its_threshold_and_never_without_one() -> None:
    assert [is_low_stock(available, 3) for available in (0, 3, 4)] == [True, True, False]
    assert is_low_stock(0, None) is False and is_low_stock(0, 0) is True
