"""Shipping fee rules: stepped fees, region matching, same-city bands and radius."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shoal.checkout.errors import (
    InvalidShippingTemplate,
    OutsideDeliveryArea,
    ShippingUnavailable,
    UnknownShippingRegion,
)
from shoal.checkout.shipping import (
    Band,
    ShippingRule,
    express_fee,
    match_template,
    nearest_same_city,
    same_city_fee,
    stepped_fee,
    template_regions,
    validate_rule,
)


def test_per_piece_first_pieces_then_each_additional_piece() -> None:
    rule = ShippingRule(id="p", mode="per_piece", first_units=2, first_fee=1000, additional_units=1, additional_fee=300)
    assert [express_fee(rule, weight_grams=0, pieces=n) for n in (1, 2, 3, 5)] == [
        1000,
        1000,
        1300,
        1900,
    ]


@given(
    units=st.integers(0, 10**6),
    first=st.integers(0, 10**4),
    first_fee=st.integers(0, 10**5),
    step=st.integers(1, 10**4),
    step_fee=st.integers(0, 10**5),
)
def test_stepped_fee_never_drops_as_the_parcel_grows(units, first, first_fee, step, step_fee) -> None:
    kw = dict(first_units=first, first_fee=first_fee, additional_units=step, additional_fee=step_fee)
    assert 0 <= stepped_fee(units, **kw) <= stepped_fee(units + 1, **kw)


def test_a_named_region_beats_everywhere_and_unknown_regions_are_refused() -> None:
    everywhere = ShippingRule(id="a", mode="by_weight", first_units=1000, first_fee=1000)
    remote = ShippingRule(id="b", mode="by_weight", regions=("新疆", "西藏"), first_units=1000, first_fee=3000)
    assert match_template([everywhere, remote], "新疆") is remote
    assert match_template([everywhere, remote], "浙江") is everywhere
    with pytest.raises(ShippingUnavailable):
        match_template([remote], "浙江")


@pytest.mark.parametrize("address", ["浙江", "浙江省", " 浙江省 "])
@pytest.mark.parametrize("named", ["浙江", "浙江省"])
def test_a_province_matches_in_full_or_short(address: str, named: str) -> None:
    everywhere = ShippingRule(id="a", mode="by_weight", first_units=1000, first_fee=1000)
    zhejiang = ShippingRule(id="b", mode="by_weight", regions=(named,), first_units=1000, first_fee=500)
    assert match_template([everywhere, zhejiang], address) is zhejiang


def test_far_west_templates_in_short_names_price_the_divisions_full_names() -> None:
    everywhere = ShippingRule(id="a", mode="by_weight", first_units=1000, first_fee=800)
    far = ShippingRule(id="b", mode="by_weight", regions=("新疆", "西藏", "内蒙古"), first_units=1000, first_fee=1800)
    for province in ("新疆维吾尔自治区", "西藏自治区", "内蒙古自治区"):
        assert match_template([everywhere, far], province) is far
    assert match_template([everywhere, far], "上海市") is everywhere


def test_template_regions_are_stored_in_full_once_and_unknown_ones_refused() -> None:
    assert template_regions(["浙江", "浙江省", "上海", "新疆"]) == ["浙江省", "上海市", "新疆维吾尔自治区"]
    assert template_regions(["*"]) == ["*"]
    with pytest.raises(UnknownShippingRegion):
        template_regions(["浙江", "Zhejiang"])


def test_same_city_fee_by_band_and_refused_beyond_the_radius() -> None:
    rule = ShippingRule(
        id="c",
        mode="same_city",
        location_id="store",
        radius_metres=5000,
        bands=(Band(2000, 500), Band(5000, 900)),
    )
    assert same_city_fee(rule, distance_metres=1500) == 500
    assert same_city_fee(rule, distance_metres=4999) == 900
    with pytest.raises(OutsideDeliveryArea):
        same_city_fee(rule, distance_metres=5001)
    far = ShippingRule(id="d", mode="same_city", location_id="s2", radius_metres=3000, bands=(Band(3000, 100),))
    assert nearest_same_city([rule, far], {"c": 4000, "d": 3500}) == (rule, 4000)
    with pytest.raises(OutsideDeliveryArea):
        nearest_same_city([far], {"d": 3500})


def test_inconsistent_templates_are_refused() -> None:
    with pytest.raises(InvalidShippingTemplate):
        validate_rule(
            ShippingRule(id="x", mode="same_city", location_id="s", radius_metres=5000, bands=(Band(3000, 1),))
        )
    with pytest.raises(InvalidShippingTemplate):
        validate_rule(ShippingRule(id="x", mode="by_weight", additional_units=0))
    validate_rule(ShippingRule(id="x", mode="per_piece", first_units=1, first_fee=500))
