"""A bargain's order and what follows it: the initiator buys at the price reached through campaign checkout
(one live order per bargain: a guarded update sets the record's order once); the order's payment counts for the
activity's GMV; an order closed unpaid lets the initiator buy again; bargains whose time is up expire (a job).

Every step is a guarded update, safe to run twice (events arrive at least once; two workers may sweep at once).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import update

from shoal.campaigns.bargain import rules
from shoal.campaigns.bargain.errors import BargainClosed, FloorNotReached, record_not_found
from shoal.campaigns.bargain.models import Bargain, BargainRecord
from shoal.campaigns.bargain.schemas import BargainCheckoutIn
from shoal.campaigns.bargain.service import load_bargain
from shoal.campaigns.bargain.service_store import can_buy, load_record
from shoal.checkout.service_campaign import CampaignPurchase, campaign_checkout
from shoal.core.actors import SYSTEM
from shoal.core.idempotency import Outcome, fingerprint, run_once
from shoal.core.outbox import subscribe
from shoal.core.scheduler import register_job, tenant_ids
from shoal.core.tenancy import Tenant
from shoal.core.uow import Database, UnitOfWork
from shoal.customers.service import shopper_id
from shoal.orders.events import OrderPaid, OrderStatusChanged

UNPAID_ENDINGS = ("closed", "cancelled")


async def checkout(
    new_uow: Callable[[], UnitOfWork], *, tenant: Tenant, record_id: str, data: BargainCheckoutIn, key: str,
    locale: str,
) -> Outcome:  # fmt: skip
    """The initiator's order at the price reached (idempotent by ``key``): 201 with the order, or a refusal."""
    probe = new_uow()
    initiator = shopper_id(probe)
    body = {"record_id": record_id, **data.model_dump(mode="json")}
    return await run_once(
        new_uow(), scope=f"bargain:{initiator}", key=key, request_fingerprint=fingerprint(body), locale=locale,
        handler=lambda uow: _order(uow, tenant, record_id, initiator, data),
    )  # fmt: skip


async def _order(
    uow: UnitOfWork, tenant: Tenant, record_id: str, initiator: str, data: BargainCheckoutIn
) -> tuple[int, dict[str, Any]]:
    record = await load_record(uow, record_id)
    if record.initiator_id != initiator:
        raise record_not_found(record_id)  # only the initiator buys; to others it is nobody's order to place
    bargain = await load_bargain(uow, record.bargain_id)
    if not can_buy(record, bargain, uow):
        if record.status == rules.BARGAINING and record.order_id is None and record.expires_at > uow.clock.now():
            raise FloorNotReached()
        raise BargainClosed(state=rules.ORDERED if record.order_id else rules.EXPIRED)
    price = rules.price_after(record.start_price, record.plan, record.slices)
    order = await campaign_checkout(
        uow, tenant=tenant, purchase=_purchase(bargain, price), delivery=data.delivery,
        unpaid_minutes=bargain.payment_minutes,
    )  # fmt: skip
    claimed = await uow.s.execute(
        update(BargainRecord)
        .where(
            BargainRecord.tenant_id == uow.tenant_id,
            BargainRecord.id == record.id,
            BargainRecord.status == rules.BARGAINING,
            BargainRecord.order_id.is_(None),
            BargainRecord.slices == record.slices,  # the price ordered is the price reached, no cut in between
        )
        .values(status=rules.ORDERED, order_id=order.id)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # a twin ordered first, or a helper cut meanwhile: the order rolls back
        raise BargainClosed(state=rules.ORDERED)
    return 201, order.model_dump(mode="json")


def _purchase(bargain: Bargain, price: int) -> CampaignPurchase:
    return CampaignPurchase(
        variant_id=bargain.variant_id, quantity=1, unit_price=price, location_id=bargain.location_id,
        reserve_from=None, remark=f"砍价 {bargain.name} / Bargain {bargain.name}",
    )  # fmt: skip


async def expire_due(db: Database) -> int:
    """Job: bargains past their time that were not bought expire (one guarded update per shop)."""
    expired = 0
    for tenant_id in await tenant_ids(db):
        async with db.uow(tenant_id=tenant_id, actor=SYSTEM) as uow:
            done = await uow.s.execute(
                update(BargainRecord)
                .where(
                    BargainRecord.tenant_id == tenant_id,
                    BargainRecord.status == rules.BARGAINING,
                    BargainRecord.expires_at <= uow.clock.now(),
                )
                .values(status=rules.EXPIRED)
                .execution_options(synchronize_session=False)
            )
            await uow.commit()
            expired += done.rowcount
    return expired


async def _on_paid(db: Database, tenant_id: str, payload: dict[str, Any]) -> None:
    async with db.uow(tenant_id=tenant_id, actor=SYSTEM) as uow:
        await uow.s.execute(
            update(BargainRecord)
            .where(BargainRecord.tenant_id == tenant_id, BargainRecord.order_id == payload["order_id"])
            .values(paid_amount=payload["amount"])
            .execution_options(synchronize_session=False)
        )
        await uow.commit()


async def _on_status_changed(db: Database, tenant_id: str, payload: dict[str, Any]) -> None:
    """An order closed or cancelled before payment gives the bargain back to its initiator to buy again."""
    if payload["to_status"] not in UNPAID_ENDINGS:
        return
    async with db.uow(tenant_id=tenant_id, actor=SYSTEM) as uow:
        await uow.s.execute(
            update(BargainRecord)
            .where(
                BargainRecord.tenant_id == tenant_id,
                BargainRecord.order_id == payload["order_id"],
                BargainRecord.paid_amount.is_(None),
            )
            .values(status=rules.BARGAINING, order_id=None)
            .execution_options(synchronize_session=False)
        )
        await uow.commit()


subscribe(OrderPaid, _on_paid)
subscribe(OrderStatusChanged, _on_status_changed)
register_job("bargains.expire", expire_due)
