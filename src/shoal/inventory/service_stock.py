"""Stock counts: receipts, adjustments, stocktakes, low-stock thresholds, and reading stock and its ledger."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import func, select, update

from shoal.core import references
from shoal.core.errors import Conflict, NotFound
from shoal.core.pagination import Page, decode_cursor
from shoal.core.uow import UnitOfWork
from shoal.inventory import repository, rules
from shoal.inventory.errors import BelowReserved, InvalidQuantity, InvalidReason
from shoal.inventory.models import LedgerEntry, Stock
from shoal.inventory.repository import (
    Movement,
    apply_delta,
    apply_or_out_of_stock,
    ensure_stock_row,
    get_location,
    page_of,
    read_stock,
    scope_to_location,
)
from shoal.inventory.schemas import LedgerEntryRead, StockRead

STOCKTAKE_ATTEMPTS = 5


async def receive_stock(
    uow: UnitOfWork, *, variant_id: str, location_id: str, quantity: int, reference: str | None = None
) -> StockRead:
    """Goods arrived at a location: on hand goes up by ``quantity``."""
    if quantity <= 0:
        raise InvalidQuantity(quantity=quantity)
    async with uow:
        uow.actor.require("inventory.write")
        await get_location(uow, location_id)
        await references.require(uow, "variant", variant_id)
        await ensure_stock_row(uow, variant_id, location_id)
        stock = await apply_or_out_of_stock(
            uow, Movement(variant_id, location_id, quantity, 0, "receipt", reference), quantity
        )
        uow.audit("stock.receive", "stock", stock.id, {"quantity": quantity, "reference": reference})
        await uow.commit()
        return stock


async def adjust_stock(
    uow: UnitOfWork,
    *,
    variant_id: str,
    location_id: str,
    delta: int,
    reason: str,
    reference: str | None = None,
) -> StockRead:
    """Add or remove units (damage, found, customer return); never below what is reserved."""
    if reason not in rules.ADJUSTMENT_REASONS:
        raise InvalidReason(reason=reason, allowed=", ".join(rules.ADJUSTMENT_REASONS))
    if delta == 0:
        raise InvalidQuantity(quantity=delta)
    async with uow:
        uow.actor.require("inventory.write")
        await get_location(uow, location_id)
        await references.require(uow, "variant", variant_id)
        if delta > 0:
            await ensure_stock_row(uow, variant_id, location_id)
        stock = await apply_or_out_of_stock(
            uow, Movement(variant_id, location_id, delta, 0, reason, reference), abs(delta)
        )
        uow.audit("stock.adjust", "stock", stock.id, {"delta": delta, "reason": reason, "reference": reference})
        await uow.commit()
        return stock


async def set_on_hand(
    uow: UnitOfWork,
    *,
    variant_id: str,
    location_id: str,
    quantity: int,
    reason: str = "stocktake",
    reference: str | None = None,
) -> StockRead:
    """Record a count: on hand becomes ``quantity`` and the ledger gets the difference.

    The difference is computed from the count read just before, and applied only if on hand is still
    that count (compare-and-set); if a sale slipped in between, read again and retry.
    """
    if reason not in rules.STOCKTAKE_REASONS:
        raise InvalidReason(reason=reason, allowed=", ".join(rules.STOCKTAKE_REASONS))
    if quantity < 0:
        raise InvalidQuantity(quantity=quantity)
    async with uow:
        uow.actor.require("inventory.write")
        await get_location(uow, location_id)
        await references.require(uow, "variant", variant_id)
        await ensure_stock_row(uow, variant_id, location_id)
        for _ in range(STOCKTAKE_ATTEMPTS):
            current = await read_stock(uow, variant_id, location_id)
            assert current is not None  # ensure_stock_row just made sure of it
            if quantity < current.reserved:
                raise BelowReserved(variant_id=variant_id, reserved=current.reserved)
            move = Movement(variant_id, location_id, quantity - current.on_hand, 0, reason, reference)
            stock = await apply_delta(uow, move, expect_on_hand=current.on_hand)
            if stock is not None:
                break
        else:
            raise Conflict(detail="stock kept moving while it was counted; count again")
        uow.audit(
            "stock.count",
            "stock",
            stock.id,
            {"before": current.on_hand, "after": quantity, "reason": reason, "reference": reference},
        )
        await uow.commit()
        return stock


async def list_stock(
    uow: UnitOfWork,
    *,
    limit: int,
    cursor: str | None = None,
    variant_id: str | None = None,
    location_id: str | None = None,
    variant_ids: Collection[str] | None = None,
    low_stock: bool = False,
) -> Page[StockRead]:
    """Stock rows, newest first. ``variant_ids`` keeps those variants' rows (a search of the catalog found
    them: inventory knows no SKUs or names); ``low_stock`` keeps the rows at or below their threshold."""
    async with uow:
        uow.actor.require("inventory.read")
        query = select(Stock).where(Stock.tenant_id == uow.tenant_id)
        query = scope_to_location(uow, query, Stock.location_id, location_id)
        if variant_id:
            query = query.where(Stock.variant_id == variant_id)
        if variant_ids is not None:
            query = query.where(Stock.variant_id.in_(list(variant_ids)))
        if low_stock:
            query = query.where(repository.low_stock())
        after = decode_cursor(cursor)
        if after:
            query = query.where(Stock.id < str(after[0]))
        rows = (await uow.s.execute(query.order_by(Stock.id.desc()).limit(limit + 1))).scalars().all()
    return page_of([StockRead.model_validate(r) for r in rows], limit)


async def count_low_stock(uow: UnitOfWork) -> int:
    """How many stock rows are at or below their threshold (the dashboard's to-do); a clerk counts their store's."""
    async with uow:
        uow.actor.require("inventory.read")
        query = select(func.count()).select_from(Stock).where(Stock.tenant_id == uow.tenant_id, repository.low_stock())
        return int((await uow.s.execute(scope_to_location(uow, query, Stock.location_id, None))).scalar_one())


async def set_low_stock_threshold(uow: UnitOfWork, *, stock_id: str, threshold: int | None) -> StockRead:
    """Set (or with ``None`` clear) the low-stock alert of one stock row, in one guarded UPDATE: another
    tenant's row, or another store's for a clerk, is a 404 like an unknown one."""
    async with uow:
        uow.actor.require("inventory.write")
        statement = update(Stock).where(Stock.tenant_id == uow.tenant_id, Stock.id == stock_id)
        if uow.actor.location_id:
            statement = statement.where(Stock.location_id == uow.actor.location_id)
        row = (
            await uow.s.execute(
                statement.values(low_stock_threshold=threshold, updated_at=uow.clock.now())
                .returning(*repository.STOCK_COLUMNS)
                .execution_options(synchronize_session=False)
            )
        ).one_or_none()
        if row is None:
            raise NotFound("stock", stock_id=stock_id)
        uow.audit("stock.low_stock_threshold", "stock", stock_id, {"threshold": threshold})
        await uow.commit()
        return StockRead.model_validate(row)


async def list_ledger(
    uow: UnitOfWork,
    *,
    limit: int,
    cursor: str | None = None,
    variant_id: str | None = None,
    location_id: str | None = None,
    reason: str | None = None,
    reference: str | None = None,
) -> Page[LedgerEntryRead]:
    """Stock movements, newest first."""
    async with uow:
        uow.actor.require("inventory.read")
        query = select(LedgerEntry).where(LedgerEntry.tenant_id == uow.tenant_id)
        query = scope_to_location(uow, query, LedgerEntry.location_id, location_id)
        for column, value in (
            (LedgerEntry.variant_id, variant_id),
            (LedgerEntry.reason, reason),
            (LedgerEntry.reference, reference),
        ):
            if value:
                query = query.where(column == value)
        after = decode_cursor(cursor)
        if after:
            query = query.where(LedgerEntry.id < str(after[0]))
        rows = (await uow.s.execute(query.order_by(LedgerEntry.id.desc()).limit(limit + 1))).scalars().all()
    return page_of([LedgerEntryRead.model_validate(r) for r in rows], limit)
