"""The points mall (积分商城): staff list coupons to exchange for points, with stock and a per-shopper limit;
a shopper exchanges (idempotent by ``Idempotency-Key``). Stock and the shopper's count are guarded statements,
the points are spent by the ledger's guarded update and the coupon is claimed through marketing, all in one
transaction: a refusal anywhere (sold out, limit, too few points, coupon exhausted) writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select, update

from shoal.core.errors import NotFound
from shoal.core.idempotency import Outcome, fingerprint, run_once
from shoal.core.ids import new_id
from shoal.core.uow import UnitOfWork
from shoal.customers.service import shopper_id
from shoal.loyalty.errors import MallItemUnavailable, MallLimitReached
from shoal.loyalty.ledger import append_once
from shoal.loyalty.mall_models import MallExchange, MallItem, MallShopper
from shoal.loyalty.schemas import MallExchangeRead, MallItemCreate, MallItemRead
from shoal.loyalty.service_points import post_points
from shoal.marketing.service_coupons import claim_coupon, coupon_template


async def create_item(uow: UnitOfWork, *, data: MallItemCreate) -> MallItemRead:
    async with uow:
        uow.actor.require("marketing.manage")
        await coupon_template(uow, data.coupon_template_id)
        item = MallItem(tenant_id=uow.tenant_id, created_at=uow.clock.now(), **data.model_dump())
        uow.s.add(item)
        await uow.s.flush()
        uow.audit("mall_item.create", "mall_item", item.id, data.model_dump())
        await uow.commit()
        return MallItemRead.model_validate(item)


async def list_items(uow: UnitOfWork, *, on_offer: bool = False) -> list[MallItemRead]:
    async with uow:
        query = select(MallItem).where(MallItem.tenant_id == uow.tenant_id)
        if on_offer:
            query = query.where(MallItem.active.is_(True), MallItem.stock > 0)
        rows = await uow.s.execute(query.order_by(MallItem.points, MallItem.id))
        return [MallItemRead.model_validate(row) for row in rows.scalars()]


async def exchange(new_uow: Callable[[], UnitOfWork], *, item_id: str, key: str, locale: str) -> Outcome:
    customer_id = shopper_id(new_uow())
    return await run_once(
        new_uow(), scope=f"mall:{customer_id}", key=key, request_fingerprint=fingerprint({"item_id": item_id}),
        locale=locale, handler=lambda uow: _exchange(uow, item_id, customer_id),
    )  # fmt: skip


async def _exchange(uow: UnitOfWork, item_id: str, customer_id: str) -> tuple[int, dict[str, Any]]:
    item = (
        await uow.s.execute(select(MallItem).where(MallItem.tenant_id == uow.tenant_id, MallItem.id == item_id))
    ).scalar_one_or_none()
    if item is None:
        raise NotFound("mall item")
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
    exchange_id = new_id()
    await post_points(uow, customer_id=customer_id, points=-item.points, reason="mall", reference=exchange_id,
                      note=item.name)  # fmt: skip
    coupon_id = await claim_coupon(uow, template_id=item.coupon_template_id, customer_id=customer_id)
    row = MallExchange(id=exchange_id, tenant_id=uow.tenant_id, item_id=item.id, customer_id=customer_id,
                       points=item.points, coupon_id=coupon_id, created_at=uow.clock.now())  # fmt: skip
    uow.s.add(row)
    await uow.s.flush()
    return 201, MallExchangeRead.model_validate(row).model_dump(mode="json")
