"""Shoppers ask for after-sales on their paid orders, follow their cases, and may cancel them."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select

from shoal.aftersales import repository, rules
from shoal.aftersales.errors import OrderNotEligible, PhotoNotUploaded, ReplacementMissing, UnknownOrderLine
from shoal.aftersales.events import AfterSaleRequested
from shoal.aftersales.models import AfterSale, AfterSaleLine
from shoal.aftersales.schemas import AfterSaleCreate, AfterSaleRead
from shoal.core import references
from shoal.core.pagination import Page, decode_cursor, encode_cursor
from shoal.core.uow import UnitOfWork
from shoal.customers.service import shopper_id
from shoal.orders.service_queries import get_my_order


async def request_after_sale(uow: UnitOfWork, *, order_id: str, data: AfterSaleCreate) -> AfterSaleRead:
    async with uow:
        customer_id = shopper_id(uow)
        order = await get_my_order(uow, order_id=order_id)
        if order.status not in rules.ORDER_STATUSES_ALLOWED:
            raise OrderNotEligible(state=order.status)
        if data.kind == rules.EXCHANGE and any(not line.replacement_variant_id for line in data.lines):
            raise ReplacementMissing()
        if rules.foreign_photos(data.photos, uow.tenant_id):
            raise PhotoNotUploaded()
        await references.require(uow, "variant", [line.replacement_variant_id for line in data.lines])
        order_lines = {line.id: line for line in order.lines}
        wanted = Counter[str]()
        for line in data.lines:
            if line.order_line_id not in order_lines:
                raise UnknownOrderLine(order_line_id=line.order_line_id)
            wanted[line.order_line_id] += line.quantity
        for line_id in sorted(wanted):
            await repository.claim(uow, line_id, order_lines[line_id].quantity, wanted[line_id])
        now = uow.clock.now()
        case = AfterSale(
            tenant_id=uow.tenant_id, order_id=order.id, order_number=order.number, customer_id=customer_id,
            kind=data.kind, status=rules.REQUESTED, reason_code=data.reason_code, reason=data.reason,
            photos=list(data.photos), refund_amount=0, refund_shipping=False, created_at=now, updated_at=now,
        )  # fmt: skip
        uow.s.add(case)
        await uow.s.flush()
        uow.s.add_all(
            AfterSaleLine(
                tenant_id=uow.tenant_id, after_sale_id=case.id, order_line_id=line.order_line_id,
                variant_id=order_lines[line.order_line_id].variant_id, quantity=line.quantity,
                replacement_variant_id=line.replacement_variant_id,
            )
            for line in data.lines
        )  # fmt: skip
        repository.record(uow, case.id, None, rules.REQUESTED, data.reason or None)
        uow.emit(AfterSaleRequested(after_sale_id=case.id, order_id=order.id, kind=data.kind))
        await uow.commit()
        return await repository.read(uow, case)


async def cancel_my_after_sale(uow: UnitOfWork, *, after_sale_id: str) -> AfterSaleRead:
    async with uow:
        case = await repository.load(uow, after_sale_id, customer_id=shopper_id(uow))
        await give_up(uow, case, rules.CANCELLED, action="cancel", note=None)
        await uow.commit()
        return await repository.read(uow, case)


async def get_my_after_sale(uow: UnitOfWork, *, after_sale_id: str) -> AfterSaleRead:
    async with uow:
        case = await repository.load(uow, after_sale_id, customer_id=shopper_id(uow))
        return await repository.read(uow, case)


async def list_after_sales(
    uow: UnitOfWork, *, limit: int, cursor: str | None, status: str | None = None, kind: str | None = None,
    order_id: str | None = None,
) -> Page[AfterSaleRead]:  # fmt: skip
    """Newest first. A shopper sees their own cases; staff with ``orders.read`` see the shop's (a store's
    staff, their store's)."""
    async with uow:
        query = repository.scoped(select(AfterSale).where(AfterSale.tenant_id == uow.tenant_id), uow)
        if uow.actor.kind == "shopper":
            query = query.where(AfterSale.customer_id == shopper_id(uow))
        else:
            uow.actor.require("orders.read")
        for column, value in ((AfterSale.status, status), (AfterSale.kind, kind), (AfterSale.order_id, order_id)):
            if value:
                query = query.where(column == value)
        after = decode_cursor(cursor)
        if after:
            query = query.where(AfterSale.id < str(after[0]))
        rows = list((await uow.s.execute(query.order_by(AfterSale.id.desc()).limit(limit + 1))).scalars())
        lines = await repository.lines_of(uow, [r.id for r in rows[:limit]])
    items = [repository.as_read(r, lines[r.id], []) for r in rows[:limit]]
    return Page(items=items, next_cursor=encode_cursor([rows[limit - 1].id]) if len(rows) > limit else None)


async def give_up(uow: UnitOfWork, case: AfterSale, to: str, *, action: str, note: str | None) -> None:
    """Reject or cancel: the case ends and its units can be asked for again."""
    await repository.move(uow, case, to, action=action, note=note)
    await repository.unclaim(uow, (await repository.lines_of(uow, [case.id]))[case.id])
