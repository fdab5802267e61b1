"""Loyalty's promises under real concurrency (PostgreSQL)."""

from __future__ import annotations

import asyncio

import pytest

from shoal.loyalty import service_checkin, service_points
from shoal.loyalty.errors import AlreadyCheckedIn, InsufficientPoints
from shoal.loyalty.schemas import PointsAdjust
from tests.integration.loyalty.conftest import ledger_sum, new_customer, shopper

pytestmark = pytest.mark.pg_only


async def test_fifty_check_ins_at_once_make_one_entry(uow_factory) -> None:
    customer = await new_customer(uow_factory, "tap@example.com")
    results = await asyncio.gather(
        *(service_checkin.check_in(shopper(uow_factory, customer)) for _ in range(50)), return_exceptions=True
    )
    assert sum(not isinstance(r, BaseException) for r in results) == 1
    assert all(isinstance(r, AlreadyCheckedIn) for r in results if isinstance(r, BaseException))
    statement = await service_points.points_statement(uow_factory(), customer_id=customer)
    assert [e.reason for e in statement.entries] == ["checkin"]
    assert await ledger_sum(uow_factory(), customer) == (statement.balance, statement.balance)


async def test_points_spent_at_once_never_exceed_the_balance(uow_factory) -> None:
    customer = await new_customer(uow_factory, "spend@example.com")
    await service_points.adjust_points(uow_factory(), customer_id=customer, data=PointsAdjust(points=50, reason="g"))
    results = await asyncio.gather(
        *(
            service_points.post_points(
                uow_factory(), customer_id=customer, points=-1, reason="spend", reference=f"o{i}"
            )
            for i in range(100)
        ),
        return_exceptions=True,
    )
    assert sum(r is True for r in results) == 50
    assert all(isinstance(r, InsufficientPoints) for r in results if r is not True)
    assert await ledger_sum(uow_factory(), customer) == (0, 0)
