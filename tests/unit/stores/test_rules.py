"""Store stock as shoppers see it, and ship-from-store routing by distance and coverage (pure rules)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from shoal.inventory.rules import Candidate, covers, haversine_metres, plan_fulfilment
from shoal.stores.rules import (
    IN_STOCK,
    LOW,
    NONE,
    StoreStock,
    city_centre,
    nearest_with_stock,
    rank,
    stock_level,
)

PEOPLES_SQUARE = (31.2304, 121.4737)  # 上海人民广场
XUJIAHUI = (31.1950, 121.4370)  # 上海徐家汇, about 5.2 km away
WEST_LAKE = (30.2590, 120.1490)  # 杭州西湖, about 165 km away


def _store(location_id: str, city: str, at: tuple[float, float] | None, available: int, **kw: int) -> StoreStock:
    lat, lng = at if at else (None, None)
    return StoreStock(location_id, city, lat, lng, kw.get("priority", 100), available, kw.get("threshold"))


def test_haversine_across_shanghai_and_to_hangzhou() -> None:
    assert 4_800 < haversine_metres(PEOPLES_SQUARE, XUJIAHUI) < 5_600
    assert 160_000 < haversine_metres(PEOPLES_SQUARE, WEST_LAKE) < 170_000


@given(st.integers(-5, 1_000), st.one_of(st.none(), st.integers(0, 50)))
def test_level_is_none_low_or_in_stock_by_the_rows_threshold(available: int, threshold: int | None) -> None:
    level = stock_level(available, threshold)
    if available <= 0:
        assert level == NONE
    else:
        assert level == (LOW if available <= (3 if threshold is None else threshold) else IN_STOCK)


def test_nearest_with_stock_skips_an_empty_nearer_store() -> None:
    stores = [
        _store("hz", "杭州市", WEST_LAKE, 20),
        _store("xjh", "上海市", XUJIAHUI, 0),
        _store("far", "上海市", None, 9, priority=1),
        _store("psq", "上海市", (31.2300, 121.4700), 2),
    ]
    ranked = rank(stores, PEOPLES_SQUARE)
    assert [r.store.location_id for r in ranked] == ["psq", "xjh", "hz", "far"]
    assert ranked[0].level == LOW and ranked[-1].distance_metres is None
    nearest = nearest_with_stock(ranked, located=True)
    assert nearest is not None and nearest.store.location_id == "psq"
    assert nearest_with_stock(rank(stores), located=False) is None


def test_a_city_alone_puts_its_stores_first_and_measures_from_their_middle() -> None:
    stores = [_store("hz", "杭州市", WEST_LAKE, 5), _store("a", "上海市", XUJIAHUI, 0), _store("b", "上海市", None, 0)]
    assert city_centre(stores, "上海市") == XUJIAHUI and city_centre(stores, "北京市") is None
    ranked = rank(stores, city="上海市")
    assert [r.store.location_id for r in ranked] == ["a", "b", "hz"]
    nearest = nearest_with_stock(ranked, located=True)
    assert nearest is not None and nearest.store.location_id == "hz" and nearest.distance_metres > 160_000


def test_coverage_codes_take_in_provinces_cities_and_districts() -> None:
    assert (
        covers("33", "330106")
        and covers("3301", "330106")
        and covers("330000", "330106")
        and covers("330100", "330106")
    )
    assert covers("330106", "330106") and not covers("3301", "330206") and not covers("31", "330106")
    assert covers("4419", "441900003")  # 东莞: towns under a city without districts


def _at(location_id: str, kind: str, at: tuple[float, float] | None, v1: int, coverage: tuple[str, ...] = ()):
    lat, lng = at if at else (None, None)
    return Candidate(location_id, kind, 10, {"v1": v1}, lat, lng, coverage)


def test_routing_prefers_the_region_assigned_location_then_the_nearest_store_then_the_warehouse() -> None:
    candidates = [
        _at("wh", "warehouse", None, 100),
        _at("store", "store", XUJIAHUI, 5),
        _at("dealer", "dealer", WEST_LAKE, 5, ("3301",)),
        _at("dealer-sh", "dealer", WEST_LAKE, 5),  # no region: never ships the shop's orders
    ]
    in_hangzhou = plan_fulfilment([("v1", 2)], candidates, PEOPLES_SQUARE, region_code="330106")
    assert in_hangzhou is not None and in_hangzhou.location_ids == ["dealer"]
    in_shanghai = plan_fulfilment([("v1", 2)], candidates, PEOPLES_SQUARE, region_code="310101")
    assert in_shanghai is not None and in_shanghai.location_ids == ["store"]
    too_many = plan_fulfilment([("v1", 6)], candidates, PEOPLES_SQUARE, region_code="310101")
    assert too_many is not None and too_many.location_ids == ["wh"]
    unknown_region = plan_fulfilment([("v1", 2)], candidates[2:], PEOPLES_SQUARE)
    assert unknown_region is None


points = st.tuples(st.floats(29.0, 32.0), st.floats(119.0, 122.0))


@given(st.lists(st.tuples(points, st.integers(0, 5)), min_size=1, max_size=12), points)
def test_no_store_with_stock_is_nearer_than_the_nearest(stores: list, origin: tuple[float, float]) -> None:  # type: ignore[type-arg]
    ranked = rank([_store(f"s{i}", "上海市", at, units) for i, (at, units) in enumerate(stores)], origin)
    distances = [r.distance_metres for r in ranked]
    assert distances == sorted(distances)
    nearest = nearest_with_stock(ranked, located=True)
    stocked = [r.distance_metres for r in ranked if r.store.available > 0]
    assert (nearest is None) == (not stocked)
    assert nearest is None or nearest.distance_metres == min(stocked)
