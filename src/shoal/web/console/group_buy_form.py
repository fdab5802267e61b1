"""The console's new group-buy form, read into the domain's input: a pure function of the form's strings (yuan
prices, shop-time dates, hours), so that refusals sit under their inputs before any service is asked."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from shoal.campaigns.group_buy.schemas import GroupBuyCreate
from shoal.web.console.marketing_forms import RuleForm, _Reader, compact

FIELDS = {
    "name", "sku", "location_id", "starts_at", "ends_at", "group_price", "leader_price", "group_size", "group_hours",
    "per_shopper_limit", "new_shoppers_only", "virtual_fill_min",
}  # fmt: skip


def read_group_buy(
    form: Mapping[str, Any], *, variant_ids: Mapping[str, str], currency: str, timezone: str,
    gettext: Callable[[str], str],
) -> RuleForm[GroupBuyCreate]:  # fmt: skip
    """One SKU (``variant_ids`` maps the typed SKU to its variant) at a group price and an optional leader price in
    yuan, the group size, hours a group has to fill, a per-order limit, 老带新 and 模拟成团's minimum."""
    r = _Reader(form, currency, gettext)
    sku = r.text("sku")
    if not sku:
        r.errors["sku"] = gettext("This field is required.")
    elif sku not in variant_ids:
        r.errors["sku"] = gettext("No variant has the SKU %(sku)s.") % {"sku": sku}
    starts_at, ends_at = r.moment("starts_at", timezone), r.moment("ends_at", timezone)
    if starts_at and ends_at and ends_at <= starts_at:
        r.errors["ends_at"] = gettext("The end must be after the start.")
    hours = r.whole("group_hours")
    item = compact({"variant_id": variant_ids.get(sku), "group_price": r.fen("group_price", required=True),
                    "leader_price": r.fen("leader_price")})  # fmt: skip
    payload = {
        "name": r.text("name"), "location_id": r.text("location_id"), "starts_at": starts_at, "ends_at": ends_at,
        "group_size": r.whole("group_size", required=True), "group_minutes": hours * 60 if hours else None,
        "per_shopper_limit": r.whole("per_shopper_limit"), "new_shoppers_only": r.checked("new_shoppers_only"),
        "virtual_fill_min": r.whole("virtual_fill_min"), "items": [item],
    }  # fmt: skip
    return r.finish(GroupBuyCreate, compact(payload))


def form_field(path: str) -> str:
    """The input a schema error belongs to."""
    if path.startswith("items.0."):
        return "sku" if path.endswith("variant_id") else path.removeprefix("items.0.")
    return "group_hours" if path == "group_minutes" else path
