"""Pure inventory rules: reservation line order, ledger arithmetic and choosing where to ship from.

No I/O here; the services load stock and call these.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

LOCATION_KINDS = ("warehouse", "store", "dealer")
LEDGER_REASONS = (
    "receipt",
    "adjustment",
    "sale",
    "return",
    "transfer_out",
    "transfer_in",
    "stocktake",
    "reservation",
    "release",
    "cancellation",  # a paid order called off before it shipped: its units back on the shelf
    "supplier_return",  # goods sent back to the supplier they were bought from (supply's 采购退货)
)
ADJUSTMENT_REASONS = ("adjustment", "return", "supplier_return")
STOCKTAKE_REASONS = ("stocktake", "adjustment")
EARTH_RADIUS_METRES = 6_371_008.8


@dataclass(frozen=True, slots=True)
class ReserveLine:
    variant_id: str
    location_id: str
    quantity: int


def is_low_stock(available: int, threshold: int | None) -> bool:
    """A stock row needs restocking (库存预警) once its available units fall to the threshold or below;
    a row without a threshold never alerts (the merchant chooses which rows are worth watching)."""
    return threshold is not None and available <= threshold


def lock_order(lines: Iterable[ReserveLine]) -> list[ReserveLine]:
    """Merge duplicate (variant, location) lines and sort them, so every transaction locks stock rows
    in the same order and two reservations can never wait on each other (no deadlock)."""
    totals: dict[tuple[str, str], int] = defaultdict(int)
    for line in lines:
        totals[(line.variant_id, line.location_id)] += line.quantity
    return [ReserveLine(v, loc, q) for (v, loc), q in sorted(totals.items())]


def ledger_totals(deltas: Iterable[tuple[int, int]]) -> tuple[int, int]:
    """What a stock row must hold, given its ledger deltas (on_hand, reserved): the audit invariant."""
    on_hand = reserved = 0
    for d_on_hand, d_reserved in deltas:
        on_hand += d_on_hand
        reserved += d_reserved
    return on_hand, reserved


def haversine_metres(a: tuple[Decimal | float, Decimal | float], b: tuple[Decimal | float, Decimal | float]) -> int:
    """Great-circle distance in whole metres. Coordinates are not money, so floats are fine here."""
    lat1, lng1, lat2, lng2 = (math.radians(float(x)) for x in (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
    return round(2 * EARTH_RADIUS_METRES * math.asin(min(1.0, math.sqrt(h))))


@dataclass(frozen=True, slots=True)
class Candidate:
    """A location that could ship: what it has available of each variant, and where it is."""

    location_id: str
    kind: str
    priority: int
    available: dict[str, int]
    latitude: Decimal | float | None = None
    longitude: Decimal | float | None = None
    coverage: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Allocation:
    location_id: str
    variant_id: str
    quantity: int


@dataclass(frozen=True, slots=True)
class Plan:
    allocations: tuple[Allocation, ...] = field(default_factory=tuple)

    @property
    def location_ids(self) -> list[str]:
        return list(dict.fromkeys(a.location_id for a in self.allocations))


def _requested(lines: Sequence[tuple[str, int]]) -> dict[str, int]:
    totals: dict[str, int] = defaultdict(int)
    for variant_id, quantity in lines:
        if quantity <= 0:
            raise ValueError(f"quantity must be positive, got {quantity}")
        totals[variant_id] += quantity
    return dict(totals)


def covers(code: str, region_code: str) -> bool:
    """Whether a coverage code takes in an address's region code: a province (``33``), a city (``3301``) or a
    district (``330106``) takes in every code under it (a district's, or a town's 9 digits in cities without
    districts). GB/T 2260's padded forms (``330000``, ``330100``) mean the same province and city."""
    if len(code) == 6 and code.endswith("00"):
        code = code[:2] if code.endswith("0000") else code[:4]
    return region_code.startswith(code)


def serves(candidate: Candidate, region_code: str | None) -> bool:
    """A location naming regions serves only those (an unknown region is none of them); one naming none serves
    everywhere, except a dealer: it holds another business's stock and ships a shop's orders only where the
    shop assigned it a region."""
    if candidate.coverage:
        return region_code is not None and any(covers(code, region_code) for code in candidate.coverage)
    return candidate.kind != "dealer"


def preference_order(
    candidates: Sequence[Candidate],
    destination: tuple[Decimal | float, Decimal | float] | None,
    region_code: str | None = None,
) -> list[Candidate]:
    """Locations assigned the destination's region first, then stores nearest the destination, then warehouses
    by priority (lowest first); locations that do not serve the region are left out (``serves``).

    Without a destination point "nearest" means nothing, so warehouses come before the unassigned stores.
    """

    def distance(c: Candidate) -> int:
        if destination is None or c.latitude is None or c.longitude is None:
            return 2**62
        return haversine_metres(destination, (c.latitude, c.longitude))

    def near(c: Candidate) -> tuple[int, int, str]:
        return distance(c), c.priority, c.location_id

    eligible = [c for c in candidates if serves(c, region_code)]
    assigned = sorted((c for c in eligible if c.coverage), key=near)
    stores = sorted((c for c in eligible if c.kind == "store" and not c.coverage), key=near)
    warehouses = sorted(
        (c for c in eligible if c.kind == "warehouse" and not c.coverage), key=lambda c: (c.priority, c.location_id)
    )
    return [*assigned, *stores, *warehouses] if destination is not None else [*assigned, *warehouses, *stores]


def plan_fulfilment(
    lines: Sequence[tuple[str, int]],
    candidates: Sequence[Candidate],
    destination: tuple[Decimal | float, Decimal | float] | None = None,
    *,
    split: bool = False,
    region_code: str | None = None,
) -> Plan | None:
    """Choose where each line ships from, or ``None`` when the order cannot be fulfilled.

    One location that holds the whole order wins (see ``preference_order``). Otherwise, if a split is
    allowed, cover the order greedily with as few locations as possible: take the location that
    covers the most remaining units (ties go to the preferred one), repeat.
    """
    wanted = _requested(lines)
    ordered = preference_order(candidates, destination, region_code)
    for c in ordered:
        if all(c.available.get(v, 0) >= q for v, q in wanted.items()):
            return Plan(tuple(Allocation(c.location_id, v, q) for v, q in wanted.items()))
    if not split:
        return None
    remaining = dict(wanted)
    unused = list(ordered)
    allocations: list[Allocation] = []
    while any(remaining.values()):
        best, best_units = None, 0
        for c in unused:
            units = sum(min(c.available.get(v, 0), q) for v, q in remaining.items())
            if units > best_units:
                best, best_units = c, units
        if best is None:
            return None
        unused.remove(best)
        for v, q in remaining.items():
            take = min(best.available.get(v, 0), q)
            if take > 0:
                allocations.append(Allocation(best.location_id, v, take))
                remaining[v] = q - take
    return Plan(tuple(allocations))
