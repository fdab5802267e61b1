"""Last-touch attribution: an order placed within ``SHOAL_SHARE_ATTRIBUTION_DAYS`` after a visit through a
share link belongs to that visit's sharer and campaign.

Orders know nothing of campaigns, so this listens to their outbox events. ``OrderPlaced`` records the
attribution (one row per order, inserted with ``ON CONFLICT DO NOTHING``, so redelivery adds nothing);
``OrderPaid`` records it too if it came first, then sets the paid amount. Only visits by the shopper who
placed the order count: a signed-in visit, or an anonymous one the shopper claimed when signing in.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite

from shoal.campaigns.sharing.models import ShareAttribution, ShareVisit
from shoal.config import get_settings
from shoal.core.actors import SYSTEM
from shoal.core.ids import new_id
from shoal.core.outbox import subscribe
from shoal.core.uow import Database, UnitOfWork
from shoal.orders.events import OrderPaid, OrderPlaced
from shoal.orders.schemas import OrderRead
from shoal.orders.service_queries import get_order_detail


async def last_visit(uow: UnitOfWork, *, customer_id: str, order: OrderRead, days: int) -> ShareVisit | None:
    """The shopper's latest share visit at or before the order and within the window, if any."""
    placed_at = order.created_at
    return (
        await uow.s.execute(
            select(ShareVisit)
            .where(
                ShareVisit.tenant_id == uow.tenant_id,
                ShareVisit.customer_id == customer_id,
                ShareVisit.visited_at <= placed_at,
                ShareVisit.visited_at >= placed_at - timedelta(days=days),
            )
            .order_by(ShareVisit.visited_at.desc(), ShareVisit.id.desc())
            .limit(1)
        )
    ).scalar_one_or_none()


async def attribute_order(db: Database, tenant_id: str, *, order_id: str, days: int) -> bool:
    """Record the order's attribution if a visit earns it; ``True`` when a row exists for it afterwards."""
    order = await get_order_detail(db.uow(tenant_id=tenant_id, actor=SYSTEM), order_id=order_id)
    if order.customer_id is None:
        return False
    async with db.uow(tenant_id=tenant_id, actor=SYSTEM) as uow:
        visit = await last_visit(uow, customer_id=order.customer_id, order=order, days=days)
        if visit is None:
            return False
        insert = postgresql.insert if db.dialect == "postgresql" else sqlite.insert
        await uow.s.execute(
            insert(ShareAttribution)
            .values(
                id=new_id(),
                tenant_id=tenant_id,
                order_id=order_id,
                visit_id=visit.id,
                sharer_id=visit.sharer_id,
                campaign_type=visit.campaign_type,
                campaign_id=visit.campaign_id,
                customer_id=order.customer_id,
                placed_at=order.created_at,
                paid_amount=order.paid_amount,
            )
            .on_conflict_do_nothing(index_elements=["tenant_id", "order_id"])
        )
        await uow.commit()
        return True


async def on_order_placed(db: Database, tenant_id: str, payload: dict[str, Any]) -> None:
    if payload.get("customer_id"):
        await attribute_order(db, tenant_id, order_id=payload["order_id"], days=get_settings().share_attribution_days)


async def on_order_paid(db: Database, tenant_id: str, payload: dict[str, Any]) -> None:
    if not await attribute_order(
        db, tenant_id, order_id=payload["order_id"], days=get_settings().share_attribution_days
    ):
        return
    order = await get_order_detail(db.uow(tenant_id=tenant_id, actor=SYSTEM), order_id=payload["order_id"])
    async with db.uow(tenant_id=tenant_id, actor=SYSTEM) as uow:
        await uow.s.execute(
            update(ShareAttribution)
            .where(ShareAttribution.tenant_id == tenant_id, ShareAttribution.order_id == order.id)
            .values(paid_amount=order.paid_amount)
        )
        await uow.commit()


subscribe(OrderPlaced, on_order_placed)
subscribe(OrderPaid, on_order_paid)
