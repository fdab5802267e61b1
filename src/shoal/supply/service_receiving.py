"""Receiving goods against a purchase order (收货入库), and sending them back to the supplier (采购退货).

A receipt is one transaction: a guarded touch of the order (it must be receivable, and on PostgreSQL the
row lock queues two receipts of one order), then per line one guarded ``UPDATE ... SET received = received
+ q WHERE received + q <= quantity`` (unless over-receipt is allowed), the stock through inventory's own
``receive_stock`` (its ledger, reason ``receipt``, reference the PO number), the receipt with each line's
cost, and the order's new status. Concurrent receipts can therefore never count a unit twice, nor receive
more than was ordered; a refused line rolls the whole receipt back. Under ``Idempotency-Key`` a retried
request answers the first receipt instead of receiving again.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select, update

from shoal.core.idempotency import Outcome, fingerprint, run_once
from shoal.core.uow import UnitOfWork
from shoal.inventory.service_stock import adjust_stock, receive_stock
from shoal.supply import repository, rules
from shoal.supply.errors import LineNotOnOrder, OverReceipt, ReturnExceedsReceived
from shoal.supply.models import PurchaseOrder, PurchaseOrderLine, Receipt, ReceiptLine
from shoal.supply.schemas import PurchaseOrderRead, ReceiveIn, ReturnIn


async def receive(uow: UnitOfWork, *, order_id: str, data: ReceiveIn) -> PurchaseOrderRead:
    async with uow:
        uow.actor.require("inventory.write")
        await repository.move(uow, order_id, rules.RECEIVABLE, "receive")
        order = await repository.load_order(uow, order_id)
        lines = {line.variant_id: line for line in (await repository.lines_of(uow, [order_id]))[order_id]}
        receipt = await _new_receipt(uow, order_id, "receipt", data.note)
        for variant_id, quantity in rules.merge_lines((line.variant_id, line.quantity) for line in data.lines):
            line = _line(lines, variant_id)
            await _take(uow, line, quantity, data.allow_over_receipt)
            await receive_stock(
                uow, variant_id=variant_id, location_id=order.location_id, quantity=quantity, reference=order.number
            )
            _add_line(uow, receipt, line, quantity)
        await _settle_status(uow, order_id)
        uow.audit("purchase_order.receive", "purchase_order", order_id, {"receipt": receipt.id})
        result = await repository.read_full(uow, order_id)
        await uow.commit()
        return result


async def receive_once(
    new_uow: Callable[[], UnitOfWork], *, order_id: str, data: ReceiveIn, key: str, locale: str
) -> Outcome:
    """``receive`` at most once per ``Idempotency-Key``: a retry after a timeout answers the same receipt."""

    async def handler(uow: UnitOfWork) -> tuple[int, dict[str, object]]:
        result = await receive(uow, order_id=order_id, data=data)
        return 200, result.model_dump(mode="json")

    return await run_once(
        new_uow(), scope=f"purchase-order-receive:{order_id}", key=key, locale=locale, handler=handler,
        request_fingerprint=fingerprint(data.model_dump(mode="json")),
    )  # fmt: skip


async def return_to_supplier(uow: UnitOfWork, *, order_id: str, data: ReturnIn) -> PurchaseOrderRead:
    """Send received units back: at most what was received and not returned per line, and never units the
    shelf no longer has (inventory refuses below reserved). The return is a receipt of kind ``return``."""
    async with uow:
        uow.actor.require("inventory.write")
        await repository.move(uow, order_id, rules.RETURNABLE, "return")
        order = await repository.load_order(uow, order_id)
        lines = {line.variant_id: line for line in (await repository.lines_of(uow, [order_id]))[order_id]}
        receipt = await _new_receipt(uow, order_id, "return", data.note)
        for variant_id, quantity in rules.merge_lines((line.variant_id, line.quantity) for line in data.lines):
            line = _line(lines, variant_id)
            moved = await uow.s.execute(
                update(PurchaseOrderLine)
                .where(*_this_line(uow, line), PurchaseOrderLine.returned + quantity <= PurchaseOrderLine.received)
                .values(returned=PurchaseOrderLine.returned + quantity)
                .execution_options(synchronize_session=False)
            )
            if moved.rowcount != 1:
                raise ReturnExceedsReceived(returnable=line.received - line.returned)
            await adjust_stock(
                uow, variant_id=variant_id, location_id=order.location_id, delta=-quantity,
                reason="supplier_return", reference=order.number,
            )  # fmt: skip
            _add_line(uow, receipt, line, quantity)
        uow.audit("purchase_order.return", "purchase_order", order_id, {"receipt": receipt.id})
        result = await repository.read_full(uow, order_id)
        await uow.commit()
        return result


def _line(lines: dict[str, PurchaseOrderLine], variant_id: str) -> PurchaseOrderLine:
    line = lines.get(variant_id)
    if line is None:
        raise LineNotOnOrder(variant_id=variant_id)
    return line


def _this_line(uow: UnitOfWork, line: PurchaseOrderLine) -> tuple[object, ...]:
    return (PurchaseOrderLine.tenant_id == uow.tenant_id, PurchaseOrderLine.id == line.id)


async def _take(uow: UnitOfWork, line: PurchaseOrderLine, quantity: int, allow_over: bool) -> None:
    """Count ``quantity`` as received on the line, in one guarded statement (never past the order unless
    over-receipt is allowed); a refusal names what is still open, read after the statement."""
    statement = update(PurchaseOrderLine).where(*_this_line(uow, line))
    if not allow_over:
        statement = statement.where(PurchaseOrderLine.received + quantity <= PurchaseOrderLine.quantity)
    moved = await uow.s.execute(
        statement.values(received=PurchaseOrderLine.received + quantity).execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:
        received = (await uow.s.execute(select(PurchaseOrderLine.received).where(*_this_line(uow, line)))).scalar_one()
        raise OverReceipt(open=rules.open_quantity(line.quantity, received), quantity=quantity)


async def _settle_status(uow: UnitOfWork, order_id: str) -> None:
    """After the lines moved: received if every line is complete, else partially received."""
    rows = await uow.s.execute(
        select(PurchaseOrderLine.quantity, PurchaseOrderLine.received).where(
            PurchaseOrderLine.tenant_id == uow.tenant_id, PurchaseOrderLine.order_id == order_id
        )
    )
    status = rules.after_receipt((int(q), int(r)) for q, r in rows)
    await uow.s.execute(
        update(PurchaseOrder)
        .where(PurchaseOrder.tenant_id == uow.tenant_id, PurchaseOrder.id == order_id)
        .values(status=status)
        .execution_options(synchronize_session=False)
    )


async def _new_receipt(uow: UnitOfWork, order_id: str, kind: str, note: str | None) -> Receipt:
    receipt = Receipt(
        tenant_id=uow.tenant_id, order_id=order_id, kind=kind, total_cost=0, note=note,
        actor=uow.actor.label[:80], at=uow.clock.now(),
    )  # fmt: skip
    uow.s.add(receipt)
    await uow.s.flush()
    return receipt


def _add_line(uow: UnitOfWork, receipt: Receipt, line: PurchaseOrderLine, quantity: int) -> None:
    """The line's cost at the order's unit cost, kept on the receipt for margin reports."""
    cost = rules.line_cost(quantity, line.unit_cost)
    receipt.total_cost += cost
    row = ReceiptLine(
        tenant_id=uow.tenant_id, receipt_id=receipt.id, line_id=line.id, variant_id=line.variant_id,
        quantity=quantity, unit_cost=line.unit_cost, line_cost=cost,
    )  # fmt: skip
    uow.s.add(row)
