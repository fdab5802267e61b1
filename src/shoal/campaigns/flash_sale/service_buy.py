"""A buyer's admission: the gate (Redis, or the database's buckets) answers the crowd, and the admitted get an
order through checkout, in one transaction with the database's guarded updates, which have the final word.

    limit check -> gate (Redis script, or a read of the buckets) -> idempotency claim ->
    [ shopper's count (guarded upsert) -> the buckets (guarded decrements) -> campaign order -> admission row ]

Refusals before the claim write nothing; a refusal inside rolls the transaction back whole. A unit the gate
took that the database does not have is ``sold_out``; a unit the gate took for an admission that failed for
another reason is given back to the gate.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass

from sqlalchemy import and_, bindparam, func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from shoal.campaigns.flash_sale import rules
from shoal.campaigns.flash_sale.errors import FlashSaleNotLive, LimitReached, SoldOut
from shoal.campaigns.flash_sale.gate import FlashGate
from shoal.campaigns.flash_sale.models import (
    FlashSale,
    FlashSaleBucket,
    FlashSaleItem,
    FlashSaleOrder,
    FlashSaleShopper,
)
from shoal.campaigns.flash_sale.schemas import FlashOrderIn
from shoal.campaigns.flash_sale.service import hold_reference, items_of, load_sale, units_left
from shoal.checkout.service_campaign import CampaignPurchase, campaign_checkout
from shoal.core import shards
from shoal.core.actors import SYSTEM
from shoal.core.errors import NotFound
from shoal.core.idempotency import Outcome, fingerprint, run_once
from shoal.core.ids import new_id
from shoal.core.scheduler import tenant_ids
from shoal.core.tenancy import Tenant
from shoal.core.uow import Database, UnitOfWork
from shoal.inventory.errors import OutOfStock

GATHER_RETRIES = 3  # re-reads of one bucket a crowd keeps changing, before moving on to the next


@dataclass(frozen=True, slots=True)
class LiveItem:
    sale_id: str
    item_id: str
    variant_id: str
    flash_price: int
    limit: int
    location_id: str
    payment_minutes: int
    name: str


@asynccontextmanager
async def _no_bulkhead() -> AsyncIterator[None]:
    yield


async def buy(
    new_uow: Callable[[], UnitOfWork], *, tenant: Tenant, sale_id: str, data: FlashOrderIn, key: str, locale: str,
    gate: FlashGate | None, bulkhead: Callable[[], AbstractAsyncContextManager[None]] = _no_bulkhead,
) -> Outcome:  # fmt: skip
    """Admit one buyer: the order to pay (201), or a refusal. Quick refusals raise; the rest is the outcome of
    the idempotent admission (a replayed key answers what it answered before)."""
    probe = new_uow()
    customer_id = probe.actor.id
    async with probe:
        item = await live_item(probe, sale_id, data.variant_id)
    if data.quantity > item.limit:
        raise LimitReached(limit=item.limit)
    verdict = await _gate(new_uow, gate, tenant.id, item, customer_id, key, data.quantity)
    body = {"sale_id": sale_id, **data.model_dump(mode="json")}
    try:
        async with bulkhead():
            outcome = await run_once(
                new_uow(), scope=f"flash:{customer_id}", key=key, request_fingerprint=fingerprint(body),
                locale=locale, handler=lambda uow: _admit(uow, tenant, item, customer_id, data),
            )  # fmt: skip
    except BaseException:
        if gate is not None and verdict == "admitted":
            await gate.give_back(tenant_id=tenant.id, item_id=item.item_id, customer_id=customer_id,
                                 units=data.quantity, quantity=data.quantity, key=key)  # fmt: skip
        raise
    if gate is not None and verdict == "admitted" and outcome.status >= 400:
        units = 0 if outcome.body.get("code") == SoldOut.code else data.quantity
        await gate.give_back(tenant_id=tenant.id, item_id=item.item_id, customer_id=customer_id, units=units,
                             quantity=data.quantity, key=key)  # fmt: skip
    return outcome


async def _gate(
    new_uow: Callable[[], UnitOfWork], gate: FlashGate | None, tenant_id: str, item: LiveItem, customer_id: str,
    key: str, quantity: int,
) -> str:  # fmt: skip
    """Refuse the crowd before any write: in Redis (one script), or by reading the buckets and the shopper's
    count (a refusal only; the guarded writes decide every admission)."""
    if gate is None:
        async with new_uow() as uow:
            left, mine = await _hints(uow, item.item_id, customer_id)
        if mine == 0 and left < quantity:
            raise SoldOut()  # a shopper who holds units may be replaying their key: the claim answers them
        return "database"
    args = dict(tenant_id=tenant_id, item_id=item.item_id, customer_id=customer_id, key=key, quantity=quantity)
    verdict = await gate.admit(**args, limit=item.limit)
    if verdict == "missing":
        async with new_uow() as uow:
            left = (await units_left(uow, [item.item_id])).get(item.item_id, 0)
        await gate.seed(tenant_id=tenant_id, item_id=item.item_id, left=left)
        verdict = await gate.admit(**args, limit=item.limit)
    if verdict == "sold_out":
        raise SoldOut()
    if verdict == "limit_reached":
        raise LimitReached(limit=item.limit)
    return verdict


async def _hints(uow: UnitOfWork, item_id: str, customer_id: str) -> tuple[int, int]:
    """The units left over all buckets (a buy may take from several, as the Redis gate counts them) and the
    shopper's count."""
    most = (
        await uow.s.execute(
            select(func.sum(FlashSaleBucket.units_left)).where(
                FlashSaleBucket.tenant_id == uow.tenant_id, FlashSaleBucket.item_id == item_id
            )
        )
    ).scalar_one_or_none()
    mine = (
        await uow.s.execute(
            select(FlashSaleShopper.quantity).where(
                FlashSaleShopper.tenant_id == uow.tenant_id,
                FlashSaleShopper.item_id == item_id,
                FlashSaleShopper.customer_id == customer_id,
            )
        )
    ).scalar_one_or_none()
    return int(most or 0), int(mine or 0)


async def _admit(
    uow: UnitOfWork, tenant: Tenant, item: LiveItem, customer_id: str, data: FlashOrderIn
) -> tuple[int, dict[str, object]]:
    await live_item(uow, item.sale_id, item.variant_id)  # still live, inside the transaction
    await _count_shopper(uow, item, customer_id, data.quantity)
    await _take_units(uow, item.item_id, data.quantity)
    purchase = CampaignPurchase(
        variant_id=item.variant_id, quantity=data.quantity, unit_price=item.flash_price,
        location_id=item.location_id, reserve_from=hold_reference(item.sale_id),
        remark=f"秒杀 {item.name} / Flash sale {item.name}",
    )  # fmt: skip
    try:
        order = await campaign_checkout(
            uow, tenant=tenant, purchase=purchase, delivery=data.delivery, unpaid_minutes=item.payment_minutes
        )
    except OutOfStock as exc:  # the sale's hold is short of the buckets (ended early, or expired): sold out
        raise SoldOut() from exc
    uow.s.add(
        FlashSaleOrder(
            id=new_id(), tenant_id=uow.tenant_id, sale_id=item.sale_id, item_id=item.item_id,
            customer_id=customer_id, order_id=order.id, quantity=data.quantity, status=rules.ADMITTED,
            pay_by=order.expires_at, created_at=uow.clock.now(), settled_at=None,
        )
    )  # fmt: skip
    return 201, order.model_dump(mode="json")


# Every buyer of the crowd reads its SKU first: one statement, built once, bound per call.
_LIVE_ITEM = (
    select(
        FlashSale.id,
        FlashSale.status,
        FlashSale.starts_at,
        FlashSale.ends_at,
        FlashSale.location_id,
        FlashSale.payment_minutes,
        FlashSale.name,
        FlashSaleItem.id.label("item_id"),
        FlashSaleItem.variant_id,
        FlashSaleItem.flash_price,
        FlashSaleItem.per_shopper_limit,
    )
    .join(FlashSaleItem, (FlashSaleItem.tenant_id == FlashSale.tenant_id) & (FlashSaleItem.sale_id == FlashSale.id))
    .where(
        FlashSale.tenant_id == bindparam("tenant"),
        FlashSale.id == bindparam("sale"),
        FlashSaleItem.variant_id == bindparam("variant"),
    )
)


async def live_item(uow: UnitOfWork, sale_id: str, variant_id: str) -> LiveItem:
    """The SKU of a sale on now: 404 for an unknown sale or SKU, 409 ``flash_sale_not_live`` otherwise."""
    found = (await uow.run(_LIVE_ITEM, {"tenant": uow.tenant_id, "sale": sale_id, "variant": variant_id})).first()
    if found is None:
        await load_sale(uow, sale_id)  # an unknown sale is its own 404
        raise NotFound("flash sale item", id=variant_id)
    state = rules.session_state(found.status, found.starts_at, found.ends_at, uow.clock.now())
    if state != "live":
        raise FlashSaleNotLive(state=state)
    return LiveItem(
        found.id, found.item_id, found.variant_id, found.flash_price, found.per_shopper_limit, found.location_id,
        found.payment_minutes, found.name,
    )  # fmt: skip


async def _count_shopper(uow: UnitOfWork, item: LiveItem, customer_id: str, quantity: int) -> None:
    """The per-shopper limit as one guarded upsert: the row grows only while it stays within the limit."""
    insert = postgresql.insert if uow.db.dialect == "postgresql" else sqlite.insert
    statement = (
        insert(FlashSaleShopper)
        .values(id=new_id(), tenant_id=uow.tenant_id, item_id=item.item_id, customer_id=customer_id, quantity=quantity)
        .on_conflict_do_update(
            index_elements=["tenant_id", "item_id", "customer_id"],
            set_={"quantity": FlashSaleShopper.quantity + quantity},
            where=FlashSaleShopper.quantity + quantity <= item.limit,
        )
        .returning(FlashSaleShopper.quantity)
    )
    if (await uow.s.execute(statement)).scalar_one_or_none() is None:
        raise LimitReached(limit=item.limit)


async def _take_units(uow: UnitOfWork, item_id: str, quantity: int) -> None:
    """Take ``quantity`` from the SKU's buckets, or ``SoldOut`` (whose refusal rolls the transaction back, with
    anything a gather took). One bucket that holds it all, and that no other buyer has locked, is taken first
    (``core.shards``); otherwise the units are gathered over several buckets in primary-key order, the one lock
    order every gatherer shares (no deadlock)."""
    mine = [FlashSaleBucket.tenant_id == uow.tenant_id, FlashSaleBucket.item_id == item_id]
    if await shards.add_to_one(uow, FlashSaleBucket.units_left, mine, -quantity):
        return
    buckets = await _buckets_with_units(uow, item_id)
    if sum(left for _, left in buckets) < quantity or not await _gather(uow, buckets, quantity):
        raise SoldOut()


async def _buckets_with_units(uow: UnitOfWork, item_id: str) -> list[tuple[str, int]]:
    """The SKU's buckets that hold units, as ``(id, units_left)`` in primary-key order (a hint: takes are guarded)."""
    rows = await uow.s.execute(
        select(FlashSaleBucket.id, FlashSaleBucket.units_left)
        .where(
            FlashSaleBucket.tenant_id == uow.tenant_id,
            FlashSaleBucket.item_id == item_id,
            FlashSaleBucket.units_left > 0,
        )
        .order_by(FlashSaleBucket.id)
    )
    return [(bucket_id, int(left)) for bucket_id, left in rows.all()]


async def _gather(uow: UnitOfWork, buckets: list[tuple[str, int]], quantity: int) -> bool:
    """The quantity over several buckets in primary-key order; a bucket another buyer took from meanwhile is
    read again (its row is then locked by this transaction's wait, the value the latest committed one)."""
    needed = quantity
    for bucket_id, seen in buckets:
        for _ in range(GATHER_RETRIES):
            take = min(needed, seen)
            if take <= 0:
                break
            if await _take(uow, bucket_id, take):
                needed -= take
                break
            seen = await _units_left_of(uow, bucket_id)
        if needed == 0:
            return True
    return False


async def _take(uow: UnitOfWork, bucket_id: str, units: int) -> bool:
    """One guarded decrement: ``units`` from the bucket only while it holds them."""
    taken = await uow.s.execute(
        update(FlashSaleBucket)
        .where(
            and_(
                FlashSaleBucket.tenant_id == uow.tenant_id,
                FlashSaleBucket.id == bucket_id,
                FlashSaleBucket.units_left >= units,
            )
        )
        .values(units_left=FlashSaleBucket.units_left - units)
        .execution_options(synchronize_session=False)
    )
    return taken.rowcount == 1


async def _units_left_of(uow: UnitOfWork, bucket_id: str) -> int:
    left = await uow.s.execute(
        select(FlashSaleBucket.units_left).where(
            FlashSaleBucket.tenant_id == uow.tenant_id, FlashSaleBucket.id == bucket_id
        )
    )
    return int(left.scalar_one_or_none() or 0)


async def seed_gate(uow: UnitOfWork, gate: FlashGate | None, *, sale_id: str) -> None:
    """Set the gate's counters of a sale from the database (at publishing)."""
    if gate is None:
        return
    async with uow:
        items = (await items_of(uow, [sale_id])).get(sale_id, [])
        left = await units_left(uow, [item.id for item in items])
    for item in items:
        await gate.seed(tenant_id=uow.tenant_id or "", item_id=item.id, left=left.get(item.id, 0), overwrite=True)


async def rebuild_gate(db: Database, gate: FlashGate | None) -> int:
    """At startup: every live sale's counters from the database, whatever Redis remembered (a crash may have
    left a counter that took units the database never sold). Answers how many counters were set."""
    if gate is None:
        return 0
    rebuilt = 0
    for tenant_id in await tenant_ids(db):
        async with db.uow(tenant_id=tenant_id, actor=SYSTEM) as uow:
            sale_ids = list(
                (
                    await uow.s.execute(
                        select(FlashSale.id).where(
                            FlashSale.tenant_id == tenant_id,
                            FlashSale.status == rules.PUBLISHED,
                            FlashSale.ends_at > uow.clock.now(),
                        )
                    )
                ).scalars()
            )
        for sale_id in sale_ids:
            await seed_gate(db.uow(tenant_id=tenant_id, actor=SYSTEM), gate, sale_id=sale_id)
            rebuilt += 1
    return rebuilt
