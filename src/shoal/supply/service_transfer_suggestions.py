"""Store replenishment from warehouses (门店调拨建议): suggested transfers, and accepting them as draft transfers.

Per store SKU with a forecast: the reorder point and order-up-to level come from ``rules_replenishment`` with the
warehouse-to-store lead time (days, not the supplier's weeks) and the forecast's error spread; the position is
what the store has available plus what open transfers and purchase orders still bring. The source is the active
warehouse holding the most of that SKU (then the lower priority number); it gives at most what it has, and the
rest is reported as ``short`` (a purchase to make). Accepting makes inventory's draft transfers, one per
warehouse and store, in one transaction; shipping and receiving them is inventory's transfer flow.
"""

from __future__ import annotations

from collections import defaultdict

from shoal.core.uow import UnitOfWork
from shoal.inventory.schemas import LocationRead, TransferCreate, TransferLineIn, TransferRead
from shoal.inventory.service import availability_by_location, create_transfer, list_locations
from shoal.supply import rules_replenishment as rules
from shoal.supply.schemas_replenishment import TransferAcceptIn, TransferSuggestion, TransferSuggestionLine
from shoal.supply.service_forecasts import latest_series
from shoal.supply.service_replenishment import DAYS_PER_PERIOD, inbound, open_transfers

Key = tuple[str | None, str]


async def transfer_suggestions(
    uow: UnitOfWork, *, service_level: float = 0.95, lead_time_days: int = 2
) -> list[TransferSuggestion]:
    async with uow:
        locations = {loc.id: loc for loc in await list_locations(uow) if loc.active}
        stores = {i for i, loc in locations.items() if loc.kind == "store"}
        warehouses = sorted((loc for loc in locations.values() if loc.kind == "warehouse"), key=lambda x: x.priority)
        series = {key: value for key, value in (await latest_series(uow)).items() if key[1] in stores}
        variants = sorted({variant for variant, _ in series})
        available = await availability_by_location(uow, variant_ids=variants)
        coming = await inbound(uow)
        promised = _drafted_out(await open_transfers(uow))
    grouped: dict[Key, list[TransferSuggestionLine]] = defaultdict(list)
    for (variant, store), (forecast, error_sd, method) in sorted(series.items()):
        target = rules.levels(forecast, error_sd, lead_time_days / DAYS_PER_PERIOD, service_level)
        have, on_way = available.get(variant, {}).get(store, 0), coming.get((variant, store), 0)
        needed = rules.order_quantity(have + on_way, target)
        if not needed:
            continue
        spare = {loc: units - promised.get((variant, loc), 0) for loc, units in available.get(variant, {}).items()}
        source = _source(warehouses, spare)
        quantity = min(needed, spare[source.id]) if source else 0
        line = TransferSuggestionLine(
            variant_id=variant, method=method, available=have, inbound=on_way, reorder_point=target.reorder_point,
            order_up_to=target.order_up_to, quantity=quantity, short=needed - quantity,
        )  # fmt: skip
        grouped[(source.id if source and quantity else None, store)].append(line)
    return [
        TransferSuggestion(source_location_id=source, destination_location_id=store, lines=lines)
        for (source, store), lines in sorted(grouped.items(), key=lambda kv: (kv[0][0] or "", kv[0][1]))
    ]


async def accept_transfers(uow: UnitOfWork, *, data: TransferAcceptIn) -> list[TransferRead]:
    """One draft transfer per warehouse and store, all in one transaction (lines the warehouse cannot fill stay
    out: they are purchases to make)."""
    async with uow:
        uow.actor.require("inventory.write")
        made = []
        found = await transfer_suggestions(uow, service_level=data.service_level, lead_time_days=data.lead_time_days)
        for suggestion in found:
            lines = [
                TransferLineIn(variant_id=x.variant_id, quantity=x.quantity) for x in suggestion.lines if x.quantity
            ]
            if not suggestion.source_location_id or not lines:
                continue
            if data.destination_ids is not None and suggestion.destination_location_id not in data.destination_ids:
                continue
            transfer = TransferCreate(
                source_location_id=suggestion.source_location_id,
                destination_location_id=suggestion.destination_location_id,
                lines=lines,
                note="补货调拨建议 / replenishment transfer",
            )
            made.append(await create_transfer(uow, data=transfer))
        await uow.commit()
        return made


def _drafted_out(transfers: list[TransferRead]) -> dict[Key, int]:
    """Units draft transfers will take out of their source (shipping has not taken them yet)."""
    out: dict[Key, int] = defaultdict(int)
    for transfer in transfers:
        if transfer.status == "draft":
            for line in transfer.lines:
                out[(line.variant_id, transfer.source_location_id)] += line.quantity
    return out


def _source(warehouses: list[LocationRead], available: dict[str, int]) -> LocationRead | None:
    """The warehouse holding the most of the SKU, the lower priority number first among equals."""
    stocked = [w for w in warehouses if available.get(w.id, 0) > 0]
    return max(stocked, key=lambda w: (available[w.id], -w.priority), default=None)
