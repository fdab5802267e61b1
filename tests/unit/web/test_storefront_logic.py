"""The storefront's pure pieces: the coupon choice read from a form, the chooser and explanation rows, the home
page's banners and entrances, and the QR code drawn as one SVG path."""

from __future__ import annotations

from types import SimpleNamespace as NS

import segno
from starlette.datastructures import ImmutableMultiDict

from shoal.web.storefront import campaigns
from shoal.web.storefront.coupon_choice import MAX_COUPONS, chosen_coupons, coupon_options, outcomes
from shoal.web.storefront.qr import qr_path

BASE = "/shop/demo"


def test_no_marker_means_best_a_marker_without_boxes_means_none() -> None:
    assert chosen_coupons(ImmutableMultiDict([("coupon", "a")])) is None
    assert chosen_coupons(ImmutableMultiDict([("coupon_choice", "1")])) == []
    chosen = ImmutableMultiDict([("coupon_choice", "1"), ("coupon", "b"), ("coupon", "a"), ("coupon", "b")])
    assert chosen_coupons(chosen) == ["b", "a"]
    many = ImmutableMultiDict([("coupon_choice", "1")] + [("coupon", str(n)) for n in range(20)])
    assert len(chosen_coupons(many) or []) == MAX_COUPONS


def _explained(coupon_id: str | None, applied: bool, rule_id: str = "r", source: str = "coupon") -> NS:
    message = "why " + (coupon_id or rule_id)  # checkout's outcomes come in the shopper's language
    return NS(coupon_id=coupon_id, rule_id=rule_id, source=source, applied=applied, message=message,
              discount=500 if applied else 0)  # fmt: skip


def test_options_tick_what_the_best_applied_until_the_shopper_chooses() -> None:
    mine = [NS(id="a", name={"en": "A"}, status="available"), NS(id="b", name={"en": "B"}, status="available"),
            NS(id="used", name={"en": "U"}, status="used")]  # fmt: skip
    explanation = [_explained("a", True), _explained("b", False)]
    best = coupon_options(mine, explanation, None, "en")
    assert [(o.id, o.chosen, o.applied, o.discount) for o in best] == [("a", True, True, 500), ("b", False, False, 0)]
    assert best[1].message == "why b"
    chosen = coupon_options(mine, [_explained("b", False)], ["b"], "en")
    assert [(o.id, o.chosen, o.applied, o.message) for o in chosen] == [
        ("a", False, False, ""),
        ("b", True, False, "why b"),
    ]


def test_outcomes_name_each_rule_and_list_the_applied_first() -> None:
    explanation = [_explained(None, False, "p1", "promotion"), _explained("c1", True, "t1")]
    rows = outcomes(explanation, {"p1": {"en": "Spring sale"}, "c1": {"en": "¥5 off"}}, "en")
    assert [(r.name, r.applied, r.source) for r in rows] == [
        ("¥5 off", True, "coupon"),
        ("Spring sale", False, "promotion"),
    ]
    assert outcomes([_explained(None, True, "gone", "promotion")], {}, "en")[0].name == ""


def test_a_promotion_leads_to_its_one_product_or_category_else_the_new_arrivals() -> None:
    assert campaigns.promotion_href(BASE, {"product_ids": ["p"]}) == f"{BASE}/p/p"
    assert campaigns.promotion_href(BASE, {"category_ids": ["c"]}) == f"{BASE}/c/c"
    assert campaigns.promotion_href(BASE, {"category_ids": ["c", "d"]}) == f"{BASE}#new"
    assert campaigns.promotion_href(BASE, {}) == f"{BASE}#new"


def test_banners_and_entrances() -> None:
    promotions = [NS(name={"en": f"P{n}"}, condition={}) for n in range(5)]
    coupons = [NS(name={"en": "C"})]
    strip = campaigns.banners(BASE, promotions, coupons, "en")
    assert [b.kind for b in strip] == ["promotion"] * 3 + ["coupons"]
    assert [b.tone for b in strip] == [0, 1, 2, 3] and strip[-1].href == f"{BASE}/coupons"
    assert [b.kind for b in campaigns.banners(BASE, [], [], "en")] == ["welcome"]
    tiles = campaigns.entrances(BASE, promotions, coupons, "en")
    assert len(tiles) == campaigns.MAX_ENTRANCES and tiles[0].kind == "coupon" and tiles[1].title == "P0"


def test_qr_path_draws_exactly_the_dark_modules() -> None:
    link = "https://shop.example/shop/demo/p/0192f0c0-0000-7000-8000-00000000beaf"
    path, size = qr_path(link)
    drawn = set()
    for run in path.split("M")[1:]:
        x, rest = run.split(" ", 1)
        y, length = rest.split("h", 1)
        drawn |= {(int(x) + n, int(y)) for n in range(int(length.split("v")[0]))}
    matrix = list(segno.make(link, error="m", micro=False).matrix_iter(border=2))
    assert size == len(matrix)
    assert drawn == {(x, y) for y, row in enumerate(matrix) for x, dark in enumerate(row) if dark}
