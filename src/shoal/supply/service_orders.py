"""Purchase orders (采购单): drafting, sending, closing short or cancelling, reading, and the CSV export.

Status changes are guarded updates on the old status (``repository.move``): two clicks on 发送 send once.
"""

from __future__ import annotations

import csv
import io

from sqlalchemy import select

from shoal.core import references
from shoal.core.pagination import Page, decode_cursor, encode_cursor
from shoal.core.uow import UnitOfWork
from shoal.supply import repository, rules
from shoal.supply.models import PurchaseOrder, PurchaseOrderLine, SupplierItem
from shoal.supply.schemas import PurchaseOrderCreate, PurchaseOrderRead
from shoal.supply.service_suppliers import load_supplier

EXPORT_COLUMNS = (
    "number", "status", "supplier_id", "location_id", "variant_id", "quantity", "unit_cost", "line_cost",
    "expected_on", "received", "returned",
)  # fmt: skip


async def create_order(uow: UnitOfWork, *, data: PurchaseOrderCreate) -> PurchaseOrderRead:
    """A draft order; a line without a unit cost takes the supplier item's cost price (0 if it has none)."""
    async with uow:
        uow.actor.require("inventory.write")
        await load_supplier(uow, data.supplier_id)
        await references.require(uow, "location", data.location_id)
        await references.require(uow, "variant", [line.variant_id for line in data.lines])
        costs = await _item_costs(uow, data.supplier_id, [line.variant_id for line in data.lines])
        now = uow.clock.now()
        order = PurchaseOrder(
            tenant_id=uow.tenant_id, supplier_id=data.supplier_id, location_id=data.location_id, status="draft",
            note=data.note, created_at=now, updated_at=now, number="",
        )  # fmt: skip
        uow.s.add(order)
        await uow.s.flush()
        order.number = rules.po_number(now.strftime("%Y%m%d"), order.id.replace("-", ""))
        merged: dict[str, PurchaseOrderLine] = {}
        for line in data.lines:
            if line.variant_id in merged:
                merged[line.variant_id].quantity += line.quantity
                continue
            unit_cost = line.unit_cost if line.unit_cost is not None else costs.get(line.variant_id, 0)
            merged[line.variant_id] = PurchaseOrderLine(
                tenant_id=uow.tenant_id, order_id=order.id, position=len(merged), variant_id=line.variant_id,
                quantity=line.quantity, unit_cost=unit_cost, expected_on=line.expected_on, received=0, returned=0,
            )  # fmt: skip
        uow.s.add_all(merged.values())
        await uow.s.flush()
        uow.audit("purchase_order.create", "purchase_order", order.id, {"supplier": data.supplier_id})
        result = repository.read(order, list(merged.values()))
        await uow.commit()
        return result


async def move_order(uow: UnitOfWork, *, order_id: str, action: str) -> PurchaseOrderRead:
    """``send``, ``close`` (short: what was not received stays unreceived) or ``cancel`` (before any receipt)."""
    from_statuses, to_status = rules.TRANSITIONS[action]
    async with uow:
        uow.actor.require("inventory.write")
        now = uow.clock.now()
        stamps = {"sent_at": now} if action == "send" else {"closed_at": now}
        await repository.move(uow, order_id, from_statuses, action, status=to_status, **stamps)
        uow.audit(f"purchase_order.{action}", "purchase_order", order_id, {})
        result = await repository.read_full(uow, order_id)
        await uow.commit()
        return result


async def get_order(uow: UnitOfWork, *, order_id: str) -> PurchaseOrderRead:
    async with uow:
        uow.actor.require("inventory.read")
        return await repository.read_full(uow, order_id)


async def list_orders(
    uow: UnitOfWork, *, limit: int, cursor: str | None = None, status: str | None = None, supplier_id: str | None = None
) -> Page[PurchaseOrderRead]:
    """Purchase orders, newest first."""
    async with uow:
        uow.actor.require("inventory.read")
        query = select(PurchaseOrder).where(PurchaseOrder.tenant_id == uow.tenant_id)
        if status:
            query = query.where(PurchaseOrder.status == status)
        if supplier_id:
            query = query.where(PurchaseOrder.supplier_id == supplier_id)
        after = decode_cursor(cursor)
        if after:
            query = query.where(PurchaseOrder.id < str(after[0]))
        rows = (await uow.s.execute(query.order_by(PurchaseOrder.id.desc()).limit(limit + 1))).scalars().all()
        lines = await repository.lines_of(uow, [o.id for o in rows])
    items = [repository.read(o, lines[o.id]) for o in rows[:limit]]
    next_cursor = encode_cursor([rows[limit - 1].id]) if len(rows) > limit else None
    return Page(items=items, next_cursor=next_cursor)


async def export_csv(uow: UnitOfWork, *, order_id: str) -> str:
    """One row per line, for the supplier or a spreadsheet (UTF-8 with BOM so Excel reads Chinese names)."""
    order = await get_order(uow, order_id=order_id)
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    for line in order.lines:
        writer.writerow([
            order.number, order.status, order.supplier_id, order.location_id, line.variant_id, line.quantity,
            line.unit_cost, rules.line_cost(line.quantity, line.unit_cost), line.expected_on or "", line.received,
            line.returned,
        ])  # fmt: skip
    return out.getvalue()


async def _item_costs(uow: UnitOfWork, supplier_id: str, variant_ids: list[str]) -> dict[str, int]:
    rows = await uow.s.execute(
        select(SupplierItem.variant_id, SupplierItem.cost_price).where(
            SupplierItem.tenant_id == uow.tenant_id,
            SupplierItem.supplier_id == supplier_id,
            SupplierItem.variant_id.in_(variant_ids),
        )
    )
    return {variant_id: int(cost) for variant_id, cost in rows}
