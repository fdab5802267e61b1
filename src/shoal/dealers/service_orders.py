"""B2B orders: a dealer's staff place them (quick order by SKU and quantity, or a CSV file) at the dealer's
prices, on account within credit or by bank transfer; the brand approves, ships from its warehouse and
invoices; the brand records payment. Every status and payment move is one guarded UPDATE on the state it
expects, so a move happens once and credit is held and released exactly once per order."""

from __future__ import annotations

from sqlalchemy import ColumnElement, select, update

from shoal.core.errors import InvalidState, ValidationFailed
from shoal.core.money import MAX_AMOUNT
from shoal.core.uow import UnitOfWork
from shoal.dealers import credit, rules, scope
from shoal.dealers.errors import EmptyOrder, NotOffered, PrepaidOnly, order_not_found
from shoal.dealers.models import DealerOrder, DealerOrderLine
from shoal.dealers.pricing import priced_catalog, variant_ids_for
from shoal.dealers.schemas import CatalogItem, DealerOrderRead, OrderLineRead, OrderPlace
from shoal.dealers.service_accounts import load_dealer, my_dealer

ENTITY = "dealer order"


async def place(uow: UnitOfWork, *, data: OrderPlace) -> DealerOrderRead:
    """Price the lines at the dealer's terms, check MOQ and case packs, and on account hold the credit in the
    same transaction (refused whole, with what is left, when it does not fit)."""
    async with uow:
        dealer = await my_dealer(uow)
        if data.payment == "account" and dealer.payment_terms == "prepaid":
            raise PrepaidOnly()
        wanted = rules.merged((line.sku, line.quantity) for line in data.lines)
        ids = await variant_ids_for(uow, [sku for sku, _ in wanted], NotOffered)
        offered = await priced_catalog(
            uow, price_list=dealer.price_list, discount_bps=dealer.discount_bps, variant_ids=ids.values()
        )
        items = {item.variant_id: item for item in offered}
        lines = []
        for sku, quantity in wanted:
            item = items.get(ids[sku])
            if item is None:
                raise NotOffered(sku=sku)
            rules.check_quantity(sku, quantity, item.moq, item.case_pack)
            lines.append((item, quantity))
        total = sum(item.price * quantity for item, quantity in lines)
        if total > MAX_AMOUNT:
            raise ValidationFailed(errors=[{"field": "lines", "code": "too_large", "message": str(total)}])
        order = await _insert(uow, dealer.id, data, total, lines)
        if data.payment == "account":
            await credit.hold(uow, dealer=dealer, order_id=order.id, amount=total)
        uow.audit("dealer_order.place", "dealer_order", order.id, {"total": total, "payment": data.payment})
        result = (await _read(uow, [order]))[0]
        await uow.commit()
        return result


async def place_file(uow: UnitOfWork, *, text: str, payment: str, note: str | None = None) -> DealerOrderRead:
    """An order from an uploaded ``sku,quantity`` file: the same checks as a quick order, all or nothing."""
    rows = rules.read_order_file(text)
    if not rows:
        raise EmptyOrder()
    lines = [{"sku": sku, "quantity": quantity} for sku, quantity in rows]
    return await place(uow, data=OrderPlace.model_validate({"lines": lines, "payment": payment, "note": note}))


async def list_orders(
    uow: UnitOfWork, *, status: str | None = None, dealer_id: str | None = None, limit: int = 50
) -> list[DealerOrderRead]:
    """Newest first: a dealer's staff see their dealer's orders only, the brand's staff every dealer's."""
    async with uow:
        if uow.actor.kind != "dealer":
            uow.actor.require("orders.read")
        query = scope.owned(uow, DealerOrder)
        if status:
            query = query.where(DealerOrder.status == status)
        if dealer_id:
            query = query.where(DealerOrder.dealer_id == dealer_id)
        rows = list((await uow.s.execute(query.order_by(DealerOrder.id.desc()).limit(limit))).scalars())
        return await _read(uow, rows)


async def get_order(uow: UnitOfWork, *, order_id: str) -> DealerOrderRead:
    async with uow:
        if uow.actor.kind != "dealer":
            uow.actor.require("orders.read")
        return (await _read(uow, [await _load(uow, order_id)]))[0]


async def approve(uow: UnitOfWork, *, order_id: str) -> DealerOrderRead:
    return await _staff_move(uow, order_id, "approve", (DealerOrder.status == "placed",), status="approved",
                             approved_at=uow.clock.now())  # fmt: skip


async def invoice(uow: UnitOfWork, *, order_id: str) -> DealerOrderRead:
    """Invoice a shipped order; on account its due date is the invoice date plus the dealer's terms."""
    async with uow:
        uow.actor.require("orders.manage")
        order = await _load(uow, order_id)
        dealer_terms = (await load_dealer(uow, order.dealer_id)).terms_days
        now = uow.clock.now()
        due = rules.due_date(now, dealer_terms) if order.payment_status == "on_account" else None
        number = rules.document_number("INV", now, order.id)
        result = await _staff_move(uow, order_id, "invoice", (DealerOrder.status == "shipped",), status="invoiced",
                                   invoiced_at=now, invoice_number=number, due_at=due)  # fmt: skip
        await uow.commit()
        return result


async def reject(uow: UnitOfWork, *, order_id: str) -> DealerOrderRead:
    """Refuse an order not yet shipped; credit it held goes back (once: the move is guarded on the payment
    status read, so a payment recorded meanwhile makes this a 409 instead of a second release)."""
    async with uow:
        uow.actor.require("orders.manage")
        order = await _load(uow, order_id)
        if order.payment_status == "paid":
            raise InvalidState(entity=ENTITY, state="paid", action="reject")
        held = order.payment_status
        guard = (DealerOrder.status.in_(("placed", "approved")), DealerOrder.payment_status == held)
        result = await _staff_move(uow, order_id, "reject", guard, status="rejected", payment_status="void")
        if held == "on_account":
            await credit.release(uow, dealer_id=order.dealer_id, order_id=order.id, amount=order.total)
        await uow.commit()
        return result


async def record_payment(uow: UnitOfWork, *, order_id: str) -> DealerOrderRead:
    """The brand received the money: a transfer order may ship; an account order gives its credit back."""
    async with uow:
        uow.actor.require("orders.manage")
        order = await _load(uow, order_id)
        held = order.payment_status
        guard = (DealerOrder.status != "rejected", DealerOrder.payment_status == held,
                 DealerOrder.payment_status.in_(("on_account", "awaiting_transfer")))  # fmt: skip
        result = await _staff_move(uow, order_id, "pay", guard, payment_status="paid", paid_at=uow.clock.now())
        if held == "on_account":
            await credit.release(uow, dealer_id=order.dealer_id, order_id=order.id, amount=order.total)
        await uow.commit()
        return result


async def _staff_move(
    uow: UnitOfWork, order_id: str, action: str, guard: tuple[ColumnElement[bool], ...], **values: object
) -> DealerOrderRead:
    async with uow:
        uow.actor.require("orders.manage")
        order = await move(uow, order_id, action, guard, **values)
        uow.audit(f"dealer_order.{action}", "dealer_order", order.id, {})
        result = (await _read(uow, [order]))[0]
        await uow.commit()
        return result


async def move(
    uow: UnitOfWork, order_id: str, action: str, guard: tuple[ColumnElement[bool], ...], **values: object
) -> DealerOrder:
    """One guarded UPDATE of a visible order; 404 if not visible, 409 naming its state if the guard fails."""
    order = await _load(uow, order_id)
    moved = await uow.s.execute(
        update(DealerOrder).where(DealerOrder.tenant_id == uow.tenant_id, DealerOrder.id == order_id, *guard)
        .values(**values)
    )  # fmt: skip
    if moved.rowcount != 1:
        raise InvalidState(entity=ENTITY, state=order.status, action=action)
    return await _load(uow, order_id)


async def _load(uow: UnitOfWork, order_id: str) -> DealerOrder:
    return await scope.load(uow, DealerOrder, order_id, order_not_found(order_id))


async def _insert(
    uow: UnitOfWork, dealer_id: str, data: OrderPlace, total: int, lines: list[tuple[CatalogItem, int]]
) -> DealerOrder:
    now = uow.clock.now()
    order = DealerOrder(
        tenant_id=uow.tenant_id, dealer_id=dealer_id, number="", status="placed", payment=data.payment,
        payment_status="on_account" if data.payment == "account" else "awaiting_transfer", total=total,
        note=data.note, placed_by=uow.actor.id or "", created_at=now,
    )  # fmt: skip
    uow.s.add(order)
    await uow.s.flush()
    order.number = rules.document_number("DO", now, order.id)
    for item, quantity in lines:
        uow.s.add(
            DealerOrderLine(
                tenant_id=uow.tenant_id, order_id=order.id, variant_id=item.variant_id, sku=item.sku, name=item.name,
                quantity=quantity, unit_price=item.price, amount=item.price * quantity,
            )
        )  # fmt: skip
    await uow.s.flush()
    return order


async def _read(uow: UnitOfWork, orders: list[DealerOrder]) -> list[DealerOrderRead]:
    """Orders with their lines, in one query for the lines."""
    ids = [order.id for order in orders]
    rows = await uow.s.execute(
        select(DealerOrderLine)
        .where(DealerOrderLine.tenant_id == uow.tenant_id, DealerOrderLine.order_id.in_(ids))
        .order_by(DealerOrderLine.sku)
    )
    lines: dict[str, list[OrderLineRead]] = {order_id: [] for order_id in ids}
    for line in rows.scalars():
        lines[line.order_id].append(OrderLineRead.model_validate(line))
    return [DealerOrderRead.model_validate({**_columns(order), "lines": lines[order.id]}) for order in orders]


def _columns(order: DealerOrder) -> dict[str, object]:
    return {column.key: getattr(order, column.key) for column in DealerOrder.__table__.columns}
