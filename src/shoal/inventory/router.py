"""HTTP routes of the inventory domain (thin: parse, authorise, call one service function)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from shoal.core.http import CursorQuery, LimitQuery
from shoal.core.pagination import Page
from shoal.identity.deps import StaffContext
from shoal.inventory import service
from shoal.inventory.schemas import (
    AdjustmentCreate,
    AvailabilityRequest,
    LedgerEntryRead,
    LocationCreate,
    LocationKind,
    LocationRead,
    LocationUpdate,
    ReceiptCreate,
    ReservationRead,
    StockRead,
    StocktakeCreate,
    StockUpdate,
    TransferCreate,
    TransferRead,
)

router = APIRouter(tags=["inventory"])
ADMIN = "/api/v1/admin"
IdFilter = Annotated[str | None, Query(max_length=36)]


@router.post(f"{ADMIN}/locations", response_model=LocationRead, status_code=201, summary="Create a location")
async def create_location(body: LocationCreate, ctx: StaffContext) -> LocationRead:
    return await service.create_location(ctx.uow(), data=body)


@router.get(f"{ADMIN}/locations", response_model=list[LocationRead], summary="List locations")
async def list_locations(ctx: StaffContext, kind: LocationKind | None = None) -> list[LocationRead]:
    return await service.list_locations(ctx.uow(), kind=kind)


@router.get(f"{ADMIN}/locations/{{location_id}}", response_model=LocationRead, summary="Get a location")
async def get_location(location_id: str, ctx: StaffContext) -> LocationRead:
    return await service.get_location(ctx.uow(), location_id=location_id)


@router.patch(f"{ADMIN}/locations/{{location_id}}", response_model=LocationRead, summary="Change a location")
async def update_location(location_id: str, body: LocationUpdate, ctx: StaffContext) -> LocationRead:
    return await service.update_location(ctx.uow(), location_id=location_id, data=body)


@router.get(f"{ADMIN}/stock", response_model=Page[StockRead], summary="Stock per variant and location")
async def list_stock(
    ctx: StaffContext,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
    variant_id: IdFilter = None,
    location_id: IdFilter = None,
    low_stock: Annotated[bool, Query(description="Only rows at or below their low-stock threshold.")] = False,
) -> Page[StockRead]:
    return await service.list_stock(
        ctx.uow(), limit=limit, cursor=cursor, variant_id=variant_id, location_id=location_id, low_stock=low_stock
    )


@router.patch(f"{ADMIN}/stock/{{stock_id}}", response_model=StockRead, summary="Set a row's low-stock threshold")
async def update_stock(stock_id: str, body: StockUpdate, ctx: StaffContext) -> StockRead:
    return await service.set_low_stock_threshold(ctx.uow(), stock_id=stock_id, threshold=body.low_stock_threshold)


@router.post(f"{ADMIN}/stock/receipts", response_model=StockRead, status_code=201, summary="Receive goods")
async def receive_stock(body: ReceiptCreate, ctx: StaffContext) -> StockRead:
    return await service.receive_stock(
        ctx.uow(),
        variant_id=body.variant_id,
        location_id=body.location_id,
        quantity=body.quantity,
        reference=body.reference,
    )


@router.post(f"{ADMIN}/stock/adjustments", response_model=StockRead, status_code=201, summary="Adjust stock")
async def adjust_stock(body: AdjustmentCreate, ctx: StaffContext) -> StockRead:
    return await service.adjust_stock(
        ctx.uow(),
        variant_id=body.variant_id,
        location_id=body.location_id,
        delta=body.delta,
        reason=body.reason,
        reference=body.reference,
    )


@router.post(f"{ADMIN}/stock/stocktakes", response_model=StockRead, status_code=201, summary="Record a count")
async def stocktake(body: StocktakeCreate, ctx: StaffContext) -> StockRead:
    return await service.set_on_hand(
        ctx.uow(),
        variant_id=body.variant_id,
        location_id=body.location_id,
        quantity=body.quantity,
        reference=body.reference,
    )


@router.get(f"{ADMIN}/stock/ledger", response_model=Page[LedgerEntryRead], summary="Stock movements, newest first")
async def list_ledger(
    ctx: StaffContext,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
    variant_id: IdFilter = None,
    location_id: IdFilter = None,
    reason: Annotated[str | None, Query(max_length=20)] = None,
    reference: Annotated[str | None, Query(max_length=100)] = None,
) -> Page[LedgerEntryRead]:
    return await service.list_ledger(
        ctx.uow(),
        limit=limit,
        cursor=cursor,
        variant_id=variant_id,
        location_id=location_id,
        reason=reason,
        reference=reference,
    )


@router.post(f"{ADMIN}/transfers", response_model=TransferRead, status_code=201, summary="Draft a transfer")
async def create_transfer(body: TransferCreate, ctx: StaffContext) -> TransferRead:
    return await service.create_transfer(ctx.uow(), data=body)


@router.get(f"{ADMIN}/transfers", response_model=Page[TransferRead], summary="List transfers, newest first")
async def list_transfers(
    ctx: StaffContext,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
    status: Literal["draft", "in_transit", "received", "cancelled"] | None = None,
) -> Page[TransferRead]:
    return await service.list_transfers(ctx.uow(), limit=limit, cursor=cursor, status=status)


@router.get(f"{ADMIN}/transfers/{{transfer_id}}", response_model=TransferRead, summary="Get a transfer")
async def get_transfer(transfer_id: str, ctx: StaffContext) -> TransferRead:
    return await service.get_transfer(ctx.uow(), transfer_id=transfer_id)


@router.post(f"{ADMIN}/transfers/{{transfer_id}}/ship", response_model=TransferRead, summary="Ship a transfer")
async def ship_transfer(transfer_id: str, ctx: StaffContext) -> TransferRead:
    return await service.ship_transfer(ctx.uow(), transfer_id=transfer_id)


@router.post(f"{ADMIN}/transfers/{{transfer_id}}/receive", response_model=TransferRead, summary="Receive a transfer")
async def receive_transfer(transfer_id: str, ctx: StaffContext) -> TransferRead:
    return await service.receive_transfer(ctx.uow(), transfer_id=transfer_id)


@router.post(f"{ADMIN}/transfers/{{transfer_id}}/cancel", response_model=TransferRead, summary="Cancel a draft")
async def cancel_transfer(transfer_id: str, ctx: StaffContext) -> TransferRead:
    return await service.cancel_transfer(ctx.uow(), transfer_id=transfer_id)


@router.post(
    f"{ADMIN}/inventory/availability", response_model=dict[str, int], summary="Units available to sell, per variant"
)
async def availability(body: AvailabilityRequest, ctx: StaffContext) -> dict[str, int]:
    return await service.availability(ctx.uow(), variant_ids=body.variant_ids, location_ids=body.location_ids)


@router.get(f"{ADMIN}/reservations", response_model=Page[ReservationRead], summary="Reservations, newest first")
async def list_reservations(
    ctx: StaffContext,
    limit: LimitQuery = 50,
    cursor: CursorQuery = None,
    status: Literal["active", "confirmed", "released", "expired"] | None = None,
    reference: Annotated[str | None, Query(max_length=100)] = None,
) -> Page[ReservationRead]:
    return await service.list_reservations(ctx.uow(), limit=limit, cursor=cursor, status=status, reference=reference)
