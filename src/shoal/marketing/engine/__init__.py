"""The pure marketing engine: conditions and benefits over a cart snapshot, declared stacking, a bounded search
for the shopper's best combination, and an explanation of every rule. No I/O: checkout and the simulation API
build the snapshot and the rules from their tables and call ``price``."""

from shoal.marketing.engine.benefits import Stage
from shoal.marketing.engine.benefits_item import BundlePrice, ExchangeItem, ItemPrice, NItemsDiscount
from shoal.marketing.engine.benefits_order import AmountOff, FreeShipping, Gift, PercentOff, Tier
from shoal.marketing.engine.cart import CartLine, CartSnapshot, CustomerFacts, line_of
from shoal.marketing.engine.conditions import CHANNELS, Audience, Channel, Condition, Schedule, Scope
from shoal.marketing.engine.offers import Benefit, CouponStatus, CouponTemplate, HeldCoupon, Mode, Promotion
from shoal.marketing.engine.pricing import price
from shoal.marketing.engine.result import AppliedDiscount, Explanation, LineShare, PricedLine, PricingResult
from shoal.marketing.engine.state import GiftLine

__all__ = [
    "CHANNELS",
    "AmountOff",
    "AppliedDiscount",
    "Audience",
    "Benefit",
    "BundlePrice",
    "CartLine",
    "CartSnapshot",
    "Channel",
    "Condition",
    "CouponStatus",
    "CouponTemplate",
    "CustomerFacts",
    "ExchangeItem",
    "Explanation",
    "FreeShipping",
    "Gift",
    "GiftLine",
    "HeldCoupon",
    "ItemPrice",
    "LineShare",
    "Mode",
    "NItemsDiscount",
    "PercentOff",
    "PricedLine",
    "PricingResult",
    "Promotion",
    "Schedule",
    "Scope",
    "Stage",
    "Tier",
    "line_of",
    "price",
]
