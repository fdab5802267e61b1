"""Loyalty's promises under real concurrency (PostgreSQL)."""

from __future__ import annotations

import asyncio

import pytest

from shoal.loyalty import service_checkin, service_points
from shoal.loyalty.errors import AlreadyCheckedIn, InsufficientPoints
from shoal.loyalty.schemas import PointsAdjust
from shoal.loyalty.wallet import service as wallet
from shoal.loyalty.wallet.errors import InsufficientBalance
from shoal.payments import service as payments
from shoal.payments.config import build_registry
from shoal.payments.schemas import PaymentStart
from tests.integration.loyalty.conftest import ledger_sum, new_customer, shopper
from tests.integration.loyalty.test_wallet import order_of, wallet_sums

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


async def test_a_hundred_yuan_pays_one_of_two_sixty_yuan_orders_at_once(shop, uow_factory, clock) -> None:
    await wallet.credit(uow_factory(), customer_id=shop.customer_id, principal=10_000, bonus=0, reason="adjust",
                        reference="seed")  # fmt: skip
    orders = [await order_of(shop, uow_factory, 6_000) for _ in range(2)]
    providers = build_registry(clock=clock, mock_enabled=True)
    results = await asyncio.gather(
        *(
            payments.start_payment(shop.shopper(uow_factory), providers=providers, order_id=order_id,
                                   customer_id=shop.customer_id, data=PaymentStart(provider="balance"))
            for order_id in orders
        ),
        return_exceptions=True,
    )  # fmt: skip
    assert sorted(type(r).__name__ for r in results) == ["InsufficientBalance", "PaymentRead"]
    assert await wallet_sums(uow_factory(), shop.customer_id) == (4_000, 0, 4_000, 0)


async def test_a_hundred_one_yuan_payments_against_fifty_yuan_make_fifty(uow_factory) -> None:
    customer = await new_customer(uow_factory, "many@example.com")
    await wallet.credit(uow_factory(), customer_id=customer, principal=4_000, bonus=1_000, reason="adjust",
                        reference="seed")  # fmt: skip
    results = await asyncio.gather(
        *(wallet.debit(uow_factory(), customer_id=customer, amount=100, reason="pay", reference=f"p{i}")
          for i in range(100)),
        return_exceptions=True,
    )  # fmt: skip
    assert sum(r is True for r in results) == 50
    assert all(isinstance(r, InsufficientBalance) for r in results if r is not True)
    assert await wallet_sums(uow_factory(), customer) == (0, 0, 0, 0)
