"""Catalog rules: variant generation, SKUs, handles, channel price resolution, search, the category tree."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from shoal.catalog import rules
from shoal.catalog.rules import PriceEntry

values = st.lists(st.text(min_size=1, max_size=4), min_size=1, max_size=4, unique=True)


@given(st.lists(values, max_size=3))
def test_combinations_are_the_full_cartesian_product_in_stable_order(options: list[list[str]]) -> None:
    combos = rules.generate_option_combinations(options)
    assert len(combos) == math.prod(len(v) for v in options)
    assert len({tuple(c) for c in combos}) == len(combos)
    assert combos == rules.generate_option_combinations(options)
    assert combos == sorted(combos, key=lambda c: rules.option_value_indices(options, c))


def test_colour_by_size_varies_the_last_option_fastest() -> None:
    combos = rules.generate_option_combinations([["红", "蓝"], ["S", "M"]])
    assert combos == [["红", "S"], ["红", "M"], ["蓝", "S"], ["蓝", "M"]]


def test_no_options_give_one_default_variant() -> None:
    assert rules.generate_option_combinations([]) == [[]]
    assert rules.generated_sku("TEA", []) == "TEA"


@given(st.lists(values, min_size=1, max_size=3))
def test_generated_skus_are_unique(options: list[list[str]]) -> None:
    combos = rules.generate_option_combinations(options)
    skus = [rules.generated_sku("B", rules.option_value_indices(options, c)) for c in combos]
    assert len(set(skus)) == len(skus)


def test_combination_problem_names_what_is_wrong() -> None:
    assert rules.combination_problem([["S", "M"]], ["S"]) is None
    assert "expected 1" in (rules.combination_problem([["S", "M"]], []) or "")
    assert "'XL'" in (rules.combination_problem([["S", "M"]], ["XL"]) or "")


def test_slugify_keeps_chinese_and_folds_accents() -> None:
    assert rules.slugify("West Lake  Longjing!") == "west-lake-longjing"
    assert rules.slugify("Café au lait") == "cafe-au-lait"
    assert rules.slugify("西湖 龙井") == "西湖-龙井"
    assert rules.slugify("a_b--c") == "a-b-c"


@given(st.text(max_size=200))
def test_slugify_makes_valid_handles_or_nothing(text: str) -> None:
    slug = rules.slugify(text)
    assert slug == "" or rules.is_valid_handle(slug)
    assert rules.slugify(slug) == slug


def test_invalid_handles() -> None:
    assert not rules.is_valid_handle("Has Caps")
    assert not rules.is_valid_handle("-lead")
    assert not rules.is_valid_handle("a/b")
    assert not rules.is_valid_handle("")
    assert rules.is_valid_handle("green-tea-2026")


def test_price_resolution_prefers_the_most_specific_entry() -> None:
    entries = [
        PriceEntry("online", None, 900),
        PriceEntry("online", "vip", 800),
        PriceEntry("store:sh", None, 950),
    ]
    assert rules.resolve_price(1000, entries, "online", "vip") == 800
    assert rules.resolve_price(1000, entries, "online", "gold") == 900
    assert rules.resolve_price(1000, entries, "online") == 900
    assert rules.resolve_price(1000, entries, "store:sh", "vip") == 950
    assert rules.resolve_price(1000, entries, "dealer:a", "vip") == 1000


channels = st.sampled_from(["online", "store:a", "dealer:x"])
groups = st.sampled_from([None, "vip", "staff"])
entry_lists = st.lists(st.builds(PriceEntry, channels, groups, st.integers(0, 10**6)), max_size=8).map(
    lambda es: list({(e.channel, e.customer_group): e for e in es}.values())
)


@given(st.integers(0, 10**6), entry_lists, channels, groups)
def test_resolution_follows_the_precedence(
    base: int, entries: list[PriceEntry], channel: str, group: str | None
) -> None:
    price = rules.resolve_price(base, entries, channel, group)
    exact = [e.price for e in entries if e.channel == channel and group is not None and e.customer_group == group]
    any_group = [e.price for e in entries if e.channel == channel and e.customer_group is None]
    assert price == (exact or any_group or [base])[0]


@given(st.integers(0, 10**6), entry_lists, entry_lists, channels, groups)
def test_other_channels_never_matter(
    base: int, entries: list[PriceEntry], noise: list[PriceEntry], channel: str, group: str | None
) -> None:
    mine = [e for e in entries if e.channel == channel]
    others = [e for e in noise if e.channel != channel]
    assert rules.resolve_price(base, mine + others, channel, group) == rules.resolve_price(base, mine, channel, group)


def test_localised_falls_back_to_the_stored_text() -> None:
    translations = {"en": {"name": "Longjing"}}
    assert rules.localised("龙井", "好茶", translations, "en") == ("Longjing", "好茶")
    assert rules.localised("龙井", "好茶", translations, "zh-CN") == ("龙井", "好茶")
    assert rules.names_by_locale("龙井", translations, "zh-CN") == {"zh-CN": "龙井", "en": "Longjing"}


def test_category_cycles_are_detected() -> None:
    parents = {"a": None, "b": "a", "c": "b"}
    assert rules.would_create_cycle(parents, "a", "c")
    assert rules.would_create_cycle(parents, "b", "b")
    assert not rules.would_create_cycle(parents, "c", "a")
    assert not rules.would_create_cycle(parents, "b", None)


def test_build_tree_nests_children_in_order() -> None:
    rows = [
        {"id": "a", "parent_id": None},
        {"id": "b", "parent_id": "a"},
        {"id": "c", "parent_id": "a"},
        {"id": "d", "parent_id": "zzz"},
    ]
    tree = rules.build_tree(rows)
    assert [n["id"] for n in tree] == ["a", "d"]
    assert [n["id"] for n in tree[0]["children"]] == ["b", "c"]
