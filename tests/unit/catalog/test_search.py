"""What product search stores and how a query becomes patterns: words, pinyin, description text, codes."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from shoal.catalog import search
from shoal.catalog.search import CategoryWords, SearchSource


def test_search_text_holds_words_pinyin_codes_and_description_text() -> None:
    text = search.search_text(
        SearchSource(
            names=("白牡丹", "White Peony"),
            tags=("白茶",),
            category_names=("茶叶", "Tea"),
            skus=("BMD-1",),
            barcodes=(None, "690123"),
            descriptions=("<p>产自<b>福鼎</b> &amp; 太姥山</p><style>p{}</style>", ""),
        )
    )
    lines = text.split("\n")
    assert {"白牡丹", "white peony", "白茶", "茶叶", "tea", "bmd-1", "690123"} <= set(lines)
    assert {"baimudan", "bmd", "baicha", "bc", "chaye", "cy"} <= set(lines)
    assert "产自 福鼎 & 太姥山" in lines
    assert "<" not in text and "p{}" not in text
    assert len(lines) == len(set(lines))


def test_pinyin_forms_only_for_chinese_and_keep_other_characters() -> None:
    assert search.pinyin_forms("Glass Cup") == []
    assert search.pinyin_forms("重庆小面 2 人份") == ["chongqingxiaomian2renfen", "cqxm2rf"]


def test_like_patterns_are_one_per_distinct_word_escaped_and_folded() -> None:
    assert search.like_patterns("50%_off") == ["%50\\%\\_off%"]
    assert search.like_patterns(" TEA  ＢＭＤ tea ") == ["%tea%", "%bmd%"]
    assert search.like_patterns("   ") == []
    assert len(search.like_patterns(" ".join(f"w{i}" for i in range(20)))) == search.MAX_TERMS


def test_a_product_is_found_by_its_categories_and_their_ancestors() -> None:
    categories = {
        "tea": CategoryWords(parent_id=None, names=("茶叶", "Tea")),
        "white": CategoryWords(parent_id="tea", names=("白茶",)),
        "loop": CategoryWords(parent_id="loop", names=("环",)),
    }
    assert search.category_names(categories, ["white"]) == ["白茶", "茶叶", "Tea"]
    assert search.category_names(categories, ["white", "tea", "gone"]) == ["白茶", "茶叶", "Tea"]
    assert search.category_names(categories, ["loop"]) == ["环"]


def test_subtree_holds_the_root_and_everything_below_it() -> None:
    parents = {"tea": None, "white": "tea", "needle": "white", "cups": None}
    assert search.subtree(parents, "tea") == {"tea", "white", "needle"}
    assert search.subtree(parents, "cups") == {"cups"}


@given(st.text(max_size=40))
def test_every_word_of_a_query_is_in_the_text_of_a_name_it_was_taken_from(name: str) -> None:
    """Text and query are folded alike (NFKC, lowercase, spaces), so a name always finds itself."""
    text = search.search_text(SearchSource(names=(name,)))
    patterns = search.like_patterns(name)
    assert len(patterns) == min(search.MAX_TERMS, len(dict.fromkeys(search.normalise(name).split())))
    for word in search.normalise(name).split():
        assert word in text
