"""After admission: a paid order keeps its units; an unpaid one gives them back to the sale (its bucket, the
shopper's count and the gate), once; a finished session ends and returns its remainder to the shelf.

Every path goes through one guarded transition of the admission (``admitted -> returned | paid``), so the
sweeper, the order's own sweeper (whose ``OrderStatusChanged`` arrives here) and a second worker process return
an order's units once. The order's inventory hold went back to the sale's hold when the order closed
(``inventory.holds``), in the same transaction as the order's closing; here the sale's count follows.
"""

from __future__ import annotations

import logging
import random
from typing import Any

from sqlalchemy import select, update

from shoal.campaigns.flash_sale import gate as gates
from shoal.campaigns.flash_sale import rules
from shoal.campaigns.flash_sale.models import FlashSale, FlashSaleBucket, FlashSaleOrder, FlashSaleShopper
from shoal.campaigns.flash_sale.service import end_sale
from shoal.core.actors import SYSTEM
from shoal.core.errors import InvalidState
from shoal.core.outbox import subscribe
from shoal.core.scheduler import register_job, tenant_ids
from shoal.core.uow import Database, UnitOfWork
from shoal.orders.events import OrderPaid, OrderStatusChanged
from shoal.orders.service import close_if_unpaid

log = logging.getLogger("shoal.flash_sale")
SWEEP_BATCH = 200


async def return_unpaid(db: Database) -> int:
    """Job: close the flash orders past their payment window and give their units back to the sale."""
    returned = 0
    for tenant_id in await tenant_ids(db):
        async with db.uow(tenant_id=tenant_id, actor=SYSTEM) as uow:
            due = list(
                (
                    await uow.s.execute(
                        select(FlashSaleOrder.order_id)
                        .where(
                            FlashSaleOrder.tenant_id == tenant_id,
                            FlashSaleOrder.status == rules.ADMITTED,
                            FlashSaleOrder.pay_by <= uow.clock.now(),
                        )
                        .order_by(FlashSaleOrder.pay_by)
                        .limit(SWEEP_BATCH)
                    )
                ).scalars()
            )
        for order_id in due:
            async with db.uow(tenant_id=tenant_id, actor=SYSTEM) as uow:
                outcome = await close_if_unpaid(uow, order_id=order_id)
                admission = await settle(uow, order_id=order_id, order_status=outcome)
                await uow.commit()
            if admission is not None:
                await tell_gate(tenant_id, admission)
                returned += 1
    return returned


async def end_finished(db: Database) -> int:
    """Job: end the published sessions whose time is up (their remainder goes back to the shelf)."""
    ended = 0
    for tenant_id in await tenant_ids(db):
        async with db.uow(tenant_id=tenant_id, actor=SYSTEM) as uow:
            due = list(
                (
                    await uow.s.execute(
                        select(FlashSale).where(
                            FlashSale.tenant_id == tenant_id,
                            FlashSale.status == rules.PUBLISHED,
                            FlashSale.ends_at <= uow.clock.now(),
                        )
                    )
                ).scalars()
            )
        for sale in due:
            async with db.uow(tenant_id=tenant_id, actor=SYSTEM) as uow:
                try:
                    await end_sale(uow, sale)
                except InvalidState:  # ended by staff or another worker meanwhile
                    continue
                await uow.commit()
                ended += 1
    return ended


async def settle(uow: UnitOfWork, *, order_id: str, order_status: str) -> Any:
    """Follow the order: closed or cancelled gives the units back (answers the admission when this call did;
    the caller tells the gate after committing), paid keeps them; one awaiting payment changes nothing."""
    if order_status in rules.GIVES_BACK:
        return await _give_back(uow, order_id)
    if order_status != "pending_payment":
        await _transition(uow, order_id, rules.PAID)
    return None


async def _give_back(uow: UnitOfWork, order_id: str) -> Any:
    admission = await _transition(uow, order_id, rules.RETURNED)
    if admission is None:
        return None
    await uow.s.execute(
        update(FlashSaleBucket)
        .where(
            FlashSaleBucket.tenant_id == uow.tenant_id,
            FlashSaleBucket.item_id == admission.item_id,
            FlashSaleBucket.shard == random.randrange(rules.SHARDS),
        )
        .values(units_left=FlashSaleBucket.units_left + admission.quantity)
        .execution_options(synchronize_session=False)
    )
    await uow.s.execute(
        update(FlashSaleShopper)
        .where(
            FlashSaleShopper.tenant_id == uow.tenant_id,
            FlashSaleShopper.item_id == admission.item_id,
            FlashSaleShopper.customer_id == admission.customer_id,
            FlashSaleShopper.quantity >= admission.quantity,
        )
        .values(quantity=FlashSaleShopper.quantity - admission.quantity)
        .execution_options(synchronize_session=False)
    )
    return admission


async def tell_gate(tenant_id: str, admission: Any) -> None:
    gate = gates.current()
    if gate is None:
        return
    try:
        await gate.give_back(
            tenant_id=tenant_id, item_id=admission.item_id, customer_id=admission.customer_id,
            units=admission.quantity, quantity=admission.quantity,
        )  # fmt: skip
    except Exception:  # the gate then undersells until it is rebuilt; the database already has the units
        log.warning("could not give %s units back to the flash gate", admission.quantity, exc_info=True)


async def _transition(uow: UnitOfWork, order_id: str, target: str) -> FlashSaleOrder | None:
    """``admitted -> target`` once; the admission when this call moved it, else ``None`` (or not a flash order)."""
    moved = await uow.s.execute(
        update(FlashSaleOrder)
        .where(
            FlashSaleOrder.tenant_id == uow.tenant_id,
            FlashSaleOrder.order_id == order_id,
            FlashSaleOrder.status == rules.ADMITTED,
        )
        .values(status=target, settled_at=uow.clock.now())
        .returning(FlashSaleOrder.item_id, FlashSaleOrder.customer_id, FlashSaleOrder.quantity)
        .execution_options(synchronize_session=False)
    )
    return moved.one_or_none()  # type: ignore[return-value]


async def _on_status_changed(db: Database, tenant_id: str, payload: dict[str, Any]) -> None:
    if payload["to_status"] not in rules.GIVES_BACK:
        return
    async with db.uow(tenant_id=tenant_id, actor=SYSTEM) as uow:
        admission = await settle(uow, order_id=payload["order_id"], order_status=payload["to_status"])
        await uow.commit()
    if admission is not None:
        await tell_gate(tenant_id, admission)


async def _on_paid(db: Database, tenant_id: str, payload: dict[str, Any]) -> None:
    async with db.uow(tenant_id=tenant_id, actor=SYSTEM) as uow:
        await settle(uow, order_id=payload["order_id"], order_status="paid")
        await uow.commit()


subscribe(OrderStatusChanged, _on_status_changed)
subscribe(OrderPaid, _on_paid)
register_job("flash_sales.return_unpaid", return_unpaid)
register_job("flash_sales.end_finished", end_finished)
