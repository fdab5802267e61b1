"""Inventory use cases: locations, availability and fulfilment planning here; stock counts, reservations
and transfers in the ``service_*`` modules, re-exported so other domains import one module.

``list_locations``, ``get_location`` and ``availability`` answer storefront questions (which stores,
how many left), so they require no staff permission; everything that reads stock detail or writes does.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.exc import IntegrityError

from shoal.core.references import finds
from shoal.core.uow import UnitOfWork
from shoal.inventory import repository, rules
from shoal.inventory.errors import LocationCodeTaken, Unfulfillable
from shoal.inventory.models import Location, Stock
from shoal.inventory.rules import Plan, ReserveLine
from shoal.inventory.schemas import LocationCreate, LocationRead, LocationUpdate
from shoal.inventory.service_reservations import (
    confirm_reservation,
    list_reservations,
    release_expired_reservations,
    release_reservation,
    reserve,
)
from shoal.inventory.service_stock import (
    adjust_stock,
    count_low_stock,
    list_ledger,
    list_stock,
    receive_stock,
    set_low_stock_threshold,
    set_on_hand,
)
from shoal.inventory.service_transfers import (
    cancel_transfer,
    create_transfer,
    get_transfer,
    list_transfers,
    receive_transfer,
    ship_transfer,
)

__all__ = [
    "ReserveLine",
    "adjust_stock",
    "availability",
    "availability_by_location",
    "cancel_transfer",
    "confirm_reservation",
    "count_low_stock",
    "create_location",
    "create_transfer",
    "get_location",
    "get_transfer",
    "list_ledger",
    "list_locations",
    "list_reservations",
    "list_stock",
    "list_transfers",
    "plan_fulfilment",
    "receive_stock",
    "receive_transfer",
    "release_expired_reservations",
    "release_reservation",
    "reserve",
    "set_low_stock_threshold",
    "set_on_hand",
    "ship_transfer",
    "stock_at_stores",
    "update_location",
]


async def create_location(uow: UnitOfWork, *, data: LocationCreate) -> LocationRead:
    async with uow:
        uow.actor.require("inventory.write")
        now = uow.clock.now()
        values = data.model_dump(exclude={"address"})
        location = Location(
            tenant_id=uow.tenant_id,
            **values,
            address=data.address.model_dump(exclude_none=True),
            created_at=now,
            updated_at=now,
        )
        uow.s.add(location)
        try:
            await uow.s.flush()
        except IntegrityError as exc:
            raise LocationCodeTaken(code=data.code) from exc
        uow.audit("location.create", "location", location.id, data.model_dump(mode="json"))
        await uow.commit()
        return LocationRead.model_validate(location)


async def update_location(uow: UnitOfWork, *, location_id: str, data: LocationUpdate) -> LocationRead:
    async with uow:
        uow.actor.require("inventory.write")
        location = await repository.get_location(uow, location_id)
        changes = data.model_dump(exclude_unset=True)
        for name, value in changes.items():
            if name == "address":
                value = data.address.model_dump(exclude_none=True)
            setattr(location, name, value)
        location.updated_at = uow.clock.now()
        uow.audit("location.update", "location", location.id, data.model_dump(mode="json", exclude_unset=True))
        await uow.commit()
        return LocationRead.model_validate(location)


async def get_location(uow: UnitOfWork, *, location_id: str) -> LocationRead:
    async with uow:
        return LocationRead.model_validate(await repository.get_location(uow, location_id))


@finds("location")
async def existing_location_ids(uow: UnitOfWork, ids: frozenset[str]) -> set[str]:
    """Which of ``ids`` name locations of this shop: other domains check the store ids they store."""
    async with uow:
        rows = await uow.s.execute(select(Location.id).where(Location.tenant_id == uow.tenant_id, Location.id.in_(ids)))
        return set(rows.scalars())


async def list_locations(uow: UnitOfWork, *, kind: str | None = None) -> list[LocationRead]:
    """Every location of the tenant (a clerk sees only its own), by kind, priority and code."""
    async with uow:
        query = select(Location).where(Location.tenant_id == uow.tenant_id)
        if kind:
            query = query.where(Location.kind == kind)
        if uow.actor.location_id:
            query = query.where(Location.id == uow.actor.location_id)
        rows = (await uow.s.execute(query.order_by(Location.kind, Location.priority, Location.code))).scalars()
        return [LocationRead.model_validate(r) for r in rows]


async def availability(
    uow: UnitOfWork, *, variant_ids: list[str], location_ids: list[str] | None = None
) -> dict[str, int]:
    """Units a shopper can buy per variant: on hand minus reserved, over active sellable locations.

    One query; a variant without stock anywhere answers 0.
    """
    result = dict.fromkeys(variant_ids, 0)
    if not variant_ids:
        return result
    async with uow:
        params = {"tenant_id": uow.tenant_id, "variant_ids": variant_ids}
        if location_ids is None:
            rows = await uow.run(_AVAILABLE, params)
        else:
            rows = await uow.run(_AVAILABLE_AT, {**params, "location_ids": location_ids})
        for variant_id, units in rows.all():
            result[variant_id] = int(units or 0)
    return result


def _available_statement() -> Select[tuple[str, int]]:
    return (
        select(Stock.variant_id, func.sum(Stock.on_hand - Stock.reserved))
        .join(Location, Location.id == Stock.location_id)
        .where(
            Stock.tenant_id == bindparam("tenant_id"),
            Location.tenant_id == bindparam("tenant_id"),
            Location.active.is_(True),
            Location.sellable.is_(True),
            Stock.variant_id.in_(bindparam("variant_ids", expanding=True)),
        )
        .group_by(Stock.variant_id)
    )


# Every product page reads availability: built once, bound per read (``UnitOfWork.run``).
_AVAILABLE = _available_statement()
_AVAILABLE_AT = _available_statement().where(Stock.location_id.in_(bindparam("location_ids", expanding=True)))


async def availability_by_location(uow: UnitOfWork, *, variant_ids: list[str]) -> dict[str, dict[str, int]]:
    """Available units per variant and active location (for "in stock at this store" and pickup)."""
    result: dict[str, dict[str, int]] = {v: {} for v in variant_ids}
    async with uow:
        for variant_id, location_id, units in await _available_rows(uow, variant_ids):
            result[variant_id][location_id] = units
    return result


async def stock_at_stores(uow: UnitOfWork, *, variant_id: str) -> list[tuple[LocationRead, int, int | None]]:
    """Every active store with its available units of a variant (0 without a row) and the row's low-stock
    threshold: what a shopper may learn of a store's shelf, as ``stores`` coarsens it. One query."""
    async with uow:
        rows = await uow.s.execute(
            select(Location, Stock.on_hand - Stock.reserved, Stock.low_stock_threshold)
            .outerjoin(
                Stock,
                (Stock.location_id == Location.id)
                & (Stock.tenant_id == uow.tenant_id)
                & (Stock.variant_id == variant_id),
            )
            .where(Location.tenant_id == uow.tenant_id, Location.kind == "store", Location.active.is_(True))
            .order_by(Location.priority, Location.code)
        )
        return [(LocationRead.model_validate(loc), int(units or 0), threshold) for loc, units, threshold in rows.all()]


async def plan_fulfilment(
    uow: UnitOfWork,
    *,
    lines: Sequence[tuple[str, int]],
    destination: tuple[Decimal | float, Decimal | float] | None = None,
    split: bool = False,
    region_code: str | None = None,
) -> Plan:
    """Where to ship an order from (see ``rules.plan_fulfilment``): the destination's point and region code
    choose among stores, warehouses and the dealers assigned that region; ``Unfulfillable`` if nowhere.

    Candidates are the active sellable locations, and those assigned regions (``coverage``) even when not
    sellable: a dealer's stock, kept out of the shop's availability everywhere, still serves its own region."""
    candidates: dict[str, rules.Candidate] = {}
    async with uow:
        found = await uow.run(_STOCK_TO_PLAN, {"tenant": uow.tenant_id, "variant_ids": sorted({v for v, _ in lines})})
        for variant_id, units, location_id, kind, priority, latitude, longitude, sellable, coverage in found:
            if sellable or coverage:
                candidate = candidates.setdefault(
                    location_id,
                    rules.Candidate(location_id, kind, priority, {}, latitude, longitude, tuple(coverage or ())),
                )
                candidate.available[variant_id] = int(units)
    plan = rules.plan_fulfilment(lines, list(candidates.values()), destination, split=split, region_code=region_code)
    if plan is None:
        raise Unfulfillable()
    return plan


# Planning reads each wanted variant's rows at the active locations with what it needs of each location, in one
# statement: a location holding none of the wanted variants could not ship any of them anyway.
_STOCK_TO_PLAN = (
    select(
        Stock.variant_id,
        Stock.on_hand - Stock.reserved,
        Location.id,
        Location.kind,
        Location.priority,
        Location.latitude,
        Location.longitude,
        Location.sellable,
        Location.coverage,
    )
    .join(Location, Location.id == Stock.location_id)
    .where(
        Stock.tenant_id == bindparam("tenant"),
        Location.tenant_id == bindparam("tenant"),
        Location.active.is_(True),
        Stock.variant_id.in_(bindparam("variant_ids", expanding=True)),
    )
)


async def _available_rows(uow: UnitOfWork, variant_ids: list[str]) -> list[tuple[str, str, int]]:
    query = (
        select(Stock.variant_id, Stock.location_id, Stock.on_hand - Stock.reserved)
        .join(Location, Location.id == Stock.location_id)
        .where(
            Stock.tenant_id == uow.tenant_id,
            Location.tenant_id == uow.tenant_id,
            Location.active.is_(True),
            Stock.variant_id.in_(variant_ids),
        )
    )
    return [(v, loc, int(units)) for v, loc, units in (await uow.s.execute(query)).all()]
