"""The member profile form (gender, birthday, region, marketing consent), read the same way by the console's member
page and the shop's 个人资料 page, and the 省/市 picker both show for a region.

A customer's region is a province or a city (``customers.regions`` codes); people pick it by name from two
selects, the codes travel only as the options' values. Pure: no HTTP, no database.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from shoal.customers import regions

PROFILE_FIELDS = {"gender", "birthday", "region", "marketing_consent"}


def read_profile(form: Mapping[str, Any], gettext: Callable[[str], str]) -> tuple[dict[str, Any], dict[str, str]]:
    """The profile fields as ``ProfileFields`` takes them (a blank clears), and the errors of what cannot be read:
    a birthday that is not a date, or in the future, is refused here in the reader's language."""
    keys = ("gender", "birthday", "province_code", "city_code", "district_code")
    text = {key: str(form.get(key) or "").strip() for key in keys}
    errors: dict[str, str] = {}
    birthday: date | None = None
    if text["birthday"]:
        try:
            birthday = date.fromisoformat(text["birthday"])
        except ValueError:
            errors["birthday"] = gettext("Enter a date such as 1990-05-20.")
        else:
            if birthday > date.today():
                errors["birthday"] = gettext("A birthday cannot be in the future.")
    fields = {
        "gender": text["gender"] or None,
        "birthday": birthday,
        "region_code": _region(text),
        "marketing_consent": form.get("marketing_consent") == "on",
    }
    return fields, errors


def _region(text: Mapping[str, str]) -> str | None:
    """The region picked: the city, else the province; a district set before (by the API) is kept while its city
    stays chosen, so saving the form never coarsens it."""
    city, district = text["city_code"], text["district_code"]
    if city and district.startswith(city) and regions.is_known(district):
        return district
    return city or text["province_code"] or None


def profile_values(customer: Any) -> dict[str, str]:
    """The form's values for a customer as stored (the region split into its province and city)."""
    province, city = split_region(customer.region_code)
    return {
        "gender": customer.gender or "",
        "birthday": customer.birthday.isoformat() if customer.birthday else "",
        "province_code": province,
        "city_code": city,
        "district_code": customer.region_code if city and len(customer.region_code) > 4 else "",
        "marketing_consent": "on" if customer.marketing_consent else "",
    }


def split_region(code: str | None) -> tuple[str, str]:
    """A stored region as the picker's (province, city) codes; a district shows as its city."""
    if not code or not regions.is_known(code):
        return "", ""
    return code[:2], code[:4] if len(code) > 2 else ""


def area_choice(values: Mapping[str, Any]) -> dict[str, Any]:
    """The 省/市 picker's options and selection; an unknown province, or a city not of the chosen one, is dropped."""
    province = str(values.get("province_code") or "")
    if province not in {p.code for p in regions.provinces()}:
        province = ""
    cities = regions.children(province) if province else ()
    city = str(values.get("city_code") or "")
    if city not in {c.code for c in cities}:
        city = ""
    return {"provinces": regions.provinces(), "cities": cities, "province": province, "city": city}


def region_label(code: str | None) -> str:
    """A region as people read it (广东省 深圳市), never its code; empty when none is set."""
    return " ".join(dict.fromkeys(regions.names_of(code))) if code else ""  # 北京市, not 北京市 北京市
