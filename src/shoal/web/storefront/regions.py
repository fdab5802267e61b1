"""The 省/市/区 picker's options for what a form holds (a template global, so the picker macro needs no handler)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from shoal.customers import regions


def region_choice(values: Mapping[str, Any]) -> dict[str, Any]:
    """The picker's options and selection for what the form holds: a saved address's ``region_code`` selects its
    whole chain; a lower level that does not belong to the chosen upper one is cleared."""
    province, city = str(values.get("province_code") or ""), str(values.get("city_code") or "")
    district = str(values.get("region_code") or "")
    place = regions.place_of(district)
    if place is not None and not province and not city:
        province, city = place.province.code, place.city.code
    cities = regions.children(province)
    if city not in {c.code for c in cities}:
        city = ""
    districts = regions.children(city) if city else ()
    if district not in {d.code for d in districts}:
        district = ""
    return {"provinces": regions.provinces(), "cities": cities, "districts": districts,
            "province": province, "city": city, "district": district}  # fmt: skip
