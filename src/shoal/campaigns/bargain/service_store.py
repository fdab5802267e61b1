"""Shoppers' use cases of bargains: start one, see one, cut one's price, buy at the price reached.

A cut is one transaction of three guarded writes, any refusal rolling back all three:

    the record's slice count (``UPDATE ... SET slices = slices + n WHERE slices + n <= helpers_needed``) ->
    the helper's cut row (unique per record and helper) -> the helper's count for the day (guarded upsert)

so under any crowd the slices taken never pass the plan, each helper cuts a bargain once, and the amount cut is
the plan's next slices: the floor is reached exactly at the last one.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from shoal.campaigns.bargain import rules
from shoal.campaigns.bargain.errors import (
    AlreadyHelped,
    BargainClosed,
    BargainNotLive,
    DailyHelpLimit,
    OwnBargain,
    bargain_not_found,
    record_not_found,
)
from shoal.campaigns.bargain.models import Bargain, BargainCut, BargainHelperDay, BargainRecord
from shoal.campaigns.bargain.schemas import BargainRecordRead, CutRead, HelperCut, StoreBargain
from shoal.campaigns.bargain.service import load_bargain
from shoal.catalog.service_variants import variants_for_pricing
from shoal.core.ids import new_id
from shoal.core.uow import UnitOfWork
from shoal.customers.service import shopper_id
from shoal.customers.service_names import customer_names
from shoal.orders.service_customers import live_order_count


async def store_bargain(uow: UnitOfWork, *, bargain_id: str) -> StoreBargain:
    """An activity as the storefront shows it (a draft is not found; an ended one is shown, not live)."""
    async with uow:
        bargain = await load_bargain(uow, bargain_id)
        if bargain.status == rules.DRAFT:
            raise bargain_not_found(bargain_id)
        snap = (await variants_for_pricing(uow, variant_ids=[bargain.variant_id])).get(bargain.variant_id)
    return StoreBargain(
        id=bargain.id, name=bargain.name, variant_id=bargain.variant_id, product_name=snap.name if snap else {},
        title=snap.title if snap else "", image=snap.image if snap else None, start_price=bargain.start_price,
        floor_price=bargain.floor_price,
        helpers_needed=bargain.helpers_needed, hours=bargain.hours, live=bargain.status == rules.PUBLISHED,
    )  # fmt: skip


async def start_bargain(uow: UnitOfWork, *, bargain_id: str) -> BargainRecordRead:
    """The shopper's bargain on a published activity: a new one with its cuts planned, or the one they already
    started (one per shopper and activity, by a unique key: starting twice answers the same record)."""
    async with uow:
        initiator = shopper_id(uow)
        bargain = await load_bargain(uow, bargain_id)
        if bargain.status != rules.PUBLISHED:
            raise BargainNotLive(state=bargain.status)
        now = uow.clock.now()
        plan = rules.plan_cuts(
            start_price=bargain.start_price, floor_price=bargain.floor_price, helpers=bargain.helpers_needed,
            seed=secrets.randbits(64), first_cut_percent=bargain.first_cut_percent,
        )  # fmt: skip
        insert = postgresql.insert if uow.db.dialect == "postgresql" else sqlite.insert
        await uow.s.execute(
            insert(BargainRecord)
            .values(
                id=new_id(), tenant_id=uow.tenant_id, bargain_id=bargain.id, initiator_id=initiator,
                start_price=bargain.start_price, floor_price=bargain.floor_price,
                helpers_needed=bargain.helpers_needed, plan=plan, slices=0, status=rules.BARGAINING, order_id=None,
                paid_amount=None, expires_at=now + timedelta(hours=bargain.hours), created_at=now,
            )
            .on_conflict_do_nothing(index_elements=["tenant_id", "bargain_id", "initiator_id"])
        )  # fmt: skip
        record = (
            await uow.s.execute(
                select(BargainRecord).where(
                    BargainRecord.tenant_id == uow.tenant_id,
                    BargainRecord.bargain_id == bargain.id,
                    BargainRecord.initiator_id == initiator,
                )
            )
        ).scalar_one()
        await uow.commit()
        return await _read(uow, record, bargain)


async def get_record(uow: UnitOfWork, *, record_id: str) -> BargainRecordRead:
    """Anyone of the shop may look at a bargain (it is shared to be cut)."""
    async with uow:
        record = await load_record(uow, record_id)
        return await _read(uow, record, await load_bargain(uow, record.bargain_id))


async def cut(uow: UnitOfWork, *, record_id: str) -> CutRead:
    """The signed-in helper cuts the bargain's price once: the amount cut, or a refusal and nothing written."""
    async with uow:
        helper = shopper_id(uow)
        record = await load_record(uow, record_id)
        if record.initiator_id == helper:
            raise OwnBargain()
        bargain = await load_bargain(uow, record.bargain_id)
        new_shopper = bargain.new_shopper_counts_double and await live_order_count(uow, customer_id=helper) == 0
        wanted = rules.slices_for(new_shopper=new_shopper, new_shopper_counts_double=bargain.new_shopper_counts_double)
        before, after = await _take_slices(uow, record, wanted)
        amount = rules.cut_amount(record.plan, before=before, after=after)
        uow.s.add(
            BargainCut(
                id=new_id(), tenant_id=uow.tenant_id, record_id=record.id, helper_id=helper, amount=amount,
                created_at=uow.clock.now(),
            )
        )  # fmt: skip
        try:
            await uow.s.flush()
        except IntegrityError as exc:  # this helper's cut is already there (or just committed by a twin)
            raise AlreadyHelped() from exc
        await _count_help(uow, helper, bargain.daily_help_limit)
        await uow.commit()
        price = rules.price_after(record.start_price, record.plan, after)
        return CutRead(amount=amount, price=price, reached_floor=after == record.helpers_needed)


async def _take_slices(uow: UnitOfWork, record: BargainRecord, wanted: int) -> tuple[int, int]:
    """Take ``wanted`` slices of the plan (or one, if only one is left), by a guarded increment: the slice
    numbers before and after. ``BargainClosed`` when none is left, the bargain is bought or its time is up."""
    for count in sorted({wanted, 1}, reverse=True):
        taken = await uow.s.execute(
            update(BargainRecord)
            .where(
                BargainRecord.tenant_id == uow.tenant_id,
                BargainRecord.id == record.id,
                BargainRecord.status == rules.BARGAINING,
                BargainRecord.expires_at > uow.clock.now(),
                BargainRecord.slices + count <= BargainRecord.helpers_needed,
            )
            .values(slices=BargainRecord.slices + count)
            .returning(BargainRecord.slices)
            .execution_options(synchronize_session=False)
        )
        after = taken.scalar_one_or_none()
        if after is not None:
            return after - count, after
    fresh = await load_record(uow, record.id)
    raise BargainClosed(state=_closed_state(fresh, uow))


def _closed_state(record: BargainRecord, uow: UnitOfWork) -> str:
    if record.status != rules.BARGAINING:
        return record.status
    if record.slices >= record.helpers_needed:
        return "completed"
    return rules.EXPIRED if record.expires_at <= uow.clock.now() else record.status


async def _count_help(uow: UnitOfWork, helper: str, limit: int) -> None:
    """The daily limit as one guarded upsert of the helper's row for today (UTC)."""
    insert = postgresql.insert if uow.db.dialect == "postgresql" else sqlite.insert
    statement = (
        insert(BargainHelperDay)
        .values(id=new_id(), tenant_id=uow.tenant_id, helper_id=helper, day=uow.clock.now().date(), helped=1)
        .on_conflict_do_update(
            index_elements=["tenant_id", "helper_id", "day"],
            set_={"helped": BargainHelperDay.helped + 1},
            where=BargainHelperDay.helped + 1 <= limit,
        )
        .returning(BargainHelperDay.helped)
    )
    if (await uow.s.execute(statement)).scalar_one_or_none() is None:
        raise DailyHelpLimit(limit=limit)


async def load_record(uow: UnitOfWork, record_id: str) -> BargainRecord:
    record = (
        await uow.s.execute(
            select(BargainRecord)
            .where(BargainRecord.tenant_id == uow.tenant_id, BargainRecord.id == record_id)
            .execution_options(populate_existing=True)
        )
    ).scalar_one_or_none()
    if record is None:
        raise record_not_found(record_id)
    return record


def can_buy(record: BargainRecord, bargain: Bargain, uow: UnitOfWork) -> bool:
    """Still on, not bought, and at the floor (or the activity lets the initiator buy before it)."""
    reached = record.slices == record.helpers_needed
    live = record.status == rules.BARGAINING and record.expires_at > uow.clock.now() and record.order_id is None
    return live and (reached or bargain.buy_before_floor)


async def _read(uow: UnitOfWork, record: BargainRecord, bargain: Bargain) -> BargainRecordRead:
    cuts = list(
        (
            await uow.s.execute(
                select(BargainCut)
                .where(BargainCut.tenant_id == uow.tenant_id, BargainCut.record_id == record.id)
                .order_by(BargainCut.created_at, BargainCut.id)
            )
        ).scalars()
    )
    names = await customer_names(uow, ids={c.helper_id for c in cuts})
    snap = (await variants_for_pricing(uow, variant_ids=[bargain.variant_id])).get(bargain.variant_id)
    return BargainRecordRead(
        id=record.id, bargain_id=bargain.id, name=bargain.name, variant_id=bargain.variant_id,
        initiator_id=record.initiator_id, start_price=record.start_price, floor_price=record.floor_price,
        price=rules.price_after(record.start_price, record.plan, record.slices), helpers_needed=record.helpers_needed,
        cut=record.slices, status=record.status,  # type: ignore[arg-type]
        reached_floor=record.slices == record.helpers_needed, can_buy=can_buy(record, bargain, uow),
        order_id=record.order_id, expires_at=record.expires_at,
        helpers=[HelperCut(initial=(names.get(c.helper_id) or "*")[0], amount=c.amount) for c in cuts],
        product_name=snap.name if snap else {}, title=snap.title if snap else "", image=snap.image if snap else None,
    )  # fmt: skip
