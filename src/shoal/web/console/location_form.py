"""Reading the console's store and warehouse form (门店/仓库) into the inventory domain's inputs, and back.

Pure (no HTTP, no database). The map point is two exact decimals (纬度, 经度, six places as a map picker gives
them): both or neither, checked against their ranges by the schema, never turned into floats.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from pydantic import ValidationError

from shoal.customers.regions import code_of, names_of
from shoal.inventory.schemas import LocationCreate, LocationRead, LocationUpdate
from shoal.web.console.marketing_forms import RuleForm, compact

ADDRESS_FIELDS = ("province", "city", "district", "line1", "phone")
FIELDS = {"code", "kind", "name", "name_en", "opening_hours", "latitude", "longitude", "priority", "active",
          "sellable", "pickup_enabled", "coverage", *ADDRESS_FIELDS}  # fmt: skip
CHECKBOXES = ("active", "sellable", "pickup_enabled")


def read_location(
    form: Mapping[str, Any], gettext: Callable[[str], str], *, new: bool
) -> RuleForm[LocationCreate] | RuleForm[LocationUpdate]:
    """A new location (code and kind included) or the changes to one; errors keyed by input name."""

    def text(name: str) -> str:
        return str(form.get(name) or "").strip()

    errors: dict[str, str] = {}
    point = {"latitude": text("latitude") or None, "longitude": text("longitude") or None}
    if (point["latitude"] is None) != (point["longitude"] is None):
        missing = "latitude" if point["latitude"] is None else "longitude"
        errors[missing] = gettext("Enter both latitude and longitude, or neither.")
    coverage, unknown = read_coverage(text("coverage"))
    if unknown:
        errors["coverage"] = gettext("No such region: %(name)s") % {"name": unknown}
    values: dict[str, Any] = {
        "coverage": coverage,
        "name": text("name"),
        "name_translations": compact({"zh-CN": text("name"), "en": text("name_en") or None}),
        "address": compact({key: text(key) or None for key in ADDRESS_FIELDS}),
        "opening_hours": text("opening_hours") or None,
        "priority": text("priority") or 100,
        **point,
        **{key: text(key) == "on" for key in CHECKBOXES},
    }
    if new:
        values |= {"code": text("code"), "kind": text("kind")}
    model: type[LocationCreate] | type[LocationUpdate] = LocationCreate if new else LocationUpdate
    try:
        data = model.model_validate(values)
    except ValidationError as exc:
        return RuleForm(None, errors, exc)
    return RuleForm(None if errors else data, errors)


def read_coverage(text: str) -> tuple[list[str], str | None]:
    """The region codes of the areas a location serves (配送覆盖), one area a line, its names from the province down
    (浙江省; 浙江 杭州; 上海 上海 浦东新区), with the first line that names no region (else None)."""
    codes: list[str] = []
    for line in text.splitlines():
        names = line.replace("/", " ").split()
        if not names:
            continue
        code = code_of(names)
        if code is None:
            return codes, line.strip()
        codes.append(code)
    return list(dict.fromkeys(codes)), None


def coverage_names(codes: list[str]) -> list[str]:
    """Stored region codes as the names people read (浙江省 杭州市), never the codes."""
    return [" ".join(names_of(code)) or code for code in codes]


def input_name(path: str) -> str:
    """``address.city`` is the ``city`` input, ``name_translations.en`` the ``name_en`` one."""
    parts = path.split(".")
    if parts[0] == "address" and len(parts) > 1:
        return parts[1]
    if parts[0] == "name_translations":
        return "name_en"
    return parts[0]


def location_values(location: LocationRead) -> dict[str, Any]:
    """The edit form filled from a stored location."""
    address = location.address.model_dump()
    return {
        "code": location.code,
        "kind": location.kind,
        "name": location.name,
        "name_en": location.name_translations.get("en", ""),
        **{key: address.get(key) or "" for key in ADDRESS_FIELDS},
        "opening_hours": location.opening_hours or "",
        "coverage": "\n".join(coverage_names(location.coverage)),
        "latitude": "" if location.latitude is None else str(location.latitude),
        "longitude": "" if location.longitude is None else str(location.longitude),
        "priority": str(location.priority),
        **{key: "on" if getattr(location, key) else "" for key in CHECKBOXES},
    }


NEW_LOCATION = {"kind": "store", "priority": "100", "active": "on", "sellable": "on", "pickup_enabled": "on"}
