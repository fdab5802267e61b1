"""Bulk shipping (批量发货): a file of order number, carrier and tracking number, one parcel per row.

Each row ships in its own transaction, all or nothing: a row that fails (unknown order, carrier or number,
nothing left to ship) leaves its order untouched and does not stop the others. The report says, per row,
what shipped and what failed and why, in both languages.
"""

from __future__ import annotations

from pydantic import TypeAdapter, ValidationError
from sqlalchemy import select

from shoal.core.actors import Actor
from shoal.core.errors import NotFound, ShoalError
from shoal.core.uow import Database, UnitOfWork
from shoal.orders import carriers, repository
from shoal.orders.errors import InvalidTrackingNumber
from shoal.orders.models import Order
from shoal.orders.rules_bulk_ship import BulkShipRow, read_rows
from shoal.orders.schemas import BulkShipReport, BulkShipRowRead, RemainingShipmentCreate, TrackingNumber
from shoal.orders.service_admin import ship_remaining

_NUMBER = TypeAdapter(TrackingNumber)


async def ship_file(db: Database, *, tenant_id: str, actor: Actor, text: str) -> BulkShipReport:
    """Ship every row of a bulk-shipping file that can ship; the report of every row."""
    actor.require("orders.manage")
    rows = read_rows(text)
    report = [await _ship_row(db.uow(tenant_id=tenant_id, actor=actor), row) for row in rows]
    shipped = sum(r.shipped for r in report)
    return BulkShipReport(shipped=shipped, failed=len(report) - shipped, rows=report)


async def _ship_row(uow: UnitOfWork, row: BulkShipRow) -> BulkShipRowRead:
    facts = {"row": row.row, "order_number": row.order_number, "carrier": row.carrier}
    facts["tracking_number"] = row.tracking_number
    try:
        data = RemainingShipmentCreate(
            carrier=carriers.resolve(row.carrier), tracking_number=_number(row.tracking_number)
        )
        async with uow:  # finding the order and shipping it: one transaction
            order_id = await _order_id(uow, row.order_number)
            shipment = await ship_remaining(uow, order_id=order_id, data=data)
            await uow.commit()
    except ShoalError as error:
        message = {"zh-CN": error.render("zh-CN"), "en": error.render("en")}
        return BulkShipRowRead(**facts, shipped=False, code=error.code, message=message)
    return BulkShipRowRead(**facts, shipped=True, shipment_id=shipment.id)


def _number(text: str) -> str:
    try:
        return _NUMBER.validate_python(text)
    except ValidationError as exc:
        raise InvalidTrackingNumber(number=text) from exc


async def _order_id(uow: UnitOfWork, number: str) -> str:
    """The id of the order with this number that the actor may see (a store's staff: their store's)."""
    async with uow:
        found = (
            await uow.s.execute(
                select(Order.id).where(
                    Order.tenant_id == uow.tenant_id,
                    Order.number == number.strip().upper(),
                    repository.visible_to(uow.actor),
                )
            )
        ).scalar_one_or_none()
    if found is None:
        raise NotFound("order", number=number)
    return found
