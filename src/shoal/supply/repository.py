"""Reading purchase orders with their lines and receipts, and moving their status with guarded updates."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import select, update

from shoal.core.errors import InvalidState
from shoal.core.uow import UnitOfWork
from shoal.supply.errors import order_not_found
from shoal.supply.models import PurchaseOrder, PurchaseOrderLine, Receipt, ReceiptLine
from shoal.supply.rules import line_cost
from shoal.supply.schemas import PurchaseOrderLineRead, PurchaseOrderRead, ReceiptLineRead, ReceiptRead


async def load_order(uow: UnitOfWork, order_id: str) -> PurchaseOrder:
    order = (
        await uow.s.execute(
            select(PurchaseOrder)
            .where(PurchaseOrder.tenant_id == uow.tenant_id, PurchaseOrder.id == order_id)
            .execution_options(populate_existing=True)
        )
    ).scalar_one_or_none()
    if order is None:
        raise order_not_found(order_id)
    return order


async def move(uow: UnitOfWork, order_id: str, from_statuses: tuple[str, ...], action: str, **values: Any) -> None:
    """One guarded update of the order's status (or only its ``updated_at``, which takes the row's lock):
    the order must still be in one of ``from_statuses``, else 409 naming its status, and 404 if it is not ours."""
    moved = await uow.s.execute(
        update(PurchaseOrder)
        .where(
            PurchaseOrder.tenant_id == uow.tenant_id,
            PurchaseOrder.id == order_id,
            PurchaseOrder.status.in_(from_statuses),
        )
        .values(updated_at=uow.clock.now(), **values)
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:
        order = await load_order(uow, order_id)
        raise InvalidState(action=action, entity="purchase order", state=order.status)


async def lines_of(uow: UnitOfWork, order_ids: list[str]) -> dict[str, list[PurchaseOrderLine]]:
    rows = (
        await uow.s.execute(
            select(PurchaseOrderLine)
            .where(PurchaseOrderLine.tenant_id == uow.tenant_id, PurchaseOrderLine.order_id.in_(order_ids))
            .order_by(PurchaseOrderLine.position)
            .execution_options(populate_existing=True)
        )
    ).scalars()
    grouped: dict[str, list[PurchaseOrderLine]] = defaultdict(list)
    for row in rows:
        grouped[row.order_id].append(row)
    return grouped


async def receipts_of(uow: UnitOfWork, order_id: str) -> list[ReceiptRead]:
    receipts = (
        await uow.s.execute(
            select(Receipt).where(Receipt.tenant_id == uow.tenant_id, Receipt.order_id == order_id).order_by(Receipt.id)
        )
    ).scalars()
    receipts = list(receipts)
    lines = (
        await uow.s.execute(
            select(ReceiptLine)
            .where(ReceiptLine.tenant_id == uow.tenant_id, ReceiptLine.receipt_id.in_([r.id for r in receipts]))
            .order_by(ReceiptLine.variant_id)
        )
    ).scalars()
    grouped: dict[str, list[ReceiptLineRead]] = defaultdict(list)
    for line in lines:
        grouped[line.receipt_id].append(ReceiptLineRead.model_validate(line))
    return [
        ReceiptRead(
            id=r.id, kind=r.kind, total_cost=r.total_cost, note=r.note, actor=r.actor, at=r.at, lines=grouped[r.id]
        )
        for r in receipts
    ]


def read(
    order: PurchaseOrder, lines: list[PurchaseOrderLine], receipts: list[ReceiptRead] | None = None
) -> PurchaseOrderRead:
    return PurchaseOrderRead(
        id=order.id,
        number=order.number,
        supplier_id=order.supplier_id,
        location_id=order.location_id,
        status=order.status,
        note=order.note,
        total_cost=sum(line_cost(line.quantity, line.unit_cost) for line in lines),
        received_cost=sum(line_cost(line.received - line.returned, line.unit_cost) for line in lines),
        created_at=order.created_at,
        sent_at=order.sent_at,
        closed_at=order.closed_at,
        lines=[PurchaseOrderLineRead.model_validate(line) for line in lines],
        receipts=receipts or [],
    )


async def read_full(uow: UnitOfWork, order_id: str) -> PurchaseOrderRead:
    order = await load_order(uow, order_id)
    lines = (await lines_of(uow, [order.id]))[order.id]
    return read(order, lines, await receipts_of(uow, order.id))
