"""Replenishment suggestions (补货建议) from the latest forecast, and accepting them as draft purchase orders.

Per SKU × location with a forecast: the supplier is the one selling it cheapest (then the shortest lead time);
the position is what is available there plus what open purchase orders and transfers still bring (for a
store, plus what the warehouses hold: it is refilled from them by transfer first); the reorder point and
order-up-to level come from ``rules_replenishment`` with the supplier's lead time and the forecast's own error
spread. Lines are grouped by supplier and destination, one draft order each when accepted, in one transaction.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select

from shoal.core.uow import UnitOfWork
from shoal.inventory.schemas import TransferRead
from shoal.inventory.service import availability_by_location, list_locations, list_transfers
from shoal.supply import rules_replenishment as rules
from shoal.supply.models import PurchaseOrder, PurchaseOrderLine
from shoal.supply.schemas import PurchaseOrderCreate, PurchaseOrderLineIn, PurchaseOrderRead, SupplierItemRead
from shoal.supply.schemas_replenishment import AcceptIn, Suggestion, SuggestionLine
from shoal.supply.service_forecasts import latest_series
from shoal.supply.service_orders import create_order
from shoal.supply.service_suppliers import list_items

OPEN = ("draft", "sent", "partially_received")
OPEN_TRANSFERS = ("draft", "in_transit")
DAYS_PER_PERIOD = 7  # forecasts are weekly


async def suggestions(
    uow: UnitOfWork, *, service_level: float = 0.95, location_id: str | None = None
) -> list[Suggestion]:
    async with uow:
        series = await latest_series(uow)
        if location_id:
            series = {key: value for key, value in series.items() if key[1] == location_id}
        variants = sorted({variant for variant, _ in series})
        best = _cheapest(await list_items(uow, variant_ids=variants))
        available = await availability_by_location(uow, variant_ids=variants)
        on_order = await inbound(uow)
        kinds = {loc.id: loc.kind for loc in await list_locations(uow) if loc.active}
    warehouses = {i for i, kind in kinds.items() if kind == "warehouse"}
    grouped: dict[tuple[str, str], list[SuggestionLine]] = defaultdict(list)
    for (variant, location), (forecast, error_sd, method) in sorted(series.items()):
        item = best.get(variant)
        if item is None:
            continue
        target = rules.levels(forecast, error_sd, item.lead_time_days / DAYS_PER_PERIOD, service_level)
        have, coming = available.get(variant, {}).get(location, 0), on_order.get((variant, location), 0)
        spare = _spare(available.get(variant, {}), warehouses) if kinds.get(location) == "store" else 0
        quantity = rules.order_quantity(have + coming + spare, target, item.min_order_quantity, item.pack_size)
        if quantity:
            grouped[(item.supplier_id, location)].append(
                SuggestionLine(
                    variant_id=variant,
                    location_id=location,
                    supplier_id=item.supplier_id,
                    method=method,
                    available=have,
                    on_order=coming,
                    warehouse_spare=spare,
                    reorder_point=target.reorder_point,
                    order_up_to=target.order_up_to,
                    safety_stock=target.safety_stock,
                    lead_time_days=item.lead_time_days,
                    quantity=quantity,
                    unit_cost=item.cost_price,
                )
            )
    return [
        Suggestion(supplier_id=s, location_id=loc, lines=lines, total_cost=sum(x.quantity * x.unit_cost for x in lines))
        for (s, loc), lines in sorted(grouped.items())
    ]


async def accept(uow: UnitOfWork, *, data: AcceptIn) -> list[PurchaseOrderRead]:
    """One draft purchase order per suggested supplier and destination, all in one transaction."""
    async with uow:
        uow.actor.require("inventory.write")
        made = []
        for suggestion in await suggestions(uow, service_level=data.service_level, location_id=data.location_id):
            if data.supplier_ids is not None and suggestion.supplier_id not in data.supplier_ids:
                continue
            lines = [PurchaseOrderLineIn(variant_id=x.variant_id, quantity=x.quantity) for x in suggestion.lines]
            order = PurchaseOrderCreate(
                supplier_id=suggestion.supplier_id, location_id=suggestion.location_id, lines=lines,
                note="补货建议 / replenishment suggestion",
            )  # fmt: skip
            made.append(await create_order(uow, data=order))
        await uow.commit()
        return made


def _spare(available: dict[str, int], warehouses: set[str]) -> int:
    """What the warehouses hold of a SKU: a store reaches it by transfer (``service_transfer_suggestions``), so
    buying for the store only makes sense for the part they cannot cover."""
    return sum(units for location, units in available.items() if location in warehouses and units > 0)


def _cheapest(items: list[SupplierItemRead]) -> dict[str, SupplierItemRead]:
    best: dict[str, SupplierItemRead] = {}
    for item in items:
        current = best.get(item.variant_id)
        if current is None or (item.cost_price, item.lead_time_days) < (current.cost_price, current.lead_time_days):
            best[item.variant_id] = item
    return best


async def inbound(uow: UnitOfWork) -> dict[tuple[str, str], int]:
    """Units open purchase orders and open (draft or shipped) transfers still bring, per (variant, destination):
    so accepting a transfer suggestion quiets the purchase suggestion for the same store, and the other way round."""
    async with uow:
        coming = await _on_order(uow)
        for transfer in await open_transfers(uow):
            for line in transfer.lines:
                coming[(line.variant_id, transfer.destination_location_id)] += line.quantity
        return coming


async def open_transfers(uow: UnitOfWork) -> list[TransferRead]:
    """Draft and shipped transfers, through inventory's service (every page)."""
    found: list[TransferRead] = []
    async with uow:
        for status in OPEN_TRANSFERS:
            cursor = None
            while True:
                page = await list_transfers(uow, limit=100, cursor=cursor, status=status)
                found.extend(page.items)
                cursor = page.next_cursor
                if not cursor:
                    break
    return found


async def _on_order(uow: UnitOfWork) -> dict[tuple[str, str], int]:
    """Units open purchase orders still bring, per (variant, destination)."""
    rows = await uow.s.execute(
        select(PurchaseOrderLine.variant_id, PurchaseOrder.location_id, PurchaseOrderLine.quantity,
               PurchaseOrderLine.received)
        .join(PurchaseOrder, PurchaseOrder.id == PurchaseOrderLine.order_id)
        .where(PurchaseOrderLine.tenant_id == uow.tenant_id, PurchaseOrder.tenant_id == uow.tenant_id,
               PurchaseOrder.status.in_(OPEN))
    )  # fmt: skip
    coming: dict[tuple[str, str], int] = defaultdict(int)
    for variant, location, quantity, received in rows:
        coming[(variant, location)] += max(int(quantity) - int(received), 0)
    return coming
