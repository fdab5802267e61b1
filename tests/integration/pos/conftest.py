"""POS fixtures: a stocked shop (tests.integration.checkout), a clerk of its store with an open shift, providers."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import pytest

from shoal.core.actors import Actor
from shoal.core.ids import new_id
from shoal.identity.rules import permissions_of
from shoal.loyalty.wallet import provider as balance_provider  # noqa: F401  (the balance provider)
from shoal.payments.config import ProviderRegistry, build_registry
from shoal.pos import service_sales, service_shifts
from shoal.pos.schemas import SaleCreate, ShiftOpen
from tests.integration.checkout.conftest import Shop, make_shop


@dataclass
class Till:
    shop: Shop
    clerk: Actor
    providers: ProviderRegistry
    uow_factory: Any

    def uow(self) -> Any:
        return self.uow_factory(self.clerk)

    async def sell(self, **body: Any) -> Any:
        data = SaleCreate(**{"sale_id": uuid.uuid4().hex, **body})
        return await service_sales.record_sale(
            self.uow(), tenant=self.shop.tenant.tenant, providers=self.providers, data=data
        )


def clerk_of(location_id: str) -> Actor:
    return Actor(kind="staff", id=new_id(), role="clerk", permissions=permissions_of("clerk"), location_id=location_id)


@pytest.fixture
async def till(uow_factory, tenant, clock) -> Till:  # type: ignore[no-untyped-def]
    shop = await make_shop(uow_factory, tenant)
    clerk = clerk_of(shop.store.id)
    await service_shifts.open_shift(uow_factory(clerk), data=ShiftOpen(opening_float=10_000))
    return Till(shop, clerk, build_registry(clock=clock, mock_enabled=True), uow_factory)
