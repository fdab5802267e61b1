"""The rules in force, as the engine sees them: promotions (automatic) and the coupons a shopper holds.

Stacking is declared on each rule, never coded:
- ``stackable``: applies together with everything else that qualifies;
- ``best_of``: competes with the other ``best_of`` rules of its ``group``; the one that leaves the lowest total
  applies, and it combines with the rest;
- ``exclusive``: applies alone; the engine compares it with the best combination of all the others.
The stage (item → order → shipping) follows from the benefit; ``priority`` orders rules within a stage
(higher first), then the id, so the input order never matters. Coupons say whether they combine with
promotions and with other coupons; one coupon of a template per order."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from shoal.marketing.engine.benefits_item import BundlePrice, ExchangeItem, ItemPrice, NItemsDiscount
from shoal.marketing.engine.benefits_order import AmountOff, FreeShipping, Gift, PercentOff
from shoal.marketing.engine.conditions import Condition

Benefit = ItemPrice | NItemsDiscount | BundlePrice | ExchangeItem | AmountOff | PercentOff | Gift | FreeShipping


class Mode(StrEnum):
    EXCLUSIVE = "exclusive"
    STACKABLE = "stackable"
    BEST_OF = "best_of"


class CouponStatus(StrEnum):
    AVAILABLE = "available"
    LOCKED = "locked"
    USED = "used"
    EXPIRED = "expired"


@dataclass(frozen=True, slots=True)
class Promotion:
    id: str
    benefit: Benefit
    condition: Condition = field(default_factory=Condition)
    name: dict[str, str] = field(default_factory=dict, hash=False)
    mode: Mode = Mode.STACKABLE
    group: str = ""
    priority: int = 0
    budget_left: int | None = None  # what is left of the promotion's total budget; the discount is capped at it


@dataclass(frozen=True, slots=True)
class CouponTemplate:
    id: str
    benefit: Benefit
    condition: Condition = field(default_factory=Condition)
    name: dict[str, str] = field(default_factory=dict, hash=False)
    stacks_with_promotions: bool = True
    stacks_with_coupons: bool = False
    priority: int = 0


@dataclass(frozen=True, slots=True)
class HeldCoupon:
    """A coupon instance the shopper holds. Checkout re-pricing its own order passes its locked coupon as
    ``available``: the lock belongs to that order."""

    id: str
    template: CouponTemplate
    status: CouponStatus = CouponStatus.AVAILABLE
    valid_from: datetime | None = None
    valid_until: datetime | None = None
