"""A brand with a dealer network: two SKUs offered to dealers (MOQ 10 in cases of 5, and 1 in ones), a
warehouse holding 100 of each, a price list ``gold`` pricing TEA-1 at 60.00, and two dealers: North on the
gold list with net-30 credit of 1,000.00, South 10% off list and prepaid."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from shoal.catalog.schemas import ChannelPriceIn, ChannelPricesIn, ProductCreate
from shoal.catalog.service import create_product
from shoal.catalog.service_variants import set_channel_prices
from shoal.core.actors import Actor
from shoal.dealers import service_accounts
from shoal.dealers.schemas import CreditIn, DealerCreate, SkuTermsIn
from shoal.dealers.service_auth import PERMISSIONS
from shoal.inventory import service as inventory
from shoal.inventory.schemas import LocationCreate
from shoal.inventory.service_stock import receive_stock


@dataclass
class Network:
    warehouse: str
    tea: str  # variant TEA-1, list 80.00, gold 60.00, MOQ 10, cases of 5
    cup: str  # variant CUP-1, list 20.00, MOQ 1
    north: str
    south: str
    north_location: str
    south_location: str


def dealer_actor(dealer_id: str, location_id: str) -> Actor:
    return Actor(kind="dealer", id=f"user-{dealer_id[-4:]}", role="dealer", permissions=PERMISSIONS,
                 location_id=location_id, dealer_id=dealer_id)  # fmt: skip


async def _variant(uow_factory, sku: str, price: int) -> str:  # type: ignore[no-untyped-def]
    data = ProductCreate(name=f"商品 {sku}", status="active", price=price, sku=sku, handle=sku.lower())
    return (await create_product(uow_factory(), data=data)).variants[0].id


async def _dealer(uow_factory, code: str, **fields) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    dealer = await service_accounts.create_dealer(uow_factory(), data=DealerCreate(code=code, name=code, **fields))
    return dealer.id, dealer.location_id


@pytest.fixture
async def network(uow_factory) -> Network:  # type: ignore[no-untyped-def]
    warehouse = await inventory.create_location(
        uow_factory(), data=LocationCreate(code="WH", kind="warehouse", name="总仓")
    )
    tea, cup = await _variant(uow_factory, "TEA-1", 8000), await _variant(uow_factory, "CUP-1", 2000)
    for variant in (tea, cup):
        await receive_stock(uow_factory(), variant_id=variant, location_id=warehouse.id, quantity=100)
    gold = ChannelPricesIn(prices=[ChannelPriceIn(channel="dealer:gold", price=6000)])
    await set_channel_prices(uow_factory(), variant_id=tea, data=gold)
    await service_accounts.set_sku_terms(uow_factory(), data=SkuTermsIn(sku="TEA-1", moq=10, case_pack=5))
    await service_accounts.set_sku_terms(uow_factory(), data=SkuTermsIn(sku="CUP-1"))
    north, north_location = await _dealer(uow_factory, "north", region="浙江", price_list="gold")
    south, south_location = await _dealer(uow_factory, "south", region="广东省", discount_bps=1000)
    credit = CreditIn(credit_limit=100_000, payment_terms="net", terms_days=30)
    await service_accounts.set_credit(uow_factory(), dealer_id=north, data=credit)
    return Network(warehouse.id, tea, cup, north, south, north_location, south_location)


@pytest.fixture
def as_north(db, tenant, network: Network):  # type: ignore[no-untyped-def]
    return lambda: db.uow(tenant_id=tenant.id, actor=dealer_actor(network.north, network.north_location))


@pytest.fixture
def as_south(db, tenant, network: Network):  # type: ignore[no-untyped-def]
    return lambda: db.uow(tenant_id=tenant.id, actor=dealer_actor(network.south, network.south_location))
