"""The points mall (积分商城): staff offer a coupon or a SKU for points (a SKU optionally plus cash), with stock
and a per-shopper limit; a shopper exchanges (idempotent by ``Idempotency-Key``). Stock and the shopper's
count are guarded statements and the points are spent by the ledger's guarded update, in one transaction with
the coupon claimed through marketing or the SKU's order placed through campaign checkout
(``service_mall_orders``): a refusal anywhere (sold out, limit, too few points, coupon exhausted, out of
stock) writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select, update

from shoal.checkout.service import shopper_snapshots
from shoal.core.errors import NotFound, ValidationFailed
from shoal.core.idempotency import Outcome, fingerprint, run_once
from shoal.core.ids import new_id
from shoal.core.uow import UnitOfWork
from shoal.customers.service import shopper_id
from shoal.inventory.service import get_location
from shoal.loyalty.errors import MallItemUnavailable, MallLimitReached
from shoal.loyalty.ledger import append_once
from shoal.loyalty.mall_models import MallExchange, MallItem, MallShopper
from shoal.loyalty.schemas import MallExchangeIn, MallExchangeRead, MallItemCreate, MallItemRead, MallItemUpdate
from shoal.loyalty.service_mall_orders import order_sku
from shoal.loyalty.service_points import post_points
from shoal.marketing.service_coupons import claim_coupon, coupon_template


async def create_item(uow: UnitOfWork, *, data: MallItemCreate) -> MallItemRead:
    async with uow:
        uow.actor.require("marketing.manage")
        if data.coupon_template_id:
            await coupon_template(uow, data.coupon_template_id)
        if data.variant_id and data.location_id:
            if data.variant_id not in await shopper_snapshots(uow, [data.variant_id]):
                raise NotFound("variant")
            await get_location(uow, location_id=data.location_id)
        item = MallItem(tenant_id=uow.tenant_id, created_at=uow.clock.now(), **data.model_dump())
        uow.s.add(item)
        await uow.s.flush()
        uow.audit("mall_item.create", "mall_item", item.id, data.model_dump())
        await uow.commit()
        return MallItemRead.model_validate(item)


async def update_item(uow: UnitOfWork, *, item_id: str, data: MallItemUpdate) -> MallItemRead:
    """Change an item's terms or stock, or withdraw it (``active: false``): no longer offered (the exchange's
    guarded update refuses it), while exchanges made and their orders stand. Cash is for a SKU only."""
    async with uow:
        uow.actor.require("marketing.manage")
        item = await _item(uow, item_id)
        changes = data.model_dump(exclude_unset=True)
        if changes.get("cash") and item.variant_id is None:
            message = "只有商品可以积分加现金兑换 / only a SKU is exchanged for points plus cash"
            raise ValidationFailed([{"field": "cash", "code": "coupon_cash", "message": message}])
        for field, value in changes.items():
            setattr(item, field, value)
        uow.audit("mall_item.update", "mall_item", item.id, changes)
        await uow.commit()
        return MallItemRead.model_validate(item)


async def list_items(uow: UnitOfWork, *, on_offer: bool = False) -> list[MallItemRead]:
    async with uow:
        query = select(MallItem).where(MallItem.tenant_id == uow.tenant_id)
        if on_offer:
            query = query.where(MallItem.active.is_(True), MallItem.stock > 0)
        rows = await uow.s.execute(query.order_by(MallItem.points, MallItem.id))
        return [MallItemRead.model_validate(row) for row in rows.scalars()]


async def exchange(
    new_uow: Callable[[], UnitOfWork], *, item_id: str, key: str, locale: str, data: MallExchangeIn | None = None
) -> Outcome:
    customer_id = shopper_id(new_uow())
    data = data or MallExchangeIn()
    body = {"item_id": item_id, **data.model_dump(mode="json", exclude_none=True)}
    return await run_once(
        new_uow(), scope=f"mall:{customer_id}", key=key, request_fingerprint=fingerprint(body),
        locale=locale, handler=lambda uow: _exchange(uow, item_id, customer_id, data),
    )  # fmt: skip


async def _exchange(
    uow: UnitOfWork, item_id: str, customer_id: str, data: MallExchangeIn
) -> tuple[int, dict[str, Any]]:
    item = await _item(uow, item_id)
    if item.variant_id and data.delivery is None:
        message = "兑换商品需要收货方式 / a SKU needs a delivery"
        raise ValidationFailed([{"field": "delivery", "code": "missing", "message": message}])
    await _take_one(uow, item, customer_id)
    exchange_id = new_id()
    await post_points(uow, customer_id=customer_id, points=-item.points, reason="mall", reference=exchange_id,
                      note=item.name)  # fmt: skip
    row = MallExchange(id=exchange_id, tenant_id=uow.tenant_id, item_id=item.id, customer_id=customer_id,
                       points=item.points, cash=item.cash, created_at=uow.clock.now(), status="done")  # fmt: skip
    if item.coupon_template_id:
        row.coupon_id = await claim_coupon(uow, template_id=item.coupon_template_id, customer_id=customer_id)
    else:
        assert data.delivery is not None
        row.order_id, row.status = await order_sku(uow, item, data.delivery), "ordered"
    uow.s.add(row)
    await uow.s.flush()
    return 201, MallExchangeRead.model_validate(row).model_dump(mode="json")


async def _item(uow: UnitOfWork, item_id: str) -> MallItem:
    item = (
        await uow.s.execute(select(MallItem).where(MallItem.tenant_id == uow.tenant_id, MallItem.id == item_id))
    ).scalar_one_or_none()
    if item is None:
        raise NotFound("mall item")
    return item


async def _take_one(uow: UnitOfWork, item: MallItem, customer_id: str) -> None:
    """One unit of the item's stock and one of the shopper's limit, each by a guarded statement."""
    taken = await uow.s.execute(
        update(MallItem)
        .where(
            MallItem.tenant_id == uow.tenant_id, MallItem.id == item.id, MallItem.active.is_(True), MallItem.stock >= 1
        )
        .values(stock=MallItem.stock - 1)
    )
    if taken.rowcount != 1:
        raise MallItemUnavailable()
    await append_once(uow, MallShopper, {"item_id": item.id, "customer_id": customer_id, "exchanged": 0},
                      ["item_id", "customer_id"])  # fmt: skip
    counted = await uow.s.execute(
        update(MallShopper)
        .where(
            MallShopper.tenant_id == uow.tenant_id,
            MallShopper.item_id == item.id,
            MallShopper.customer_id == customer_id,
            MallShopper.exchanged < item.per_shopper_limit,
        )
        .values(exchanged=MallShopper.exchanged + 1)
    )
    if counted.rowcount != 1:
        raise MallLimitReached(limit=item.per_shopper_limit)
