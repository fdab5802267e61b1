"""An error names the kind of object in the reader's language ("找不到该商品规格", not "找不到该variant"),
while the problem body keeps the kind's code for clients."""

from __future__ import annotations

import re
from pathlib import Path

from shoal.core.errors import InvalidState, NotFound
from shoal.core.labels import ENTITIES

SRC = Path(__file__).resolve().parents[3] / "src" / "shoal"
LATIN = re.compile(r"[A-Za-z]")
# Every way a kind of object reaches an error message: NotFound("kind"), entity="kind" (NotFound, InvalidState,
# set_status), a references finder (its kind is the NotFound of require), a default entity argument.
NAMED = re.compile(r'NotFound\("([^"]+)"|\bentity="([^"]+)"|@finds\("([^"]+)"\)|entity: str = "([^"]+)"')


def test_not_found_reads_naturally_in_both_languages_and_keeps_the_code() -> None:
    error = NotFound("variant", variant_id="v-1")
    assert error.render("zh-CN") == "找不到该商品规格，请检查 ID 和所属商户。"
    assert error.render("en") == "No product variant with that id exists here. Check the id and the tenant."
    problem = error.problem("zh-CN")
    assert (problem["entity"], problem["variant_id"]) == ("variant", "v-1")


def test_an_invalid_state_names_the_object_in_words() -> None:
    message = InvalidState(action="publish", entity="coupon_template", state="active").render("zh-CN")
    assert message == "优惠券当前状态为进行中，不能发布。" and not LATIN.search(message)
    assert "coupon template" in InvalidState(action="publish", entity="coupon_template", state="active").render("en")


def test_every_kind_an_error_can_name_has_words_in_both_languages() -> None:
    named: set[str] = set()
    for path in SRC.rglob("*.py"):
        named |= {kind for match in NAMED.findall(path.read_text(encoding="utf-8")) for kind in match if kind}
    assert {"variant", "order", "coupon_template", "location", "category"} <= named
    assert sorted(named - set(ENTITIES)) == []
    for kind, words in ENTITIES.items():
        assert set(words) == {"zh-CN", "en"}, kind
        assert not LATIN.search(words["zh-CN"]), kind
        assert "_" not in words["en"], kind
