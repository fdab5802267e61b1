"""The shipping template form: yuan become fen, kilograms grams, ticked provinces the regions (none: all
regions), and every problem lands beside its input without anything to save."""

from __future__ import annotations

from shoal.checkout.schemas import ShippingTemplateRead
from shoal.web.console.shipping_form import read_template, template_values

FORM = {"name": "全国快递", "mode": "by_weight", "first_units": "1", "first_fee": "8.00", "additional_units": "0.5",
        "additional_fee": "2.5", "free_over": "99", "priority": "10", "active": "on"}  # fmt: skip


def read(form: dict) -> object:  # type: ignore[type-arg]
    return read_template(form, "CNY", lambda text: text)


def test_a_weight_template_reads_as_fen_and_grams_for_all_regions() -> None:
    parsed = read(FORM)
    assert parsed.errors == {} and parsed.data is not None
    data = parsed.data
    assert (data.first_units, data.first_fee, data.additional_units, data.additional_fee) == (1000, 800, 500, 250)
    assert (data.free_over, data.priority, data.active, data.regions) == (9900, 10, True, ["*"])


def test_ticked_provinces_and_pieces() -> None:
    form = FORM | {
        "mode": "per_piece",
        "first_units": "2",
        "additional_units": "1",
        "regions": ["新疆维吾尔自治区", "西藏自治区"],
    }
    parsed = read(form | {"free_over": "", "active": ""})
    assert parsed.data is not None
    assert parsed.data.regions == ["新疆维吾尔自治区", "西藏自治区"]
    assert (parsed.data.first_units, parsed.data.additional_units, parsed.data.free_over) == (2, 1, None)
    assert parsed.data.active is False


def test_bad_inputs_are_reported_beside_their_fields_and_nothing_is_saved() -> None:
    form = FORM | {"first_fee": "8.001", "additional_units": "0.0001", "regions": ["火星"], "mode": "same_city"}
    parsed = read(form)
    assert parsed.data is None
    assert set(parsed.errors) == {"first_fee", "additional_units", "regions", "mode"}
    assert read(FORM | {"mode": "per_piece", "first_units": "0", "additional_units": "1"}).errors == {
        "first_units": "Must be at least 1."
    }
    assert read(FORM | {"additional_fee": "-1"}).errors == {"additional_fee": "Enter an amount like 19.90."}


def test_a_stored_template_fills_the_form_back() -> None:
    stored = ShippingTemplateRead.model_validate(
        read(FORM).data.model_dump()  # type: ignore[union-attr]
        | {"id": "t1", "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"}
    )
    values = template_values(stored, "CNY")
    assert values | {"regions": []} == FORM | {"first_fee": "8.00", "additional_fee": "2.50", "free_over": "99.00",
                                                "regions": []}  # fmt: skip
    assert read(values).data == read(FORM).data


def test_a_template_saved_with_short_province_names_ticks_their_boxes() -> None:
    stored = ShippingTemplateRead.model_validate(
        read(FORM).data.model_dump()  # type: ignore[union-attr]
        | {"id": "t1", "regions": ["浙江", "新疆"], "created_at": "2026-01-01T00:00:00Z",
           "updated_at": "2026-01-01T00:00:00Z"}
    )  # fmt: skip
    assert template_values(stored, "CNY")["regions"] == ["浙江省", "新疆维吾尔自治区"]
