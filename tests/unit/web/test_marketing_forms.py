"""The console's marketing form reader: yuan to fen, percent off to basis points, shop days to aware datetimes,
and every problem under the input that caused it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from shoal.web.console.marketing_forms import form_field, merged_errors, read_coupon, read_issue, read_promotion


def _promotion(**form: Any):  # type: ignore[no-untyped-def]
    return read_promotion({"name_zh": "大促", **form}, currency="CNY", timezone="Asia/Shanghai", gettext=str)


def _coupon(**form: Any):  # type: ignore[no-untyped-def]
    return read_coupon({"name_zh": "券", **form}, currency="CNY", timezone="Asia/Shanghai", gettext=str)


def test_tiered_spend_and_save_is_read_in_fen() -> None:
    parsed = _promotion(threshold="199", amount="20", threshold_2="299.50", amount_2="40.05")
    assert parsed.errors == {} and parsed.data is not None
    tiers = [(t.threshold, t.value) for t in parsed.data.benefit.tiers]  # type: ignore[union-attr]
    assert tiers == [(19900, 2000), (29950, 4005)]


def test_a_repeating_spend_and_save_needs_one_tier_with_a_minimum() -> None:
    ok = _promotion(threshold="100", amount="10", repeat="on")
    assert ok.data is not None and ok.data.benefit.repeat is True  # type: ignore[union-attr]
    assert "repeat" in _promotion(threshold="100", amount="10", threshold_2="200", amount_2="30", repeat="on").errors
    assert "repeat" in _promotion(amount="10", repeat="on").errors


@pytest.mark.parametrize("amount", ["abc", "19.999", "-5", "¥5"])
def test_a_bad_amount_is_reported_under_its_input(amount: str) -> None:
    parsed = _promotion(threshold=amount, amount="5")
    assert parsed.data is None and parsed.errors["threshold"] == "Enter an amount like 19.90."


def test_an_absurd_amount_is_left_to_the_schema_and_saves_nothing() -> None:
    parsed = _promotion(threshold="1e400", amount="5")
    assert parsed.data is None and parsed.invalid is not None


def test_repeated_tier_minimums_are_refused_on_the_later_tier() -> None:
    parsed = _promotion(threshold="100", amount="10", threshold_2="100", amount_2="20")
    assert parsed.data is None and set(parsed.errors) == {"threshold_2"}
    assert "threshold_2" in _promotion(amount="10", threshold_2="0", amount_2="20").errors


def test_percent_off_is_basis_points_off_with_a_cap() -> None:
    parsed = _promotion(kind="percent_off", threshold="300", percent="15%", cap="50")
    assert parsed.errors == {} and parsed.data is not None
    benefit = parsed.data.benefit
    assert (benefit.tiers[0].threshold, benefit.tiers[0].value, benefit.cap) == (30000, 1500, 5000)  # type: ignore[union-attr]
    assert _promotion(kind="percent_off", percent="12.5").data.benefit.tiers[0].value == 1250  # type: ignore[union-attr]


def test_a_hundred_percent_off_is_a_free_order_voucher() -> None:
    parsed = _coupon(kind="percent_off", percent="100")
    assert parsed.errors == {} and parsed.data is not None
    assert parsed.data.benefit.tiers[0].value == 10_000  # type: ignore[union-attr]


def test_a_repeating_spend_and_save_can_be_capped() -> None:
    parsed = _promotion(threshold="100", amount="10", repeat="on", cap="50")
    assert parsed.errors == {} and parsed.data is not None
    assert (parsed.data.benefit.repeat, parsed.data.benefit.cap) == (True, 5000)  # type: ignore[union-attr]


@pytest.mark.parametrize("percent", ["0", "100.5", "150", "-5", "12.345", "nan", "", "八五折"])
def test_percent_off_out_of_range_is_refused(percent: str) -> None:
    parsed = _promotion(kind="percent_off", threshold="300", percent=percent)
    assert parsed.data is None and "percent" in parsed.errors


def test_n_items_pays_the_rest_and_may_be_free() -> None:
    half = _promotion(kind="n_items", n="2", percent="50")
    assert half.data is not None
    assert (half.data.benefit.n, half.data.benefit.pay_bp, half.data.benefit.every_nth) == (2, 5000, True)  # type: ignore[union-attr]
    free = _promotion(kind="n_items", n="3", percent="100", every_nth="each")
    assert free.data is not None and (free.data.benefit.pay_bp, free.data.benefit.every_nth) == (0, False)  # type: ignore[union-attr]
    assert "n" in _promotion(kind="n_items", n="two", percent="50").errors


def test_free_shipping_over_a_minimum_puts_the_minimum_in_the_condition() -> None:
    parsed = _promotion(kind="free_shipping", threshold="99")
    assert parsed.data is not None and parsed.data.benefit.kind == "free_shipping"
    assert parsed.data.condition.min_spend == 9900


def test_scope_audience_dates_priority_and_budget() -> None:
    form = {"threshold": "100", "amount": "10", "category_ids": ["c1", "", "c2"], "customer_group": "vip",
            "starts_on": "2026-06-01", "ends_on": "2026-06-18", "priority": "-5", "budget": "1000"}  # fmt: skip
    parsed = _promotion(**form)
    assert parsed.errors == {} and parsed.data is not None
    condition = parsed.data.condition
    assert condition.category_ids == ["c1", "c2"] and condition.customer_groups == ["vip"]
    assert condition.timezone == "Asia/Shanghai"
    # Shanghai midnight of the first day, and midnight after the last (the last day is inclusive).
    assert condition.starts_at == datetime(2026, 5, 31, 16, 0, tzinfo=UTC)
    assert condition.ends_at == datetime(2026, 6, 18, 16, 0, tzinfo=UTC)
    assert (parsed.data.priority, parsed.data.budget) == (-5, 100000)


def test_an_end_before_the_start_and_a_bad_date_are_refused() -> None:
    assert "ends_on" in _promotion(amount="5", starts_on="2026-06-18", ends_on="2026-06-01").errors
    assert "starts_on" in _promotion(amount="5", starts_on="18/06/2026").errors


def test_a_name_and_a_known_kind_are_required() -> None:
    parsed = read_promotion({"amount": "5"}, currency="CNY", timezone="Asia/Shanghai", gettext=str)
    assert parsed.data is None and "name_zh" in parsed.errors
    assert "kind" in _promotion(kind="bundle", amount="5").errors


def test_schema_errors_are_renamed_to_the_form_inputs() -> None:
    assert form_field("benefit.amount_off.tiers.1.value", "amount_off") == "amount_2"
    assert form_field("benefit.percent_off.tiers.0.value", "percent_off") == "percent"
    assert form_field("benefit.percent_off.tiers.0.threshold", "percent_off") == "threshold"
    assert form_field("benefit.n_items.pay_bp", "n_items") == "percent"
    assert form_field("condition.customer_groups.0", "amount_off") == "customer_group"
    assert form_field("name.en", "amount_off") == "name_en" and form_field("name", "amount_off") == "name_zh"
    parsed = _promotion(threshold="abc", amount="0")
    merged = merged_errors(parsed, {"benefit.amount_off.tiers.0.value": "Must be more than 0."}, "amount_off")
    assert merged == {"threshold": "Enter an amount like 19.90.", "amount": "Must be more than 0."}


def test_zero_amount_is_left_to_the_schema() -> None:
    parsed = _promotion(threshold="100", amount="0")
    assert parsed.data is None and parsed.invalid is not None
    assert {".".join(map(str, e["loc"])) for e in parsed.invalid.errors()} == {"benefit.amount_off.tiers.0.value"}


def test_coupon_fixed_amount_with_limits_and_fixed_dates() -> None:
    form = {"threshold": "100", "amount": "10", "valid_from": "2026-06-01", "valid_until": "2026-06-30",
            "total_quantity": "500", "per_customer_claims": "2", "daily_issue_limit": "50",
            "public_code": "spring-10", "stacks_with_promotions": "on"}  # fmt: skip
    parsed = _coupon(**form)
    assert parsed.errors == {} and parsed.data is not None
    data = parsed.data
    assert (data.total_quantity, data.per_customer_claims, data.daily_issue_limit) == (500, 2, 50)
    assert data.public_code == "SPRING-10" and data.stacks_with_promotions and not data.stacks_with_coupons
    assert data.valid_until == datetime(2026, 6, 30, 16, 0, tzinfo=UTC) and data.valid_days is None


def test_coupon_percent_with_cap_valid_days_and_free_shipping() -> None:
    percent = _coupon(kind="percent_off", percent="20", cap="30", valid_days="7", stacks_with_coupons="on")
    assert percent.data is not None and percent.data.valid_days == 7 and percent.data.stacks_with_coupons
    assert percent.data.benefit.cap == 3000  # type: ignore[union-attr]
    shipping = _coupon(kind="free_shipping", threshold="")
    assert shipping.data is not None and shipping.data.condition.min_spend == 0
    assert "kind" in _coupon(kind="n_items", n="2", percent="50").errors


def test_coupon_dates_or_days_not_both() -> None:
    parsed = _coupon(amount="5", valid_from="2026-06-01", valid_days="7")
    assert parsed.data is None and "valid_days" in parsed.errors


def test_issue_reads_phones_and_emails_and_says_what_it_cannot_read() -> None:
    issue = read_issue({"recipients": "138 0013 8000\nFan@Example.com, 13800138000；+44 20 7946 0958"}, str)
    assert issue.errors == {}
    assert issue.phones == ["+8613800138000", "+442079460958"] and issue.emails == ["fan@example.com"]
    assert "recipients" in read_issue({"recipients": "13800138000 not-a-contact"}, str).errors
    assert "recipients" in read_issue({}, str).errors
    assert read_issue({"customer_group": " vip "}, str).customer_group == "vip"
