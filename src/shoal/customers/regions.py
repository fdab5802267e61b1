"""China's administrative divisions (省 / 市 / 区县), shipped with the package, for address pickers and checks.

``data/regions.json`` holds the three levels with their GB/T 2260 codes (its ``source`` and ``licence`` say where
they come from): a province's code has 2 digits, a city's 4, a district's 6 (or 9 for the towns of a city without
counties, such as 东莞). A district's code names its whole chain (``place_of``), so an address keeps the names
people read with the code that proves they belong together.

Pure lookups over data read once; no database.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from shoal.customers.errors import UnknownRegion


@dataclass(frozen=True, slots=True)
class Region:
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class Place:
    """A district with the city and province it belongs to."""

    province: Region
    city: Region
    district: Region


@dataclass(frozen=True, slots=True)
class _Index:
    provinces: tuple[Region, ...]
    children: dict[str, tuple[Region, ...]]  # province code -> cities, city code -> districts
    names: dict[str, str]  # any code -> its name
    parents: dict[str, str]  # a city's or district's code -> its parent's


@cache
def _index() -> _Index:
    document: dict[str, Any] = json.loads(files("shoal.customers").joinpath("data/regions.json").read_text("utf-8"))
    provinces, children, names, parents = [], {}, {}, {}
    for province_code, province_name, cities in document["provinces"]:
        provinces.append(Region(province_code, province_name))
        names[province_code] = province_name
        children[province_code] = tuple(Region(code, name) for code, name, _ in cities)
        for city_code, city_name, districts in cities:
            names[city_code] = city_name
            children[city_code] = tuple(Region(code, name) for code, name in districts)
            parents[city_code] = province_code
            for code, name in districts:
                names[code], parents[code] = name, city_code
    return _Index(tuple(provinces), children, names, parents)


def provinces() -> tuple[Region, ...]:
    return _index().provinces


def children(code: str) -> tuple[Region, ...]:
    """A province's cities or a city's districts (none for an unknown code or a district)."""
    return _index().children.get(code, ())


def is_known(code: str) -> bool:
    """Whether ``code`` names a province, a city or a district (a customer's region may be any of them)."""
    return code in _index().names


def place_of(district_code: str) -> Place | None:
    """The district with its city and province, if ``district_code`` is a district's code."""
    names, parents = _index().names, _index().parents
    city_code = parents.get(district_code, "")
    province_code = parents.get(city_code, "")
    if not province_code:
        return None
    return Place(
        Region(province_code, names[province_code]),
        Region(city_code, names[city_code]),
        Region(district_code, names[district_code]),
    )


def _named(regions: tuple[Region, ...], name: str) -> Region | None:
    """The region called ``name``, or the one region whose name it begins (浙江 for 浙江省, 杭州 for 杭州市)."""
    name = name.strip()
    exact = [region for region in regions if region.name == name]
    short = [region for region in regions if len(name) >= 2 and region.name.startswith(name)]
    found = exact or short
    return found[0] if len(found) == 1 else None


def province_named(name: str) -> Region | None:
    """The province called ``name``, in full or as people shorten it (浙江 or 浙江省, 新疆 or 新疆维吾尔自治区,
    上海 or 上海市); None when it names no province. One spelling of a province for everything that compares
    provinces, such as shipping templates and the addresses they price."""
    return _named(provinces(), name)


def code_of(names: Sequence[str]) -> str | None:
    """The code of the region these names make, from the province down (浙江; 浙江 杭州; 浙江省 杭州市 西湖区), as
    staff write an area a location serves; None when a name is not within the one before it."""
    found, within = None, provinces()
    for name in names:
        found = _named(within, name)
        if found is None:
            return None
        within = children(found.code)
    return found.code if found else None


def names_of(code: str) -> list[str]:
    """A region's names from its province down (``330106``: 浙江省, 杭州市, 西湖区); empty for an unknown code."""
    index, path = _index(), []
    while code in index.names:
        path.insert(0, index.names[code])
        code = index.parents.get(code, "")
    return path


def find(province: str, city: str, district: str) -> Place | str:
    """The place these three names make, or the first field (``province``, ``city``, ``district``) that does not
    belong where it is written: a city must be in its province and a district in its city."""
    found_province = _named(provinces(), province)
    if found_province is None:
        return "province"
    found_city = _named(children(found_province.code), city)
    if found_city is None:
        return "city"
    found_district = _named(children(found_city.code), district)
    if found_district is None:
        return "district"
    return Place(found_province, found_city, found_district)


def located(province: str, city: str, district: str, region_code: str | None) -> Place:
    """Where an address is, checked before it is written: by ``region_code`` when one is sent (the names sent
    with it must be its names), else by the three names. Raises ``UnknownRegion`` naming the field at fault."""
    if region_code:
        place = place_of(region_code)
        if place is None:
            raise UnknownRegion(field="region_code", name=region_code)
        for field, given, region in (
            ("province", province, place.province), ("city", city, place.city), ("district", district, place.district)
        ):  # fmt: skip
            if given.strip() != region.name:
                raise UnknownRegion(field=field, name=given)
        return place
    found = find(province, city, district)
    if isinstance(found, str):
        raise UnknownRegion(field=found, name={"province": province, "city": city, "district": district}[found])
    return found


def normalised(address: Mapping[str, Any]) -> dict[str, Any]:
    """``address`` (a mapping with ``province``, ``city``, ``district`` and perhaps ``region_code``) with the names
    as the divisions write them (浙江 becomes 浙江省) and the district's ``region_code``. Raises ``UnknownRegion``
    naming the field at fault, as ``located`` does."""
    code = str(address.get("region_code") or "") or None
    place = located(str(address["province"]), str(address["city"]), str(address["district"]), code)
    names = {"province": place.province.name, "city": place.city.name, "district": place.district.name}
    return {**address, **names, "region_code": place.district.code}
