"""The commission lifecycle, driven by the orders' outbox events (orders never import distribution).

- ``OrderPaid``: the bound promoter (and its inviter) earn ``pending`` commission, exact to the fen, on the
  paid line amounts after discounts; one ``distribution_orders`` row per order (insert-or-nothing), so a
  redelivered event earns nothing twice. A self-purchase earns nothing unless the shop allows it.
- ``OrderStatusChanged`` to delivered/completed (received) or refunded: the after-sales window starts.
- ``OrderRefunded``: the order's ``refunded`` grows by compare-and-set; each line keeps its commission in
  proportion to its goods not refunded (refunds that name lines count on them, the rest on the goods in
  proportion); before settlement a pending reversal cancels what the lines no longer keep, after it a settled
  clawback takes it back from the balance, below zero if need be. Refunds only grow, so an older event
  delivered late changes nothing.
- the ``distribution.settle`` job: orders past their window move ``pending -> settled`` once, with their
  entries and the promoters' balances.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite

from shoal.catalog.service_variants import variants_for_pricing
from shoal.core.actors import SYSTEM
from shoal.core.i18n import pick
from shoal.core.ids import new_id
from shoal.core.outbox import subscribe
from shoal.core.scheduler import register_job, tenant_ids
from shoal.core.uow import Database, UnitOfWork
from shoal.customers.service import customer_row
from shoal.distribution import ledger, rules
from shoal.distribution.events import CommissionSettled
from shoal.distribution.models import CommissionLine, CommissionOrder, Promoter
from shoal.distribution.service import load_terms, rate_rules
from shoal.distribution.service_binding import binding_of
from shoal.orders.events import OrderPaid, OrderRefunded, OrderStatusChanged
from shoal.orders.schemas import OrderRead
from shoal.orders.service_queries import get_order_detail

RECEIVED = ("delivered", "completed", "refunded")
CAS_ATTEMPTS = 5
BATCH = 200


async def record_paid_order(db: Database, tenant_id: str, *, order_id: str) -> bool:
    """Write the order's pending commission if its buyer is bound to an active promoter; ``True`` if written."""
    order = await get_order_detail(db.uow(tenant_id=tenant_id, actor=SYSTEM), order_id=order_id)
    if not order.customer_id or order.paid_amount <= 0:
        return False
    variants = await variants_for_pricing(
        db.uow(tenant_id=tenant_id, actor=SYSTEM), variant_ids=[line.variant_id for line in order.lines]
    )
    lines = [
        rules.Line(line.id, line.product_id, line.quantity, line.line_total,
                   tuple(variants[line.variant_id].category_ids) if line.variant_id in variants else ())
        for line in order.lines
    ]  # fmt: skip
    names = {line.id: pick(line.name, "zh-CN") or line.sku for line in order.lines}
    async with db.uow(tenant_id=tenant_id, actor=SYSTEM) as uow:
        earners = await _earners(uow, order.customer_id)
        if earners is None:
            return False
        promoter, inviter = earners
        table = await rate_rules(uow)
        split1 = rules.commission_split(lines, table, promoter.level_id, 1)
        split2 = rules.commission_split(lines, table, inviter.level_id, 2) if inviter else [0] * len(lines)
        if not await _claim_order(uow, order, promoter, inviter, sum(split1), sum(split2)):
            return False
        for line, one, two in zip(lines, split1, split2, strict=True):
            uow.s.add(CommissionLine(tenant_id=tenant_id, order_id=order.id, line_id=line.line_id,
                                     product_id=line.product_id, name=names[line.line_id][:200], base=line.amount,
                                     tier1=one, tier2=two))  # fmt: skip
        for tier, earner, amount in ((1, promoter, sum(split1)), (2, inviter, sum(split2))):
            if earner is not None and amount > 0:
                await ledger.post(uow, promoter_id=earner.id, key=f"commission:{order.id}:{tier}", kind="commission",
                                  amount=amount, status="pending", tier=tier, order_id=order.id)  # fmt: skip
        await uow.commit()
        return True


async def _earners(uow: UnitOfWork, buyer_id: str) -> tuple[Promoter, Promoter | None] | None:
    """Who earns on the buyer's order: the promoter they are bound to and its inviter, never the buyer
    themselves (same customer, phone or identity); a promoter's own order (自购) earns them commission only
    where the shop's terms allow it."""
    terms = await load_terms(uow)
    own = await _own_promoter(uow, buyer_id)
    if own is not None and terms.self_purchase:
        promoter: Promoter | None = own
    else:
        binding = await binding_of(uow, buyer_id)
        promoter = await _active(uow, binding.promoter_id) if binding else None
    if promoter is None:
        return None
    buyer = await _person(uow, buyer_id)
    if not terms.self_purchase and rules.same_person(await _person(uow, promoter.customer_id), buyer):
        return None
    inviter = await _active(uow, promoter.inviter_id) if promoter.inviter_id else None
    if inviter is not None and rules.same_person(await _person(uow, inviter.customer_id), buyer):
        inviter = None
    return promoter, inviter


async def _claim_order(
    uow: UnitOfWork, order: OrderRead, promoter: Promoter, inviter: Promoter | None, one: int, two: int
) -> bool:
    insert = postgresql.insert if uow.db.dialect == "postgresql" else sqlite.insert
    done = await uow.s.execute(
        insert(CommissionOrder)
        .values(
            id=new_id(),
            tenant_id=uow.tenant_id,
            order_id=order.id,
            number=order.number,
            customer_id=order.customer_id,
            promoter_id=promoter.id,
            inviter_id=inviter.id if inviter else None,
            store_id=promoter.store_id,
            paid_amount=order.paid_amount,
            refunded=order.refunded_amount,
            commission1=one,
            commission2=two,
            status="pending",
            paid_at=order.paid_at or uow.clock.now(),
        )
        .on_conflict_do_nothing(index_elements=["tenant_id", "order_id"])
    )
    return done.rowcount == 1


async def apply_refund(db: Database, tenant_id: str, *, order_id: str, refunded_total: int) -> int:
    """Take back what the order's refunds no longer leave its lines (the lines a refund names, from the
    order's books; the rest in proportion to the goods); answers how much was taken back."""
    async with db.uow(tenant_id=tenant_id, actor=SYSTEM) as uow:
        if await _order_row(uow, order_id) is None:
            return 0
    order = await get_order_detail(db.uow(tenant_id=tenant_id, actor=SYSTEM), order_id=order_id)
    named = {line.id: line.refunded_amount for line in order.lines}
    refunded_total = max(refunded_total, order.refunded_amount)  # the books as they are now
    for _ in range(CAS_ATTEMPTS):
        async with db.uow(tenant_id=tenant_id, actor=SYSTEM) as uow:
            row = await _order_row(uow, order_id)
            if row is None or refunded_total <= row.refunded:
                return 0
            moved = await uow.s.execute(
                update(CommissionOrder)
                .where(
                    CommissionOrder.tenant_id == tenant_id,
                    CommissionOrder.id == row.id,
                    CommissionOrder.refunded == row.refunded,
                    CommissionOrder.status == row.status,
                )
                .values(refunded=refunded_total)
                .execution_options(synchronize_session=False)
            )
            if moved.rowcount != 1:
                continue  # settled or refunded meanwhile: decide again on the row as it is now
            lines = [rules.RefundLine(line.base, (line.tier1, line.tier2), named.get(line.line_id, 0))
                     for line in await _lines(uow, order_id)]  # fmt: skip
            specs = rules.refund_entries(lines, refunded_total=refunded_total, settled=row.status == "settled",
                                         taken_before=await ledger.taken_back(uow, order_id))  # fmt: skip
            for spec in specs:
                earner = row.promoter_id if spec.tier == 1 else row.inviter_id
                if earner:
                    key = f"{spec.kind}:{order_id}:{spec.tier}:{refunded_total}"
                    await ledger.post(uow, promoter_id=earner, key=key, kind=spec.kind, amount=spec.amount,
                                      status=spec.status, tier=spec.tier, order_id=order_id)  # fmt: skip
            await uow.commit()
            return -sum(spec.amount for spec in specs)
    raise RuntimeError(f"the refund of order {order_id} kept racing; the event will be delivered again")


async def _lines(uow: UnitOfWork, order_id: str) -> list[CommissionLine]:
    return list(await uow.s.scalars(
        select(CommissionLine)
        .where(CommissionLine.tenant_id == uow.tenant_id, CommissionLine.order_id == order_id)
        .order_by(CommissionLine.line_id)
    ))  # fmt: skip


async def start_window(db: Database, tenant_id: str, *, order_id: str) -> None:
    """The order was received (or refunded in full): it settles after the shop's after-sales window."""
    async with db.uow(tenant_id=tenant_id, actor=SYSTEM) as uow:
        days = (await load_terms(uow)).settle_days
        await uow.s.execute(
            update(CommissionOrder)
            .where(
                CommissionOrder.tenant_id == tenant_id,
                CommissionOrder.order_id == order_id,
                CommissionOrder.settle_after.is_(None),
            )
            .values(settle_after=uow.clock.now() + timedelta(days=days))
            .execution_options(synchronize_session=False)
        )
        await uow.commit()


async def settle_order(db: Database, tenant_id: str, *, commission_order_id: str) -> bool:
    """``pending -> settled`` once, with the entries and balances; ``False`` if not due or already done."""
    async with db.uow(tenant_id=tenant_id, actor=SYSTEM) as uow:
        now = uow.clock.now()
        moved = await uow.s.execute(
            update(CommissionOrder)
            .where(
                CommissionOrder.tenant_id == tenant_id,
                CommissionOrder.id == commission_order_id,
                CommissionOrder.status == "pending",
                CommissionOrder.settle_after <= now,
            )
            .values(status="settled", settled_at=now)
            .returning(CommissionOrder.order_id)
            .execution_options(synchronize_session=False)
        )
        order_id = moved.scalar_one_or_none()
        if order_id is None:
            return False
        for promoter_id, amount in (await ledger.settle_order_entries(uow, order_id)).items():
            uow.emit(CommissionSettled(order_id=order_id, promoter_id=promoter_id, amount=amount))
        await uow.commit()
        return True


async def settle_due(db: Database) -> int:
    """The ``distribution.settle`` job: every order past its after-sales window, shop by shop."""
    done = 0
    for tenant_id in await tenant_ids(db):
        async with db.uow(tenant_id=tenant_id, actor=SYSTEM) as uow:
            due = list(await uow.s.scalars(
                select(CommissionOrder.id)
                .where(CommissionOrder.tenant_id == tenant_id, CommissionOrder.status == "pending",
                       CommissionOrder.settle_after <= uow.clock.now())
                .order_by(CommissionOrder.settle_after)
                .limit(BATCH)
            ))  # fmt: skip
        for commission_order_id in due:
            done += await settle_order(db, tenant_id, commission_order_id=commission_order_id)
    return done


async def _order_row(uow: UnitOfWork, order_id: str) -> CommissionOrder | None:
    return await uow.s.scalar(
        select(CommissionOrder)
        .where(CommissionOrder.tenant_id == uow.tenant_id, CommissionOrder.order_id == order_id)
        .execution_options(populate_existing=True)
    )


async def _active(uow: UnitOfWork, promoter_id: str) -> Promoter | None:
    return await uow.s.scalar(
        select(Promoter).where(
            Promoter.tenant_id == uow.tenant_id, Promoter.id == promoter_id, Promoter.status == "active"
        )
    )


async def _own_promoter(uow: UnitOfWork, customer_id: str) -> Promoter | None:
    return await uow.s.scalar(
        select(Promoter).where(
            Promoter.tenant_id == uow.tenant_id, Promoter.customer_id == customer_id, Promoter.status == "active"
        )
    )


async def _person(uow: UnitOfWork, customer_id: str) -> rules.Person:
    customer = await customer_row(uow, customer_id)
    return rules.Person(customer.id, customer.phone)


async def on_order_paid(db: Database, tenant_id: str, payload: dict[str, Any]) -> None:
    await record_paid_order(db, tenant_id, order_id=payload["order_id"])


async def on_order_refunded(db: Database, tenant_id: str, payload: dict[str, Any]) -> None:
    await apply_refund(db, tenant_id, order_id=payload["order_id"], refunded_total=payload["refunded_total"])


async def on_status_changed(db: Database, tenant_id: str, payload: dict[str, Any]) -> None:
    if payload["to_status"] in RECEIVED:
        await start_window(db, tenant_id, order_id=payload["order_id"])


subscribe(OrderPaid, on_order_paid)
subscribe(OrderRefunded, on_order_refunded)
subscribe(OrderStatusChanged, on_status_changed)
register_job("distribution.settle", settle_due)
