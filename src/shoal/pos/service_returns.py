"""Returns at the till: goods of an earlier sale of this store come back, the money goes back the way it came.

The refund is the orders and payments domains' own (``payments.service_refunds.refund_order``): split over the
sale's payments in proportion to what each has left, cash handed back by the clerk (the ``cash`` provider answers
at once and the shift's takings fall by it), a payment code's money refunded through its provider, the balance
credited back. Each returned unit goes back on the store's shelf (ledger reason ``return``). Limits hold under
concurrent returns because the order's lines are refunded with guarded updates (never more than bought).
Idempotent by the till's ``return_id`` (a unique key), like sales.

A till return is the POS domain's decision: a clerk with ``pos.sell``, at the store of the sale, in an open
shift. The refund and the restock it orders check their own permissions (``orders.manage``,
``inventory.write``); ``till_authority`` grants them for these calls only, and the audit log names the clerk.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite

from shoal.catalog.service_lookup import variant_ids_by_code
from shoal.core.errors import NotFound
from shoal.core.ids import new_id
from shoal.core.uow import UnitOfWork
from shoal.inventory.service_stock import adjust_stock
from shoal.orders.schemas import LineRefund, OrderRead
from shoal.orders.service_queries import get_order_detail
from shoal.payments.config import ProviderRegistry
from shoal.payments.schemas import RefundCreate
from shoal.payments.service import list_payments
from shoal.payments.service_refunds import refund_order
from shoal.pos import rules
from shoal.pos.authority import till_authority
from shoal.pos.errors import ReturnTooLarge, SaleNotReturnable, UnknownCode
from shoal.pos.models import Sale, SaleReturn
from shoal.pos.schemas import ReturnCreate, ReturnRead
from shoal.pos.service_sales import get_sale_row
from shoal.pos.service_shifts import selling_shift


async def return_at_till(
    uow: UnitOfWork, *, providers: ProviderRegistry, sale_pk: str, data: ReturnCreate
) -> ReturnRead:
    async with uow:
        uow.actor.require("pos.sell")
        shift = await selling_shift(uow)
        sale = await get_sale_row(uow, pk=sale_pk)
        if sale.status != rules.COMPLETED or sale.location_id != shift.location_id or sale.order_id is None:
            raise SaleNotReturnable()
        row = await _claim(uow, sale, shift.id, data)
        if row is None:
            return await _existing(uow, sale.id, data.return_id)
        order = await get_order_detail(uow, order_id=sale.order_id)
        refunds = _line_refunds(order, await variant_ids_by_code(uow, codes=[x.code for x in data.lines]), data)
        amount = sum(r.amount for r in refunds)
        by_method: dict[str, int] = {}
        with till_authority(uow):
            if amount > 0:
                made = await refund_order(
                    uow, providers=providers, order_id=order.id, line_refunds=refunds,
                    data=RefundCreate(amount=amount, reason=data.reason or "门店退货 / Returned at the till",
                                      reference=row.id),
                )  # fmt: skip
                providers_of = {p.id: p.provider for p in (await list_payments(uow, limit=100, cursor=None,
                                                                              order_id=order.id)).items}  # fmt: skip
                for refund in made:
                    method = providers_of[refund.payment_id]
                    by_method[method] = by_method.get(method, 0) + refund.amount
            variants = {line.id: line.variant_id for line in order.lines}
            for refund in refunds:
                await adjust_stock(
                    uow, variant_id=variants[refund.line_id], location_id=sale.location_id, delta=refund.quantity,
                    reason="return", reference=f"pos-return:{row.id}",
                )  # fmt: skip
        await uow.s.execute(
            update(Sale).where(Sale.tenant_id == uow.tenant_id, Sale.id == sale.id)
            .values(refunded=Sale.refunded + amount).execution_options(synchronize_session=False)
        )  # fmt: skip
        skus = {line.id: line.sku for line in order.lines}
        row.amount = amount
        row.refunds = [{"method": m, "amount": a} for m, a in sorted(by_method.items())]
        row.lines = [{"line_id": r.line_id, "sku": skus[r.line_id], "quantity": r.quantity, "amount": r.amount}
                     for r in refunds]  # fmt: skip
        uow.audit("pos.return", "pos_sale", sale.id, {"return": row.id, "amount": amount})
        await uow.commit()
        return ReturnRead.model_validate(row)


def _line_refunds(order: OrderRead, ids: dict[str, str], data: ReturnCreate) -> list[LineRefund]:
    """Each returned code matched to the sale's line of that variant, with what its units give back."""
    units: dict[str, int] = {}
    for line in data.lines:
        if line.code not in ids:
            raise UnknownCode(code=line.code)
        units[ids[line.code]] = units.get(ids[line.code], 0) + line.quantity
    refunds = []
    for variant_id, count in units.items():
        line = next((x for x in order.lines if x.variant_id == variant_id), None)
        if line is None:
            raise ReturnTooLarge(sku=variant_id, left=0)
        left = line.quantity - line.refunded_quantity
        if count > left:
            raise ReturnTooLarge(sku=line.sku, left=left)
        amount = rules.refund_for(
            line_total=line.line_total, quantity=line.quantity, returned=line.refunded_quantity,
            refunded=line.refunded_amount, units=count,
        )  # fmt: skip
        refunds.append(LineRefund(line.id, count, amount))
    return refunds


async def _claim(uow: UnitOfWork, sale: Sale, shift_id: str, data: ReturnCreate) -> SaleReturn | None:
    insert = postgresql.insert if uow.db.dialect == "postgresql" else sqlite.insert
    claimed = await uow.s.execute(
        insert(SaleReturn)
        .values(
            id=new_id(), tenant_id=uow.tenant_id, return_id=data.return_id, sale_pk=sale.id, shift_id=shift_id,
            clerk_id=uow.actor.id, location_id=sale.location_id, amount=0, refunds=[], lines=[],
            created_at=uow.clock.now(),
        )
        .on_conflict_do_nothing(index_elements=["tenant_id", "return_id"])
        .returning(SaleReturn.id)
    )  # fmt: skip
    pk = claimed.scalar_one_or_none()
    if pk is None:
        return None
    return (await uow.s.execute(select(SaleReturn).where(SaleReturn.id == pk))).scalar_one()


async def _existing(uow: UnitOfWork, sale_pk: str, return_id: str) -> ReturnRead:
    found = (
        await uow.s.execute(
            select(SaleReturn).where(SaleReturn.tenant_id == uow.tenant_id, SaleReturn.return_id == return_id,
                                     SaleReturn.sale_pk == sale_pk)
        )
    ).scalar_one_or_none()  # fmt: skip
    if found is None:
        raise NotFound("return")
    return ReturnRead.model_validate(found)
