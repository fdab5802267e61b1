"""The national divisions shipped with the package: three levels whose codes name their whole chain."""

from __future__ import annotations

import pytest

from shoal.customers import regions
from shoal.customers.errors import UnknownRegion


def test_every_district_code_names_its_city_and_province() -> None:
    assert len(regions.provinces()) == 31
    districts = 0
    for province in regions.provinces():
        for city in regions.children(province.code):
            assert len(city.code) == 4 and regions.place_of(city.code) is None
            for district in regions.children(city.code):
                place = regions.place_of(district.code)
                assert place is not None and (place.province, place.city, place.district) == (province, city, district)
                districts += 1
    assert districts > 2800


def test_municipalities_read_as_people_write_them() -> None:
    place = regions.find("北京市", "北京市", "朝阳区")
    assert isinstance(place, regions.Place) and place.district.code == "110105"
    assert regions.place_of("441900003") is not None  # 东莞 has towns, not districts
    short = regions.find("浙江", "杭州", "西湖区")  # as people often write them
    assert isinstance(short, regions.Place) and (short.province.name, short.city.name) == ("浙江省", "杭州市")


def test_a_district_must_be_in_its_city_and_a_code_must_match_its_names() -> None:
    assert regions.located("浙江省", "杭州市", "西湖区", None).district.code == "330106"
    assert regions.located("浙江省", "杭州市", "西湖区", "330106").city.name == "杭州市"
    for args, field in [
        (("浙江省", "宁波市", "西湖区", None), "district"),
        (("浙江省", "广州市", "天河区", None), "city"),
        (("Zhejiang", "杭州市", "西湖区", None), "province"),
        (("浙江省", "杭州市", "上城区", "330106"), "district"),
        (("浙江省", "杭州市", "西湖区", "330199"), "region_code"),
    ]:
        with pytest.raises(UnknownRegion) as refused:
            regions.located(*args)
        assert refused.value.params["field"] == field
