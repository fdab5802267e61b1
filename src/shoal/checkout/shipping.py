"""Pure shipping fee rules: express by weight or by piece per region, same-city by distance, pickup free.

Fees are integer fen. A template's ``additional_units`` is the step after the first block (grams for
``by_weight``, pieces for ``per_piece``); each started step costs ``additional_fee``.

Provinces are compared by one spelling, the national divisions' full name (``province_key``): a template naming
浙江 prices an address in 浙江省, and 新疆 one in 新疆维吾尔自治区, so no suffix drops a parcel to the ``*`` rate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from shoal.checkout.errors import (
    InvalidShippingTemplate,
    OutsideDeliveryArea,
    ShippingUnavailable,
    UnknownShippingRegion,
)
from shoal.customers.regions import province_named

BY_WEIGHT = "by_weight"
PER_PIECE = "per_piece"
SAME_CITY = "same_city"
TEMPLATE_MODES = (BY_WEIGHT, PER_PIECE, SAME_CITY)
EVERYWHERE = "*"


@dataclass(frozen=True, slots=True)
class Band:
    """Deliveries up to ``up_to_metres`` from the store cost ``fee``."""

    up_to_metres: int
    fee: int


@dataclass(frozen=True, slots=True)
class ShippingRule:
    id: str
    mode: str
    regions: tuple[str, ...] = (EVERYWHERE,)
    first_units: int = 0
    first_fee: int = 0
    additional_units: int = 1
    additional_fee: int = 0
    free_over: int | None = None
    priority: int = 100
    location_id: str | None = None
    radius_metres: int = 0
    bands: tuple[Band, ...] = ()


def province_key(name: str) -> str:
    """The province as shipping compares it: its full name in the divisions (浙江, 浙江省 -> 浙江省); a name that is
    no province is kept as written (it matches only itself)."""
    found = province_named(name)
    return found.name if found else name.strip()


def template_regions(regions: Sequence[str]) -> list[str]:
    """A template's regions as stored: ``*`` or provinces by their full names, each once. A name that is no
    province is refused (422 ``unknown_region``) rather than stored to match no address."""
    keys = []
    for name in regions:
        if name.strip() != EVERYWHERE and province_named(name) is None:
            raise UnknownShippingRegion(name=name)
        keys.append(EVERYWHERE if name.strip() == EVERYWHERE else province_key(name))
    return list(dict.fromkeys(keys))


def validate_rule(rule: ShippingRule) -> None:
    """Refuse a template that could not quote a fee (admin input is checked before it is stored)."""
    amounts = (rule.first_units, rule.first_fee, rule.additional_fee, rule.radius_metres, rule.free_over or 0)
    if any(x < 0 for x in amounts):
        raise InvalidShippingTemplate(detail="amounts must not be negative")
    if rule.mode not in TEMPLATE_MODES:
        raise InvalidShippingTemplate(detail=f"mode must be one of {', '.join(TEMPLATE_MODES)}")
    if rule.mode == SAME_CITY:
        if not rule.location_id or not rule.bands or rule.radius_metres <= 0:
            raise InvalidShippingTemplate(detail="same-city needs a store location, a radius and distance bands")
        limits = [b.up_to_metres for b in rule.bands]
        if limits != sorted(set(limits)) or limits[-1] < rule.radius_metres or any(b.fee < 0 for b in rule.bands):
            raise InvalidShippingTemplate(detail="bands must rise strictly and cover the whole radius")
    elif rule.additional_units < 1 or not rule.regions:
        raise InvalidShippingTemplate(detail="additional units must be at least 1 and regions must not be empty")


def stepped_fee(units: int, *, first_units: int, first_fee: int, additional_units: int, additional_fee: int) -> int:
    """The first block costs ``first_fee``; every started block of ``additional_units`` beyond it costs more."""
    if units <= 0:
        return 0
    extra = max(0, units - first_units)
    steps = -(-extra // additional_units)
    return first_fee + steps * additional_fee


def match_template(rules: Sequence[ShippingRule], province: str) -> ShippingRule:
    """A template naming the province (in any spelling) beats a ``*`` template; among equals the lowest priority
    wins."""
    express = [r for r in rules if r.mode in (BY_WEIGHT, PER_PIECE)]
    key = province_key(province)
    named = [r for r in express if key in {province_key(name) for name in r.regions}]
    candidates = named or [r for r in express if EVERYWHERE in r.regions]
    if not candidates:
        raise ShippingUnavailable(province=province)
    return min(candidates, key=lambda r: (r.priority, r.id))


def express_fee(rule: ShippingRule, *, weight_grams: int, pieces: int) -> int:
    """The template's fee for the parcel, before its free-over threshold (``charged`` judges that)."""
    units = weight_grams if rule.mode == BY_WEIGHT else pieces
    return stepped_fee(
        units,
        first_units=rule.first_units,
        first_fee=rule.first_fee,
        additional_units=rule.additional_units,
        additional_fee=rule.additional_fee,
    )


def same_city_fee(rule: ShippingRule, *, distance_metres: int) -> int:
    """The fee of the first band that reaches the address, before the free-over threshold; beyond the radius
    there is no delivery."""
    if distance_metres > rule.radius_metres:
        raise OutsideDeliveryArea(distance_metres=distance_metres, radius_metres=rule.radius_metres)
    for band in rule.bands:
        if distance_metres <= band.up_to_metres:
            return band.fee
    raise OutsideDeliveryArea(distance_metres=distance_metres, radius_metres=rule.radius_metres)


def charged(fee: int, free_over: int | None, merchandise: int) -> int:
    """The fee, or nothing when the goods cost at least ``free_over`` (满额包邮). ``merchandise`` is what the goods
    cost after every discount, promotions and coupons included (docs/pricing.md)."""
    return 0 if free_over is not None and merchandise >= free_over else fee


def nearest_same_city(rules: Sequence[ShippingRule], distances: dict[str, int]) -> tuple[ShippingRule, int]:
    """The same-city store nearest the address (``distances`` by rule id); it must be within its radius."""
    options = sorted(
        ((distances[r.id], r.priority, r.id, r) for r in rules if r.mode == SAME_CITY and r.id in distances),
        key=lambda o: o[:3],
    )
    if not options:
        raise ShippingUnavailable(province="same-city")
    within = [o for o in options if o[0] <= o[3].radius_metres]
    distance, _, _, rule = (within or options)[0]
    if not within:
        raise OutsideDeliveryArea(distance_metres=distance, radius_metres=rule.radius_metres)
    return rule, distance
