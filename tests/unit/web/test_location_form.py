"""The store and warehouse form: address, hours, pickup and an exact map point (both or neither, in range)."""

from __future__ import annotations

from decimal import Decimal

from shoal.inventory.schemas import LocationCreate, LocationRead
from shoal.web.console.location_form import input_name, location_values, read_location

FORM = {"code": "SH-1", "kind": "store", "name": "静安店", "name_en": "Jing'an", "province": "上海市",
        "city": "上海市", "district": "静安区", "line1": "南京西路 1 号", "phone": "021-12345678",
        "opening_hours": "每天 10:00-22:00", "latitude": "31.229912", "longitude": "121.448432", "priority": "5",
        "active": "on", "pickup_enabled": "on", "coverage": "上海市\n浙江省 杭州市"}  # fmt: skip


def read(form: dict, *, new: bool = True):  # type: ignore[no-untyped-def,type-arg]
    return read_location(form, lambda text: text, new=new)


def test_a_store_reads_with_its_address_hours_pickup_and_exact_point() -> None:
    data = read(FORM).data
    assert isinstance(data, LocationCreate)
    assert (data.latitude, data.longitude) == (Decimal("31.229912"), Decimal("121.448432"))
    assert data.address.district == "静安区" and data.address.phone == "021-12345678"
    assert (data.opening_hours, data.pickup_enabled, data.sellable, data.priority) == (
        "每天 10:00-22:00",
        True,
        False,
        5,
    )
    assert data.name_translations == {"zh-CN": "静安店", "en": "Jing'an"}
    assert data.coverage == ["31", "3301"]


def test_areas_served_are_names_from_the_province_down() -> None:
    shortened = read(FORM | {"coverage": "浙江 / 杭州 / 西湖区\n\n浙江 杭州 西湖区\n上海"}).data
    assert shortened is not None and shortened.coverage == ["330106", "31"]
    wrong = read(FORM | {"coverage": "浙江省\n江苏省 杭州市"})
    assert wrong.data is None and wrong.errors == {"coverage": "No such region: 江苏省 杭州市"}


def test_a_point_needs_both_halves_in_range_with_at_most_six_decimals() -> None:
    assert set(read(FORM | {"longitude": ""}).errors) == {"longitude"}
    for bad in ({"latitude": "91"}, {"longitude": "121.1234567"}, {"latitude": "north"}):
        parsed = read(FORM | bad)
        assert parsed.data is None and parsed.invalid is not None
        assert {input_name(".".join(map(str, e["loc"]))) for e in parsed.invalid.errors()} == set(bad)
    cleared = read(FORM | {"latitude": "", "longitude": ""}, new=False).data
    assert cleared is not None and cleared.latitude is None and "code" not in cleared.model_fields_set


def test_a_stored_location_fills_the_form_back() -> None:
    data = read(FORM).data
    assert data is not None
    stored = LocationRead.model_validate(
        data.model_dump() | {"id": "l1", "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"}
    )
    values = location_values(stored)
    assert values == FORM | {"sellable": ""}
    assert read(values).data == data
