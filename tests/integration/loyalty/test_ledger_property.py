"""Hypothesis over the real services (SQLite): whatever the sequence of earning, spending, refunds, take-backs
and expiry, every member's balance equals the sum of their ledger and never goes below zero."""

from __future__ import annotations

import asyncio
import contextlib
import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shoal.core.actors import Actor
from shoal.core.clock import FrozenClock
from shoal.core.uow import Database
from shoal.customers.schemas import CustomerCreate
from shoal.customers.service import create_customer
from shoal.loyalty import service_points
from shoal.loyalty.errors import InsufficientPoints
from tests.conftest import new_tenant, staff_actor
from tests.integration.loyalty.conftest import ledger_sum

OPS = st.lists(
    st.tuples(
        st.sampled_from(["earn", "spend", "refund", "take_back", "expire"]), st.integers(0, 1), st.integers(1, 300)
    ),
    min_size=1,
    max_size=25,
)
_numbers = itertools.count()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS)
def test_every_balance_is_the_sum_of_its_ledger_and_never_negative(sqlite_url: str, ops) -> None:  # type: ignore[no-untyped-def]
    asyncio.run(_scenario(sqlite_url, ops))


async def _scenario(url: str, ops: list[tuple[str, int, int]]) -> None:
    clock = FrozenClock()
    db = Database(url, clock=clock)
    try:
        tenant = await new_tenant(db, "lp")
        owner = lambda: db.uow(tenant_id=tenant.id, actor=staff_actor())  # noqa: E731
        members = [
            (await create_customer(owner(), data=CustomerCreate(email=f"m{i}@example.com", name=f"m{i}"))).id
            for i in range(2)
        ]
        for op, who, amount in ops:
            await _apply(db, tenant.id, clock, op, members[who], amount)
            for member in members:
                balance, total = await ledger_sum(owner(), member)
                assert balance == total >= 0
    finally:
        await db.dispose()


async def _apply(db: Database, tenant_id: str, clock: FrozenClock, op: str, member: str, amount: int) -> None:
    uow = db.uow(tenant_id=tenant_id, actor=Actor(kind="system", id="system"))
    reference = f"r{next(_numbers)}"
    if op == "expire":
        clock.advance(days=amount * 3)
        await service_points.expire_customer(uow, customer_id=member)
        return
    sign = -1 if op in ("spend", "take_back") else 1
    expiry = clock.now().replace(year=clock.now().year + 1) if op == "earn" else None
    with contextlib.suppress(InsufficientPoints):  # a spend above the balance is refused, whole
        await service_points.post_points(uow, customer_id=member, points=sign * amount, reason=op,
                                         reference=reference, expires_at=expiry)  # fmt: skip
