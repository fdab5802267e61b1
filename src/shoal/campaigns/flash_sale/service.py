"""Staff use cases of flash sales: create a draft, publish it (carving its units out of the location's stock),
end it (the unsold remainder goes back), list, read and count.

Units are carved with one inventory hold per sale (``flash-sale:<id>``, through the inventory service): orders
take their units from that hold and an unpaid order's units return to it, so the shelf sees neither until the
sale ends. Every state change is a guarded ``WHERE status = ...`` update, so publishing or ending twice (two
staff, or staff and the sweeper) carves or returns once.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm.attributes import set_committed_value

from shoal.campaigns.flash_sale import rules
from shoal.campaigns.flash_sale.errors import FlashSaleInvalid, flash_sale_not_found
from shoal.campaigns.flash_sale.models import FlashSale, FlashSaleBucket, FlashSaleItem, FlashSaleOrder
from shoal.campaigns.flash_sale.schemas import (
    FlashSaleCreate,
    FlashSaleItemRead,
    FlashSaleItemStats,
    FlashSaleRead,
    FlashSaleStats,
)
from shoal.core import references, shards
from shoal.core.errors import InvalidState
from shoal.core.ids import new_id
from shoal.core.uow import UnitOfWork
from shoal.inventory.rules import ReserveLine
from shoal.inventory.service import get_location
from shoal.inventory.service_reservations import release_reservation, reserve

# The hold outlives the sale a little: if the end-of-sale job never ran, the inventory sweeper still gives the
# units back to the shelf.
HOLD_GRACE = timedelta(hours=1)
LIST_LIMIT = 100


def hold_reference(sale_id: str) -> str:
    return f"flash-sale:{sale_id}"


async def create_flash_sale(uow: UnitOfWork, *, data: FlashSaleCreate) -> FlashSaleRead:
    async with uow:
        uow.actor.require("marketing.manage")
        await get_location(uow, location_id=data.location_id)
        await references.require(uow, "variant", [item.variant_id for item in data.items])
        now = uow.clock.now()
        sale = FlashSale(
            id=new_id(), tenant_id=uow.tenant_id, name=data.name, location_id=data.location_id,
            starts_at=data.starts_at, ends_at=data.ends_at, payment_minutes=data.payment_minutes,
            status=rules.DRAFT, created_at=now, updated_at=now,
        )  # fmt: skip
        items = [
            FlashSaleItem(
                id=new_id(),
                tenant_id=uow.tenant_id,
                sale_id=sale.id,
                variant_id=item.variant_id,
                flash_price=item.flash_price,
                quantity=item.quantity,
                per_shopper_limit=item.per_shopper_limit,
                position=i,
            )
            for i, item in enumerate(data.items)
        ]
        uow.s.add(sale)
        await uow.s.flush()
        uow.s.add_all(items)
        uow.audit("flash_sale.create", "flash_sale", sale.id, {"name": data.name, "items": len(items)})
        await uow.commit()
        return _read(sale, items)


async def list_flash_sales(uow: UnitOfWork, *, status: str | None = None) -> list[FlashSaleRead]:
    async with uow:
        uow.actor.require("marketing.manage")
        query = select(FlashSale).where(FlashSale.tenant_id == uow.tenant_id)
        if status:
            query = query.where(FlashSale.status == status)
        sales = list((await uow.s.execute(query.order_by(FlashSale.starts_at.desc()).limit(LIST_LIMIT))).scalars())
        items = await items_of(uow, [s.id for s in sales])
        return [_read(s, items.get(s.id, [])) for s in sales]


async def get_flash_sale(uow: UnitOfWork, *, sale_id: str) -> FlashSaleRead:
    async with uow:
        uow.actor.require("marketing.manage")
        sale = await load_sale(uow, sale_id)
        return _read(sale, (await items_of(uow, [sale.id])).get(sale.id, []))


async def publish_flash_sale(uow: UnitOfWork, *, sale_id: str) -> FlashSaleRead:
    """draft -> published: carve each SKU's units out of the location (``out_of_stock`` if it has too few,
    and nothing changes) and fill the buckets."""
    async with uow:
        uow.actor.require("marketing.manage")
        sale = await load_sale(uow, sale_id)
        now = uow.clock.now()
        if sale.ends_at <= now:
            raise FlashSaleInvalid(reason_en="The session is already over.", reason_zh="该场次已结束。")
        await _move(uow, sale, rules.DRAFT, rules.PUBLISHED, action="publish")
        items = (await items_of(uow, [sale.id])).get(sale.id, [])
        await reserve(
            uow, reference=hold_reference(sale.id),
            lines=[ReserveLine(item.variant_id, sale.location_id, item.quantity) for item in items],
            ttl=sale.ends_at - now + HOLD_GRACE, pool_shards=rules.SHARDS,
        )  # fmt: skip
        uow.s.add_all(
            FlashSaleBucket(id=new_id(), tenant_id=uow.tenant_id, item_id=item.id, shard=shard, units_left=units)
            for item in items
            for shard, units in enumerate(shards.spread(item.quantity, rules.SHARDS))
        )
        uow.audit("flash_sale.publish", "flash_sale", sale.id, {})
        await uow.commit()
        return _read(sale, items)


async def end_flash_sale(uow: UnitOfWork, *, sale_id: str) -> FlashSaleRead:
    """published -> ended: what is left of the hold goes back to the shelf; orders still awaiting payment keep
    their units, which go to the shelf if they are not paid."""
    async with uow:
        uow.actor.require("marketing.manage")
        sale = await load_sale(uow, sale_id)
        await end_sale(uow, sale)
        uow.audit("flash_sale.end", "flash_sale", sale.id, {})
        await uow.commit()
        return _read(sale, (await items_of(uow, [sale.id])).get(sale.id, []))


async def end_sale(uow: UnitOfWork, sale: FlashSale) -> None:
    await _move(uow, sale, rules.PUBLISHED, rules.ENDED, action="end")
    try:
        await release_reservation(uow, reference=hold_reference(sale.id))
    except InvalidState:  # the inventory sweeper expired the hold first: its units are already back
        return


async def flash_sale_stats(uow: UnitOfWork, *, sale_id: str) -> FlashSaleStats:
    async with uow:
        uow.actor.require("marketing.manage")
        sale = await load_sale(uow, sale_id)
        items = (await items_of(uow, [sale.id])).get(sale.id, [])
        left = await units_left(uow, [item.id for item in items])
        counted = await uow.s.execute(
            select(FlashSaleOrder.item_id, FlashSaleOrder.status, func.count(), func.sum(FlashSaleOrder.quantity))
            .where(FlashSaleOrder.tenant_id == uow.tenant_id, FlashSaleOrder.sale_id == sale.id)
            .group_by(FlashSaleOrder.item_id, FlashSaleOrder.status)
        )
        units: dict[tuple[str, str], int] = {}
        orders = 0
        for item_id, status, count, quantity in counted:
            units[(item_id, status)] = int(quantity or 0)
            orders += int(count)
        return FlashSaleStats(
            id=sale.id, status=sale.status, orders=orders,
            items=[
                FlashSaleItemStats(
                    variant_id=item.variant_id, quantity=item.quantity, left=left.get(item.id, 0),
                    awaiting_payment=units.get((item.id, rules.ADMITTED), 0), paid=units.get((item.id, rules.PAID), 0),
                    returned=units.get((item.id, rules.RETURNED), 0),
                )
                for item in items
            ],
        )  # fmt: skip


async def load_sale(uow: UnitOfWork, sale_id: str) -> FlashSale:
    sale = (
        await uow.s.execute(
            select(FlashSale)
            .where(FlashSale.tenant_id == uow.tenant_id, FlashSale.id == sale_id)
            .execution_options(populate_existing=True)
        )
    ).scalar_one_or_none()
    if sale is None:
        raise flash_sale_not_found(sale_id)
    return sale


async def items_of(uow: UnitOfWork, sale_ids: list[str]) -> dict[str, list[FlashSaleItem]]:
    rows = await uow.s.execute(
        select(FlashSaleItem)
        .where(FlashSaleItem.tenant_id == uow.tenant_id, FlashSaleItem.sale_id.in_(sale_ids))
        .order_by(FlashSaleItem.position)
    )
    grouped: dict[str, list[FlashSaleItem]] = {}
    for item in rows.scalars():
        grouped.setdefault(item.sale_id, []).append(item)
    return grouped


async def units_left(uow: UnitOfWork, item_ids: list[str]) -> dict[str, int]:
    """The database's count of what is left per item: the sum of its buckets (the gate is seeded from this)."""
    rows = await uow.s.execute(
        select(FlashSaleBucket.item_id, func.sum(FlashSaleBucket.units_left))
        .where(FlashSaleBucket.tenant_id == uow.tenant_id, FlashSaleBucket.item_id.in_(item_ids))
        .group_by(FlashSaleBucket.item_id)
    )
    return {item_id: int(total or 0) for item_id, total in rows}


async def _move(uow: UnitOfWork, sale: FlashSale, source: str, target: str, *, action: str) -> None:
    now = uow.clock.now()
    moved = await uow.s.execute(
        update(FlashSale)
        .where(FlashSale.tenant_id == uow.tenant_id, FlashSale.id == sale.id, FlashSale.status == source)
        .values(status=target, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:
        fresh = await load_sale(uow, sale.id)
        raise InvalidState(action=action, entity="flash sale", state=fresh.status)
    set_committed_value(sale, "status", target)  # the row already says so: no second UPDATE on flush
    set_committed_value(sale, "updated_at", now)


def _read(sale: FlashSale, items: list[FlashSaleItem]) -> FlashSaleRead:
    return FlashSaleRead(
        id=sale.id, name=sale.name, location_id=sale.location_id, starts_at=sale.starts_at, ends_at=sale.ends_at,
        payment_minutes=sale.payment_minutes, status=sale.status, created_at=sale.created_at,  # type: ignore[arg-type]
        items=[
            FlashSaleItemRead(
                id=i.id, variant_id=i.variant_id, flash_price=i.flash_price, quantity=i.quantity,
                per_shopper_limit=i.per_shopper_limit,
            )
            for i in items
        ],
    )  # fmt: skip
