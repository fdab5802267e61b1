"""Hypothesis over the real services (SQLite): whatever the sequence of earning, spending, refunds, take-backs,
expiry, top-ups, balance payments and refunds, and merges of members, every balance (points, and stored value's
principal and bonus) equals the sum of its ledger and never goes below zero, and a merge moves without losing
or doubling: over all members, the merge entries add up to nothing."""

from __future__ import annotations

import asyncio
import contextlib
import itertools

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from shoal.core.actors import Actor
from shoal.core.clock import FrozenClock
from shoal.core.errors import InvalidState, ValidationFailed
from shoal.core.uow import Database
from shoal.customers.schemas import CustomerCreate
from shoal.customers.service import create_customer
from shoal.loyalty import service_merge, service_points
from shoal.loyalty.errors import InsufficientPoints
from shoal.loyalty.models import Member, PointsEntry
from shoal.loyalty.schemas import CustomerMerge
from shoal.loyalty.wallet import service as wallet
from shoal.loyalty.wallet.errors import InsufficientBalance
from shoal.loyalty.wallet.models import Wallet, WalletEntry
from tests.conftest import new_tenant, staff_actor

MEMBERS = 3
POINTS_OPS = ["earn", "spend", "refund", "take_back", "expire"]
WALLET_OPS = ["top_up", "pay", "pay_back"]
OPS = st.lists(
    st.tuples(
        st.sampled_from([*POINTS_OPS, *WALLET_OPS, "merge"]),
        st.integers(0, MEMBERS - 1),
        st.integers(0, MEMBERS - 1),
        st.integers(1, 300),
    ),
    min_size=1,
    max_size=25,
)
_numbers = itertools.count()
REFUSED = (InsufficientPoints, InsufficientBalance, InvalidState, ValidationFailed)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS)
@example(ops=[("earn", 0, 1, 50), ("top_up", 0, 1, 10), ("merge", 0, 1, 1), ("spend", 1, 0, 20), ("pay", 1, 0, 3),
              ("merge", 0, 1, 1), ("merge", 1, 2, 1)])  # fmt: skip
def test_every_balance_is_the_sum_of_its_ledger_and_never_negative(sqlite_url: str, ops) -> None:  # type: ignore[no-untyped-def]
    asyncio.run(_scenario(sqlite_url, ops))


async def _scenario(url: str, ops: list[tuple[str, int, int, int]]) -> None:
    clock = FrozenClock()
    db = Database(url, clock=clock)
    try:
        tenant = await new_tenant(db, "lp")
        owner = lambda: db.uow(tenant_id=tenant.id, actor=staff_actor())  # noqa: E731
        members = [
            (await create_customer(owner(), data=CustomerCreate(email=f"m{i}@example.com", name=f"m{i}"))).id
            for i in range(MEMBERS)
        ]
        for op, who, other, amount in ops:
            with contextlib.suppress(*REFUSED):  # a move above a balance, a second merge: refused whole
                await _apply(db, tenant.id, clock, op, members[who], members[other], amount)
            balances, ledgers = await _books(owner())
            assert balances == ledgers and all(value >= 0 for value in balances.values())
            assert await _merge_entries_sum(owner()) == (0, 0, 0)
    finally:
        await db.dispose()


async def _apply(
    db: Database, tenant_id: str, clock: FrozenClock, op: str, member: str, other: str, amount: int
) -> None:
    uow = db.uow(tenant_id=tenant_id, actor=Actor(kind="system", id="system"))
    reference = f"r{next(_numbers)}"
    if op == "merge":
        data = CustomerMerge(survivor_id=other, merged_id=member)
        await service_merge.merge_customers(db.uow(tenant_id=tenant_id, actor=staff_actor()), data=data)
    elif op == "expire":
        clock.advance(days=amount * 3)
        await service_points.expire_customer(uow, customer_id=member)
    elif op == "top_up":
        await wallet.credit(uow, customer_id=member, principal=amount * 10, bonus=amount, reason="topup",
                            reference=reference)  # fmt: skip
    elif op in ("pay", "pay_back"):
        move = wallet.debit if op == "pay" else _pay_back
        await move(uow, customer_id=member, amount=amount * 7, reason=op, reference=reference)
    else:
        sign = -1 if op in ("spend", "take_back") else 1
        expiry = clock.now().replace(year=clock.now().year + 1) if op == "earn" else None
        await service_points.post_points(uow, customer_id=member, points=sign * amount, reason=op,
                                         reference=reference, expires_at=expiry)  # fmt: skip


async def _pay_back(uow, *, customer_id: str, amount: int, reason: str, reference: str) -> None:  # type: ignore[no-untyped-def]
    """A refund of a balance payment: back in the proportion of the balance (as the refund handler does)."""
    principal, bonus = await wallet.parts_of(uow, customer_id)
    part = amount * principal // (principal + bonus) if principal + bonus else amount
    await wallet.credit(uow, customer_id=customer_id, principal=part, bonus=amount - part, reason=reason,
                        reference=reference)  # fmt: skip


async def _merge_entries_sum(uow) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    """(points, principal, bonus) of every merge entry together: zero when merges move without loss."""
    merges = ("merge_in", "merge_out")
    async with uow:
        points = await uow.s.scalar(select(func.coalesce(func.sum(PointsEntry.points), 0)).where(
            PointsEntry.tenant_id == uow.tenant_id, PointsEntry.reason.in_(merges)))  # fmt: skip
        parts = (await uow.s.execute(select(
            func.coalesce(func.sum(WalletEntry.principal), 0), func.coalesce(func.sum(WalletEntry.bonus), 0)
        ).where(WalletEntry.tenant_id == uow.tenant_id, WalletEntry.reason.in_(merges)))).one()  # fmt: skip
        return int(points), int(parts[0]), int(parts[1])


async def _books(uow) -> tuple[dict[tuple[str, str], int], dict[tuple[str, str], int]]:  # type: ignore[no-untyped-def]
    """Every balance (points, principal, bonus per customer) and the sum of its ledger, keyed alike."""
    async with uow:
        mine = uow.tenant_id
        points = await uow.s.execute(select(Member.customer_id, Member.points).where(Member.tenant_id == mine))
        parts = await uow.s.execute(
            select(Wallet.customer_id, Wallet.principal, Wallet.bonus).where(Wallet.tenant_id == mine)
        )
        earned = await uow.s.execute(
            select(PointsEntry.customer_id, func.sum(PointsEntry.points))
            .where(PointsEntry.tenant_id == mine)
            .group_by(PointsEntry.customer_id)
        )
        moved = await uow.s.execute(
            select(WalletEntry.customer_id, func.sum(WalletEntry.principal), func.sum(WalletEntry.bonus))
            .where(WalletEntry.tenant_id == mine)
            .group_by(WalletEntry.customer_id)
        )
        balances = {(c, "points"): int(p) for c, p in points} | _split(parts.all())
        ledgers = {(c, "points"): int(p) for c, p in earned} | _split(moved.all())
    keys = set(balances) | set(ledgers)
    return {k: balances.get(k, 0) for k in keys}, {k: ledgers.get(k, 0) for k in keys}


def _split(rows) -> dict[tuple[str, str], int]:  # type: ignore[no-untyped-def]
    return {(c, part): int(value) for c, principal, bonus in rows for part, value in (("principal", principal),
                                                                                     ("bonus", bonus))}  # fmt: skip
