"""Conditions: what must hold for a rule to give anything. Scope picks the lines a rule looks at; audience,
channel and schedule are facts of the shopper and the moment; spend and quantity thresholds are checked by the
engine against the in-scope lines as they stand when the rule's stage comes (after earlier discounts)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from typing import Literal, get_args
from zoneinfo import ZoneInfo

from shoal.marketing.engine import reasons
from shoal.marketing.engine.cart import CartLine, CustomerFacts

Channel = Literal["online", "store", "dealer"]  # where a cart is bought: the storefront, a store's till, a dealer
CHANNELS: tuple[str, ...] = get_args(Channel)


@dataclass(frozen=True, slots=True)
class Scope:
    """Which lines a rule covers. No inclusion at all means every product; a line matching any exclusion is out
    even when an inclusion names it (exclusions win, so "all tea except gift boxes" is two sets, not a list)."""

    category_ids: frozenset[str] = frozenset()
    brand_ids: frozenset[str] = frozenset()
    tags: frozenset[str] = frozenset()
    product_ids: frozenset[str] = frozenset()
    variant_ids: frozenset[str] = frozenset()
    exclude_category_ids: frozenset[str] = frozenset()
    exclude_brand_ids: frozenset[str] = frozenset()
    exclude_tags: frozenset[str] = frozenset()
    exclude_product_ids: frozenset[str] = frozenset()
    exclude_variant_ids: frozenset[str] = frozenset()

    @property
    def is_everything(self) -> bool:
        return not (self.category_ids or self.brand_ids or self.tags or self.product_ids or self.variant_ids)

    def covers(self, line: CartLine) -> bool:
        if (
            line.variant_id in self.exclude_variant_ids
            or line.product_id in self.exclude_product_ids
            or (line.brand_id is not None and line.brand_id in self.exclude_brand_ids)
            or not line.category_ids.isdisjoint(self.exclude_category_ids)
            or not line.tags.isdisjoint(self.exclude_tags)
        ):
            return False
        return (
            self.is_everything
            or line.variant_id in self.variant_ids
            or line.product_id in self.product_ids
            or (line.brand_id is not None and line.brand_id in self.brand_ids)
            or not line.category_ids.isdisjoint(self.category_ids)
            or not line.tags.isdisjoint(self.tags)
        )


@dataclass(frozen=True, slots=True)
class Audience:
    """Who may have the rule. Groups and member levels are alternatives (a VIP group OR gold members); an empty
    audience is everyone. Channels empty means every channel."""

    customer_groups: frozenset[str] = frozenset()
    member_levels: frozenset[str] = frozenset()
    new_customers_only: bool = False
    channels: frozenset[str] = frozenset()

    def refusal(self, customer: CustomerFacts, channel: str) -> str | None:
        if self.channels and channel not in self.channels:
            return reasons.CHANNEL_MISMATCH
        if self.new_customers_only and not customer.is_new_customer:
            return reasons.NEW_CUSTOMERS_ONLY
        if self.customer_groups or self.member_levels:
            in_group = not customer.groups.isdisjoint(self.customer_groups)
            at_level = customer.member_level is not None and customer.member_level in self.member_levels
            if not (in_group or at_level):
                return reasons.AUDIENCE_MISMATCH
        return None


@dataclass(frozen=True, slots=True)
class Schedule:
    """When the rule runs: an absolute window (aware datetimes, end exclusive) and, optionally, weekdays and a
    daily wall-clock window read in the rule's time zone (a 10:00–12:00 flash price means Beijing time for a
    Shanghai shop, whatever the server's zone). A daily window whose end is before its start crosses midnight."""

    starts_at: datetime | None = None
    ends_at: datetime | None = None
    timezone: str = "Asia/Shanghai"
    weekdays: frozenset[int] = frozenset()
    daily_start: time | None = None
    daily_end: time | None = None

    def refusal(self, now: datetime) -> str | None:
        if self.starts_at is not None and now < self.starts_at:
            return reasons.NOT_STARTED
        if self.ends_at is not None and now >= self.ends_at:
            return reasons.ENDED
        if not self.weekdays and self.daily_start is None and self.daily_end is None:
            return None
        local = now.astimezone(ZoneInfo(self.timezone))
        if self.weekdays and local.weekday() not in self.weekdays:
            return reasons.OUTSIDE_HOURS
        start = self.daily_start or time.min
        end = self.daily_end or time.max
        clock = local.time().replace(tzinfo=None)
        inside = start <= clock < end if start <= end else (clock >= start or clock < end)
        return None if inside else reasons.OUTSIDE_HOURS


@dataclass(frozen=True, slots=True)
class Condition:
    scope: Scope = Scope()
    audience: Audience = Audience()
    schedule: Schedule = Schedule()
    min_spend: int = 0
    min_quantity: int = 0
