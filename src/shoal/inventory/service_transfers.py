"""Transfers between locations: draft -> in_transit (shipped) -> received, or draft -> cancelled.

Shipping takes the units out of the source's available stock (guarded, never below reserved);
receiving adds them at the destination. Each status change is a guarded update on the old status,
so shipping or receiving twice moves stock once.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import or_, select, update

from shoal.core import references
from shoal.core.errors import InvalidState
from shoal.core.pagination import Page, decode_cursor
from shoal.core.uow import UnitOfWork
from shoal.inventory.errors import SameLocationTransfer, location_not_found, transfer_not_found
from shoal.inventory.events import TransferReceived
from shoal.inventory.models import Transfer, TransferLine
from shoal.inventory.repository import (
    Movement,
    apply_or_out_of_stock,
    can_see,
    ensure_stock_row,
    page_of,
    require_locations,
)
from shoal.inventory.schemas import TransferCreate, TransferLineRead, TransferRead


async def create_transfer(uow: UnitOfWork, *, data: TransferCreate) -> TransferRead:
    source, destination = data.source_location_id, data.destination_location_id
    if source == destination:
        raise SameLocationTransfer()
    async with uow:
        uow.actor.require("inventory.write")
        if not (can_see(uow, source) or can_see(uow, destination)):
            raise location_not_found(source)
        await require_locations(uow, {source, destination})
        await references.require(uow, "variant", [line.variant_id for line in data.lines])
        transfer = Transfer(
            tenant_id=uow.tenant_id,
            source_location_id=source,
            destination_location_id=destination,
            status="draft",
            note=data.note,
            created_at=uow.clock.now(),
        )
        uow.s.add(transfer)
        await uow.s.flush()
        quantities: dict[str, int] = defaultdict(int)
        for line in data.lines:
            quantities[line.variant_id] += line.quantity
        for variant_id, quantity in sorted(quantities.items()):
            uow.s.add(
                TransferLine(tenant_id=uow.tenant_id, transfer_id=transfer.id, variant_id=variant_id, quantity=quantity)
            )
        uow.audit("transfer.create", "transfer", transfer.id, {"source": source, "destination": destination})
        result = await _read_one(uow, transfer)
        await uow.commit()
        return result


async def ship_transfer(uow: UnitOfWork, *, transfer_id: str) -> TransferRead:
    async with uow:
        uow.actor.require("inventory.write")
        transfer = await _transition(uow, transfer_id, "draft", "in_transit", "ship", shipped_at=uow.clock.now())
        for line in await _lines(uow, transfer.id):
            move = Movement(
                line.variant_id, transfer.source_location_id, -line.quantity, 0, "transfer_out", transfer.id
            )
            await apply_or_out_of_stock(uow, move, line.quantity)
        uow.audit("transfer.ship", "transfer", transfer.id, {})
        result = await _read_one(uow, transfer)
        await uow.commit()
        return result


async def receive_transfer(uow: UnitOfWork, *, transfer_id: str) -> TransferRead:
    async with uow:
        uow.actor.require("inventory.write")
        transfer = await _transition(uow, transfer_id, "in_transit", "received", "receive", received_at=uow.clock.now())
        destination = transfer.destination_location_id
        for line in await _lines(uow, transfer.id):
            await ensure_stock_row(uow, line.variant_id, destination)
            move = Movement(line.variant_id, destination, line.quantity, 0, "transfer_in", transfer.id)
            await apply_or_out_of_stock(uow, move, line.quantity)
        uow.emit(
            TransferReceived(
                transfer_id=transfer.id,
                source_location_id=transfer.source_location_id,
                destination_location_id=destination,
            )
        )
        uow.audit("transfer.receive", "transfer", transfer.id, {})
        result = await _read_one(uow, transfer)
        await uow.commit()
        return result


async def cancel_transfer(uow: UnitOfWork, *, transfer_id: str) -> TransferRead:
    async with uow:
        uow.actor.require("inventory.write")
        transfer = await _transition(uow, transfer_id, "draft", "cancelled", "cancel", cancelled_at=uow.clock.now())
        uow.audit("transfer.cancel", "transfer", transfer.id, {})
        result = await _read_one(uow, transfer)
        await uow.commit()
        return result


async def get_transfer(uow: UnitOfWork, *, transfer_id: str) -> TransferRead:
    async with uow:
        uow.actor.require("inventory.read")
        return await _read_one(uow, await _load(uow, transfer_id))


async def list_transfers(
    uow: UnitOfWork, *, limit: int, cursor: str | None = None, status: str | None = None
) -> Page[TransferRead]:
    async with uow:
        uow.actor.require("inventory.read")
        query = select(Transfer).where(Transfer.tenant_id == uow.tenant_id)
        if status:
            query = query.where(Transfer.status == status)
        own = uow.actor.location_id
        if own:
            query = query.where(or_(Transfer.source_location_id == own, Transfer.destination_location_id == own))
        after = decode_cursor(cursor)
        if after:
            query = query.where(Transfer.id < str(after[0]))
        rows = (await uow.s.execute(query.order_by(Transfer.id.desc()).limit(limit + 1))).scalars().all()
        lines = await _lines_of(uow, [t.id for t in rows])
    return page_of([_read(t, lines[t.id]) for t in rows], limit)


async def _load(uow: UnitOfWork, transfer_id: str) -> Transfer:
    transfer = (
        await uow.s.execute(
            select(Transfer)
            .where(Transfer.tenant_id == uow.tenant_id, Transfer.id == transfer_id)
            .execution_options(populate_existing=True)
        )
    ).scalar_one_or_none()
    if transfer is None or not (
        can_see(uow, transfer.source_location_id) or can_see(uow, transfer.destination_location_id)
    ):
        raise transfer_not_found(transfer_id)
    return transfer


async def _transition(
    uow: UnitOfWork, transfer_id: str, from_status: str, to_status: str, action: str, **stamps: object
) -> Transfer:
    """Guarded status change; 404 for a transfer the actor cannot see, 409 from any other status."""
    transfer = await _load(uow, transfer_id)
    moved = await uow.s.execute(
        update(Transfer)
        .where(Transfer.tenant_id == uow.tenant_id, Transfer.id == transfer_id, Transfer.status == from_status)
        .values(status=to_status, **stamps)
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:
        raise InvalidState(action=action, entity="transfer", state=transfer.status)
    return await _load(uow, transfer_id)


async def _lines(uow: UnitOfWork, transfer_id: str) -> list[TransferLine]:
    return (await _lines_of(uow, [transfer_id]))[transfer_id]


async def _lines_of(uow: UnitOfWork, transfer_ids: list[str]) -> dict[str, list[TransferLine]]:
    rows = (
        await uow.s.execute(
            select(TransferLine)
            .where(TransferLine.tenant_id == uow.tenant_id, TransferLine.transfer_id.in_(transfer_ids))
            .order_by(TransferLine.variant_id)
        )
    ).scalars()
    grouped: dict[str, list[TransferLine]] = defaultdict(list)
    for row in rows:
        grouped[row.transfer_id].append(row)
    return grouped


async def _read_one(uow: UnitOfWork, transfer: Transfer) -> TransferRead:
    return _read(transfer, await _lines(uow, transfer.id))


def _read(transfer: Transfer, lines: list[TransferLine]) -> TransferRead:
    return TransferRead(
        id=transfer.id,
        source_location_id=transfer.source_location_id,
        destination_location_id=transfer.destination_location_id,
        status=transfer.status,
        note=transfer.note,
        lines=[TransferLineRead.model_validate(x) for x in lines],
        created_at=transfer.created_at,
        shipped_at=transfer.shipped_at,
        received_at=transfer.received_at,
        cancelled_at=transfer.cancelled_at,
    )
