"""Reading the console's promotion, coupon, bulk-issue and flash sale forms into their domains' inputs.

Pure (no HTTP, no database), so the mapping is tested alone. Operators type amounts in yuan (``19.90``), a
discount as "percent off" (15 = 15% off, i.e. 八五折), whole days or a date and time in the shop's time zone;
the schemas want fen, basis points off and aware datetimes, so the translation happens here, once, without
floats. Every problem is reported under the input that caused it: the reader's own under the flat input names,
and schema errors renamed from their paths (``benefit.amount_off.tiers.1.value`` is ``amount_2``) by ``form_field``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, Generic, TypeVar
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ValidationError

from shoal.campaigns.bargain.schemas import BargainCreate
from shoal.campaigns.flash_sale.schemas import FlashSaleCreate
from shoal.customers.rules import normalise_phone
from shoal.marketing.schemas import CouponTemplateCreate, PromotionCreate
from shoal.web.console.product_form import form_list, yuan

PROMOTION_KINDS = ("amount_off", "percent_off", "n_items", "free_shipping")
COUPON_KINDS = ("amount_off", "percent_off", "free_shipping")
TIERS = (1, 2, 3)
MAX_RECIPIENTS = 5000  # what IssueRequest accepts in one call
FLASH_ROWS = 5  # SKU rows on the new flash sale form
FLASH_ROW_FIELDS = ("sku", "flash_price", "quantity", "per_shopper_limit")
# Condition paths that the form shows under another name.
CONDITION_FIELDS = {"customer_groups": "customer_group", "min_spend": "threshold", "starts_at": "starts_on",
                    "ends_at": "ends_on", "category_ids": "category_ids"}  # fmt: skip
EMAIL = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+$")
WHOLE = re.compile(r"^-?[0-9]{1,9}$")
M = TypeVar("M", bound=BaseModel)


@dataclass
class RuleForm(Generic[M]):
    """The input to save (``None`` when anything is wrong), the reader's errors, and the schema's refusal."""

    data: M | None
    errors: dict[str, str] = field(default_factory=dict)
    invalid: ValidationError | None = None


@dataclass
class IssueForm:
    customer_group: str | None = None
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)


def tier_field(name: str, tier: int) -> str:
    """Tier 1 keeps the plain name (``threshold``, ``amount``); tiers 2 and 3 are ``threshold_2`` …"""
    return name if tier == 1 else f"{name}_{tier}"


def form_field(path: str, kind: str) -> str:
    """The form input a schema error path belongs to (errors on inputs the form lacks go to its top alert)."""
    parts = path.split(".")
    if parts[0] == "name":
        return "name_en" if parts[1:2] == ["en"] else "name_zh"
    if parts[0] == "benefit" and len(parts) > 2:
        tail = parts[2:]
        if tail[0] == "tiers" and len(tail) > 2 and tail[1].isdigit():
            value = "percent" if kind == "percent_off" else "amount"
            return tier_field(value if tail[2] == "value" else tail[2], int(tail[1]) + 1)
        return "percent" if tail[0] == "pay_bp" else tail[0]
    if parts[0] == "condition" and len(parts) > 1:
        return CONDITION_FIELDS.get(parts[1], parts[1])
    return parts[0]


def merged_errors(parsed: RuleForm[Any], schema_errors: dict[str, str], kind: str) -> dict[str, str]:
    """The reader's errors, then the schema's under form names; the reader's message wins on the same input
    (it says "enter an amount like 19.90" where the schema could only say the value is missing)."""
    merged: dict[str, str] = {}
    for path, message in schema_errors.items():
        merged.setdefault(form_field(path, kind), message)
    return {**merged, **parsed.errors}


def compact(values: dict[str, Any]) -> dict[str, Any]:
    """Leave out what the operator left blank, so the schema's defaults apply."""
    return {key: value for key, value in values.items() if value is not None and value != [] and value != {}}


class _Reader:
    def __init__(self, form: Mapping[str, Any], currency: str, gettext: Callable[[str], str]) -> None:
        self.form, self.currency, self._ = form, currency, gettext
        self.errors: dict[str, str] = {}

    def text(self, name: str) -> str:
        return str(self.form.get(name) or "").strip()

    def checked(self, name: str) -> bool:
        return self.text(name) not in ("", "0", "off", "false")

    def _missing(self, name: str, required: bool) -> None:
        if required:
            self.errors[name] = self._("This field is required.")

    def fen(self, name: str, *, required: bool = False) -> int | None:
        raw = self.text(name)
        if not raw:
            return self._missing(name, required)
        try:
            return yuan(raw, self.currency)
        except ValueError:
            self.errors[name] = self._("Enter an amount like 19.90.")
            return None

    def whole(self, name: str, *, required: bool = False) -> int | None:
        raw = self.text(name)
        if not raw:
            return self._missing(name, required)
        if not WHOLE.match(raw):
            self.errors[name] = self._("Enter a whole number.")
            return None
        return int(raw)

    def percent_off(self, name: str, *, up_to_free: bool = False) -> int | None:
        """Percent off in basis points: ``15`` or ``15%`` is 1 500 (pay 85%), ``12.5`` is 1 250."""
        raw = self.text(name).removesuffix("%").strip()
        try:
            points = Decimal(raw) * 100
            fits = points == points.to_integral_value() and 0 < points <= 10_000
        except (InvalidOperation, ValueError):
            fits = False
        if fits and (up_to_free or points < 10_000):
            return int(points)
        if up_to_free:
            self.errors[name] = self._("Enter the percent off: more than 0, at most 100 (100 = free), e.g. 50.")
        else:
            self.errors[name] = self._("Enter the percent off: more than 0 and below 100, e.g. 15 for 15 percent off.")
        return None

    def day(self, name: str) -> date | None:
        raw = self.text(name)
        if not raw:
            return None
        try:
            return date.fromisoformat(raw)
        except ValueError:
            self.errors[name] = self._("Enter a date like 2026-06-18.")
            return None

    def window(self, first: str, last: str, timezone: str) -> tuple[datetime | None, datetime | None]:
        """From the start of the first day to the end of the last (inclusive), in the shop's time zone, told in
        UTC: SQLite keeps a datetime's wall time and drops its offset, so only UTC reads back the same."""
        start, end = self.day(first), self.day(last)
        if start and end and end < start:
            self.errors[last] = self._("The last day cannot be before the first day.")
        zone = ZoneInfo(timezone)
        return (
            datetime.combine(start, time.min, zone).astimezone(UTC) if start else None,
            datetime.combine(end + timedelta(days=1), time.min, zone).astimezone(UTC) if end else None,
        )

    def moment(self, name: str, timezone: str) -> datetime | None:
        """A date and time typed in the shop's time zone (``2026-06-18T10:00``), told in UTC."""
        raw = self.text(name)
        if not raw:
            return self._missing(name, True)
        try:
            typed = datetime.fromisoformat(raw)
        except ValueError:
            self.errors[name] = self._("Enter a date and time like 2026-06-18 10:00.")
            return None
        return typed.replace(tzinfo=ZoneInfo(timezone)).astimezone(UTC)

    def kind(self, kinds: tuple[str, ...]) -> str:
        kind = self.text("kind") or kinds[0]
        if kind not in kinds:
            self.errors["kind"] = self._("Choose one of the offered values.")
            return kinds[0]
        return kind

    def names(self) -> dict[str, str]:
        names = {locale: self.text(name) for locale, name in (("zh-CN", "name_zh"), ("en", "name_en"))}
        if not any(names.values()):
            self.errors["name_zh"] = self._("This field is required.")
        return compact({k: v or None for k, v in names.items()})

    def tiers(self) -> list[dict[str, Any]]:
        """Up to three 满减 tiers; tier 1's minimum may be blank (no minimum), a filled tier needs both."""
        tiers: list[dict[str, Any]] = []
        seen: set[int] = set()
        for tier in TIERS:
            spend, off = tier_field("threshold", tier), tier_field("amount", tier)
            if tier > 1 and not (self.text(spend) or self.text(off)):
                continue
            threshold, amount = self.fen(spend, required=tier > 1), self.fen(off, required=True)
            minimum = 0 if tier == 1 and not self.text(spend) else threshold
            if minimum is not None and minimum in seen:
                self.errors[spend] = self._("Each tier needs a different minimum spend.")
            seen.add(minimum if minimum is not None else -1)
            tiers.append(compact({"threshold": threshold, "value": amount}))
        return tiers

    def benefit(self, kind: str) -> tuple[dict[str, Any], int | None]:
        """The benefit, and the minimum spend that belongs in the condition (free shipping over ¥99)."""
        if kind == "amount_off":
            tiers, repeat = self.tiers(), self.checked("repeat")
            if repeat and (len(tiers) != 1 or not tiers[0].get("threshold")):
                self.errors["repeat"] = self._("Repeating needs exactly one tier with a minimum spend.")
            return compact({"kind": kind, "tiers": tiers, "repeat": repeat, "cap": self.fen("cap")}), None
        if kind == "percent_off":
            tier = compact({"threshold": self.fen("threshold"), "value": self.percent_off("percent", up_to_free=True)})
            return compact({"kind": kind, "tiers": [tier], "cap": self.fen("cap")}), None
        if kind == "n_items":
            off = self.percent_off("percent", up_to_free=True)
            pay = None if off is None else 10_000 - off
            n = self.whole("n", required=True)
            return compact({"kind": kind, "n": n, "pay_bp": pay, "every_nth": self.text("every_nth") != "each"}), None
        return compact({"kind": kind, "cap": self.fen("cap")}), self.fen("threshold")

    def condition(self, timezone: str, **extra: Any) -> dict[str, Any]:
        group = self.text("customer_group")
        return compact({
            "timezone": timezone,
            "category_ids": [c for c in form_list(self.form, "category_ids") if c],
            "customer_groups": [group] if group else [],
            **extra,
        })  # fmt: skip

    def finish(self, model: type[M], payload: dict[str, Any]) -> RuleForm[M]:
        try:
            data = model.model_validate(payload)
        except ValidationError as exc:
            return RuleForm(None, self.errors, exc)
        return RuleForm(None if self.errors else data, self.errors)


def read_promotion(
    form: Mapping[str, Any], *, currency: str, timezone: str, gettext: Callable[[str], str]
) -> RuleForm[PromotionCreate]:
    r = _Reader(form, currency, gettext)
    benefit, min_spend = r.benefit(r.kind(PROMOTION_KINDS))
    starts_at, ends_at = r.window("starts_on", "ends_on", timezone)
    condition = r.condition(timezone, starts_at=starts_at, ends_at=ends_at, min_spend=min_spend)
    payload = {"name": r.names(), "benefit": benefit, "condition": condition,
               "priority": r.whole("priority"), "budget": r.fen("budget")}  # fmt: skip
    return r.finish(PromotionCreate, compact(payload))


def read_coupon(
    form: Mapping[str, Any], *, currency: str, timezone: str, gettext: Callable[[str], str]
) -> RuleForm[CouponTemplateCreate]:
    r = _Reader(form, currency, gettext)
    benefit, min_spend = r.benefit(r.kind(COUPON_KINDS))
    valid_from, valid_until = r.window("valid_from", "valid_until", timezone)
    valid_days = r.whole("valid_days")
    if valid_days is not None and (valid_from or valid_until):
        r.errors["valid_days"] = gettext("Choose fixed dates or a number of days after claiming, not both.")
    payload = {
        "name": r.names(),
        "benefit": benefit,
        "condition": r.condition(timezone, min_spend=min_spend),
        "stacks_with_promotions": r.checked("stacks_with_promotions"),
        "stacks_with_coupons": r.checked("stacks_with_coupons"),
        "public_code": r.text("public_code").upper() or None,
        "total_quantity": r.whole("total_quantity"),
        "per_customer_claims": r.whole("per_customer_claims"),
        "daily_issue_limit": r.whole("daily_issue_limit"),
        "valid_from": valid_from,
        "valid_until": valid_until,
        "valid_days": valid_days,
    }
    return r.finish(CouponTemplateCreate, compact(payload))


def read_issue(form: Mapping[str, Any], gettext: Callable[[str], str]) -> IssueForm:
    """Whom to issue to: a customer group and/or phones and emails, one per line (or separated by commas)."""
    issue = IssueForm(customer_group=str(form.get("customer_group") or "").strip() or None)
    unreadable: list[str] = []
    for item in (part.strip() for part in re.split(r"[\r\n,;，；]+", str(form.get("recipients") or ""))):
        if not item:
            continue
        phone = None if "@" in item else normalise_phone(item)
        if EMAIL.match(item):
            issue.emails.append(item.lower())
        elif phone:
            issue.phones.append(phone)
        else:
            unreadable.append(item)
    if unreadable:
        issue.errors["recipients"] = gettext("Not a phone number or an email: %(items)s") % {
            "items": ", ".join(unreadable[:5])
        }
    elif len(issue.emails) + len(issue.phones) > MAX_RECIPIENTS:
        message = gettext("At most %(count)s phones or emails at a time.")
        issue.errors["recipients"] = message % {"count": MAX_RECIPIENTS}
    elif not (issue.customer_group or issue.emails or issue.phones):
        issue.errors["recipients"] = gettext("Choose a customer group or list phones or emails.")
    issue.emails, issue.phones = list(dict.fromkeys(issue.emails)), list(dict.fromkeys(issue.phones))
    return issue


def flash_rows(form: Mapping[str, Any]) -> list[int]:
    """Indexes of the SKU rows the operator typed anything into (blank rows are spare)."""
    return [
        i
        for i in range(FLASH_ROWS)
        if any(str(form.get(f"items.{i}.{name}") or "").strip() for name in FLASH_ROW_FIELDS)
    ]


def flash_skus(form: Mapping[str, Any]) -> list[str]:
    """The SKU codes typed, for the handler to resolve to variants before reading the form."""
    return [str(form.get(f"items.{i}.sku") or "").strip() for i in flash_rows(form)]


def read_flash_sale(
    form: Mapping[str, Any], *, variant_ids: Mapping[str, str], currency: str, timezone: str,
    gettext: Callable[[str], str],
) -> RuleForm[FlashSaleCreate]:  # fmt: skip
    """A session: name, location, start and end (shop time), payment window, and one row per SKU with its flash
    price in yuan, units and per-shopper limit. ``variant_ids`` maps the typed SKUs to variants (unknown: absent).
    Errors sit under the inputs (``items.0.sku``); a schema error on ``items.0.variant_id`` is the SKU's."""
    r = _Reader(form, currency, gettext)
    rows = flash_rows(form)
    if not rows:
        r.errors["items.0.sku"] = gettext("Add at least one SKU.")
    items = []
    for i in rows:
        sku = r.text(f"items.{i}.sku")
        if not sku:
            r.errors[f"items.{i}.sku"] = gettext("This field is required.")
        elif sku not in variant_ids:
            r.errors[f"items.{i}.sku"] = gettext("No variant has the SKU %(sku)s.") % {"sku": sku}
        items.append(compact({
            "variant_id": variant_ids.get(sku), "flash_price": r.fen(f"items.{i}.flash_price", required=True),
            "quantity": r.whole(f"items.{i}.quantity", required=True),
            "per_shopper_limit": r.whole(f"items.{i}.per_shopper_limit"),
        }))  # fmt: skip
    starts_at, ends_at = r.moment("starts_at", timezone), r.moment("ends_at", timezone)
    if starts_at and ends_at and ends_at <= starts_at:
        r.errors["ends_at"] = gettext("The end must be after the start.")
    payload = {"name": r.text("name"), "location_id": r.text("location_id"), "starts_at": starts_at,
               "ends_at": ends_at, "payment_minutes": r.whole("payment_minutes"), "items": items}  # fmt: skip
    return r.finish(FlashSaleCreate, compact(payload))


def flash_field(path: str) -> str:
    """The input a flash sale schema error belongs to: the SKU's box for its variant, else the same name."""
    return path.removesuffix(".variant_id") + ".sku" if path.endswith(".variant_id") else path


def read_bargain(
    form: Mapping[str, Any], *, variant_ids: Mapping[str, str], currency: str, gettext: Callable[[str], str]
) -> RuleForm[BargainCreate]:
    """A bargain activity: name, SKU (``variant_ids`` maps it to its variant), location, start and floor price
    in yuan, helpers needed, hours, the daily help limit, a big first cut's share and two switches."""
    r = _Reader(form, currency, gettext)
    sku = r.text("sku")
    if not sku:
        r.errors["sku"] = gettext("This field is required.")
    elif sku not in variant_ids:
        r.errors["sku"] = gettext("No variant has the SKU %(sku)s.") % {"sku": sku}
    payload = {
        "name": r.text("name"), "variant_id": variant_ids.get(sku), "location_id": r.text("location_id"),
        "start_price": r.fen("start_price", required=True), "floor_price": r.fen("floor_price", required=True),
        "helpers_needed": r.whole("helpers_needed", required=True), "hours": r.whole("hours"),
        "daily_help_limit": r.whole("daily_help_limit"), "first_cut_percent": r.whole("first_cut_percent"),
        "buy_before_floor": r.checked("buy_before_floor"),
        "new_shopper_counts_double": r.checked("new_shopper_counts_double"),
    }  # fmt: skip
    return r.finish(BargainCreate, compact(payload))
