"""A SKU from the points mall is sent as an order: one unit at the item's cash price, placed by campaign checkout
(the price shown is the price charged; shipping as for any order; units reserved from the item's location, so
an exchange never sells stock the shop does not have). An order that costs nothing is paid at once.

An order closed unpaid or cancelled gives the exchange back once: a guarded ``ordered -> returned`` move, then
the points (an entry referencing the exchange), one unit of the item's stock and one of the shopper's count.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from shoal.checkout.schemas import DeliveryIn
from shoal.checkout.service_campaign import CampaignPurchase, campaign_checkout
from shoal.core.actors import SYSTEM
from shoal.core.outbox import subscribe
from shoal.core.tenant_cache import tenant_by_id
from shoal.core.uow import Database, UnitOfWork
from shoal.loyalty.mall_models import MallExchange, MallItem, MallShopper
from shoal.loyalty.service_points import earn_expiry, post_points
from shoal.orders.events import OrderStatusChanged

UNPAID_MINUTES = 30
GIVEN_BACK_BY = ("closed", "cancelled")


async def order_sku(uow: UnitOfWork, item: MallItem, delivery: DeliveryIn) -> str:
    """Place the SKU's order in the exchange's transaction: its id (``out_of_stock`` rolls the exchange back)."""
    assert item.variant_id is not None and item.location_id is not None
    tenant = await tenant_by_id(uow.db, uow.tenant_id or "")
    assert tenant is not None  # the shopper's session was checked against it
    purchase = CampaignPurchase(
        variant_id=item.variant_id, quantity=1, unit_price=item.cash, location_id=item.location_id,
        reserve_from=None, remark=f"积分兑换 {item.name} / Points exchange {item.name}",
    )  # fmt: skip
    order = await campaign_checkout(uow, tenant=tenant, purchase=purchase, delivery=delivery,
                                    unpaid_minutes=UNPAID_MINUTES)  # fmt: skip
    return order.id


async def _on_status_changed(db: Database, tenant_id: str, payload: dict[str, Any]) -> None:
    if payload["to_status"] not in GIVEN_BACK_BY:
        return
    async with db.uow(tenant_id=tenant_id, actor=SYSTEM) as uow:
        found = await uow.s.execute(
            select(MallExchange).where(
                MallExchange.tenant_id == tenant_id, MallExchange.order_id == payload["order_id"]
            )
        )
        row = found.scalar_one_or_none()
        if row is None or not await _mark_returned(uow, row.id):
            return
        await post_points(uow, customer_id=row.customer_id, points=row.points, reason="mall_back", reference=row.id,
                          expires_at=await earn_expiry(uow))  # fmt: skip
        await uow.s.execute(
            update(MallItem).where(MallItem.tenant_id == tenant_id, MallItem.id == row.item_id)
            .values(stock=MallItem.stock + 1)
        )  # fmt: skip
        await uow.s.execute(
            update(MallShopper)
            .where(MallShopper.tenant_id == tenant_id, MallShopper.item_id == row.item_id,
                   MallShopper.customer_id == row.customer_id, MallShopper.exchanged > 0)
            .values(exchanged=MallShopper.exchanged - 1)
        )  # fmt: skip
        await uow.commit()


async def _mark_returned(uow: UnitOfWork, exchange_id: str) -> bool:
    moved = await uow.s.execute(
        update(MallExchange)
        .where(MallExchange.tenant_id == uow.tenant_id, MallExchange.id == exchange_id,
               MallExchange.status == "ordered")
        .values(status="returned")
    )  # fmt: skip
    return moved.rowcount == 1


subscribe(OrderStatusChanged, _on_status_changed)
