"""Staff review after-sales cases: approve or reject, receive returned goods, refund, ship exchanges.

Refunds go back to the payments that paid the order through payments (which books them on the order
lines; the two parts of a combined payment share a refund in proportion to what each has left,
``payments.service_refunds.refund_order``), computed per unit from what was actually paid for each line;
shipping only when asked and only once every line is refunded. Every action first checks that the case's
state allows it (409 ``invalid_state`` before anything is computed or written), and the case moves with a
guarded update, so ten concurrent "refund" clicks refund once.
"""

from __future__ import annotations

from sqlalchemy import and_, func, or_, select

from shoal.aftersales import repository, rules
from shoal.aftersales.errors import LineOverClaimed, NoRefundablePayment, RefundAboveMaximum
from shoal.aftersales.events import AfterSaleExchanged, AfterSaleRefunded
from shoal.aftersales.models import AfterSale, AfterSaleLine
from shoal.aftersales.schemas import AfterSaleRead, Approve, Exchange, Receive, Reject
from shoal.aftersales.service import give_up
from shoal.core.money import allocate
from shoal.core.uow import UnitOfWork
from shoal.inventory.service_stock import adjust_stock
from shoal.orders import carriers
from shoal.orders.schemas import LineRefund, OrderRead
from shoal.orders.service_queries import get_order_detail
from shoal.payments.config import ProviderRegistry
from shoal.payments.schemas import RefundCreate
from shoal.payments.service import refundable_payment_of
from shoal.payments.service_refunds import refund_order


async def get_after_sale(uow: UnitOfWork, *, after_sale_id: str) -> AfterSaleRead:
    async with uow:
        uow.actor.require("orders.read")
        return await repository.read(uow, await repository.load(uow, after_sale_id))


async def count_waiting_for_shop(uow: UnitOfWork) -> int:
    """How many cases the shop must act on next (``rules.waits_for_shop``); a store's staff count their store's."""
    async with uow:
        uow.actor.require("orders.read")
        waiting = or_(
            AfterSale.status.in_((rules.REQUESTED, rules.RECEIVED)),
            and_(AfterSale.status == rules.APPROVED, AfterSale.kind == rules.REFUND_ONLY),
        )
        query = repository.scoped(select(AfterSale).where(AfterSale.tenant_id == uow.tenant_id, waiting), uow)
        return int((await uow.s.execute(query.with_only_columns(func.count()))).scalar_one())


async def approve(uow: UnitOfWork, *, after_sale_id: str, data: Approve) -> AfterSaleRead:
    async with uow:
        uow.actor.require("orders.manage")
        case = await repository.load(uow, after_sale_id)
        repository.require_move(case, rules.APPROVED, action="approve")
        lines = (await repository.lines_of(uow, [case.id]))[case.id]
        if case.kind != rules.EXCHANGE:
            order = await get_order_detail(uow, order_id=case.order_id)
            maximum = sum(_line_refunds(order, lines)) + _shipping(order, lines, asked=data.refund_shipping)
            if data.refund_amount is not None and data.refund_amount > maximum:
                raise RefundAboveMaximum(maximum=maximum)
            case.refund_amount = maximum if data.refund_amount is None else data.refund_amount
            case.refund_shipping = data.refund_shipping
        await repository.move(uow, case, rules.APPROVED, action="approve", note=data.note)
        uow.audit("after_sale.approve", "after_sale", case.id, {"refund_amount": case.refund_amount})
        await uow.commit()
        return await repository.read(uow, case)


async def reject(uow: UnitOfWork, *, after_sale_id: str, data: Reject) -> AfterSaleRead:
    async with uow:
        uow.actor.require("orders.manage")
        case = await repository.load(uow, after_sale_id)
        await give_up(uow, case, rules.REJECTED, action="reject", note=data.note)
        case.note = data.note
        uow.audit("after_sale.reject", "after_sale", case.id, {"note": data.note})
        await uow.commit()
        return await repository.read(uow, case)


async def receive(uow: UnitOfWork, *, after_sale_id: str, data: Receive) -> AfterSaleRead:
    """Returned goods are back: they go into stock at the chosen location (ledger reason ``return``)."""
    async with uow:
        uow.actor.require("orders.manage")
        case = await repository.load(uow, after_sale_id)
        await repository.move(uow, case, rules.RECEIVED, action="receive")
        for line in (await repository.lines_of(uow, [case.id]))[case.id]:
            await adjust_stock(
                uow, variant_id=line.variant_id, location_id=data.location_id, delta=line.quantity, reason="return",
                reference=f"after-sale:{case.id}",
            )  # fmt: skip
        case.return_location_id = data.location_id
        uow.audit("after_sale.receive", "after_sale", case.id, {"location_id": data.location_id})
        await uow.commit()
        return await repository.read(uow, case)


async def refund(uow: UnitOfWork, *, providers: ProviderRegistry, after_sale_id: str) -> AfterSaleRead:
    async with uow:
        uow.actor.require("orders.manage")
        case = await repository.load(uow, after_sale_id)
        await repository.move(uow, case, rules.REFUNDED, action="refund")
        lines = (await repository.lines_of(uow, [case.id]))[case.id]
        order = await get_order_detail(uow, order_id=case.order_id)
        if await refundable_payment_of(uow, order_id=case.order_id) is None:
            raise NoRefundablePayment()
        line_refunds = _split(case, order, lines)
        made = await refund_order(
            uow, providers=providers, order_id=case.order_id,
            data=RefundCreate(amount=case.refund_amount, reason=case.reason_code, reference=case.id),
            line_refunds=line_refunds,
        )  # fmt: skip
        case.refund_id = made[-1].id
        uow.audit("after_sale.refund", "after_sale", case.id, {"amount": case.refund_amount})
        uow.emit(AfterSaleRefunded(after_sale_id=case.id, order_id=case.order_id, amount=case.refund_amount))
        await uow.commit()
        return await repository.read(uow, case)


async def exchange(uow: UnitOfWork, *, after_sale_id: str, data: Exchange) -> AfterSaleRead:
    """The replacements leave stock at ``location_id``; the case is done. A carrier off the list is 422
    ``unknown_carrier`` before anything moves."""
    if data.carrier:
        carriers.require(data.carrier)
    async with uow:
        uow.actor.require("orders.manage")
        case = await repository.load(uow, after_sale_id)
        await repository.move(uow, case, rules.EXCHANGED, action="exchange")
        for line in (await repository.lines_of(uow, [case.id]))[case.id]:
            await adjust_stock(
                uow, variant_id=line.replacement_variant_id or line.variant_id, location_id=data.location_id,
                delta=-line.quantity, reason="adjustment", reference=f"exchange:{case.id}",
            )  # fmt: skip
        case.note = " ".join(x for x in (data.carrier, data.tracking_number) if x) or case.note
        uow.audit("after_sale.exchange", "after_sale", case.id, {"location_id": data.location_id})
        uow.emit(AfterSaleExchanged(after_sale_id=case.id, order_id=case.order_id))
        await uow.commit()
        return await repository.read(uow, case)


def _line_refunds(order: OrderRead, lines: list[AfterSaleLine]) -> list[int]:
    """Per case line: the money of its next units, from what is left unrefunded on the order line.

    Units the order line no longer has unrefunded (paid back some other way) are a 409, not a failed rule."""
    by_id = {line.id: line for line in order.lines}
    for x in lines:
        if by_id[x.order_line_id].refunded_quantity + x.quantity > by_id[x.order_line_id].quantity:
            raise LineOverClaimed(order_line_id=x.order_line_id, quantity=x.quantity)
    return [
        rules.refund_for_units(
            by_id[x.order_line_id].line_total, by_id[x.order_line_id].quantity,
            by_id[x.order_line_id].refunded_quantity, x.quantity,
        )
        for x in lines
    ]  # fmt: skip


def _shipping(order: OrderRead, lines: list[AfterSaleLine], *, asked: bool) -> int:
    returned = {x.order_line_id: x.quantity for x in lines}
    everything = all(line.refunded_quantity + returned.get(line.id, 0) >= line.quantity for line in order.lines)
    return rules.refunds_shipping(everything, order.shipping_fee, asked)


def _split(case: AfterSale, order: OrderRead, lines: list[AfterSaleLine]) -> list[LineRefund]:
    """The approved amount over the lines: in proportion to their unit money, never more per line."""
    full = _line_refunds(order, lines)
    goods = min(case.refund_amount, sum(full))
    shares = allocate(goods, full) if sum(full) else [0] * len(lines)
    return [
        LineRefund(line_id=x.order_line_id, quantity=x.quantity, amount=a) for x, a in zip(lines, shares, strict=True)
    ]
