"""The credit promise under concurrency, on PostgreSQL: ten orders at once against a credit limit that covers
four are exactly four accepted, the other six refused with ``credit_limit_exceeded``, and the credit used
equals its ledger."""

from __future__ import annotations

import asyncio

import pytest

from shoal.dealers import service_accounts, service_orders
from shoal.dealers.errors import CreditLimitExceeded
from shoal.dealers.schemas import CreditIn
from tests.integration.dealers.conftest import Network
from tests.integration.dealers.test_orders import credit_matches_ledger, order

pytestmark = pytest.mark.pg_only


async def test_ten_orders_against_credit_for_four_accept_exactly_four(uow_factory, network: Network, as_north) -> None:  # type: ignore[no-untyped-def]
    credit = CreditIn(credit_limit=4 * 20_000 + 19_999, payment_terms="net", terms_days=30)
    await service_accounts.set_credit(uow_factory(), dealer_id=network.north, data=credit)

    async def attempt() -> str:
        try:
            await service_orders.place(as_north(), data=order(("CUP-1", 10)))  # 200.00 each
        except CreditLimitExceeded:
            return "refused"
        return "accepted"

    outcomes = await asyncio.gather(*(attempt() for _ in range(10)))
    assert sorted(outcomes) == ["accepted"] * 4 + ["refused"] * 6
    assert await credit_matches_ledger(uow_factory, network.north) == 80_000
