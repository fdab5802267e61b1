"""The till's promises under real concurrency (PostgreSQL): an offline queue uploaded twice at once records each
sale once, a sale paid by a payment code uploaded twenty times at once charges the code once, and online checkout,
two tills and a dealer order racing for a store's 10 units never sell more than it holds."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from shoal.checkout import service_checkout
from shoal.checkout.schemas import CheckoutRequest
from shoal.core.actors import Actor
from shoal.dealers import service_accounts, service_orders
from shoal.dealers.schemas import CreditIn, DealerCreate, ShipIn, SkuTermsIn
from shoal.dealers.service_orders import get_order
from shoal.dealers.service_stock import ship
from shoal.inventory.service_stock import list_stock
from shoal.payments.providers.mock import MockProvider
from shoal.pos import service_sales, service_shifts
from shoal.pos.schemas import SaleCreate, ShiftOpen
from tests.integration.checkout.conftest import filled_cart
from tests.integration.dealers.conftest import dealer_actor
from tests.integration.dealers.test_orders import order
from tests.integration.pos.conftest import clerk_of
from tests.integration.pos.test_sales import on_shelf

pytestmark = pytest.mark.pg_only


async def test_twenty_offline_sales_uploaded_twice_each_in_parallel_are_each_recorded_once(till) -> None:
    queue = [
        SaleCreate(sale_id=uuid.uuid4().hex, lines=[{"code": "SKU000"}], cash_tendered=1_000, offline=True)
        for _ in range(20)
    ]
    results = await asyncio.gather(
        *(
            service_sales.record_sale(till.uow(), tenant=till.shop.tenant.tenant, providers=till.providers, data=sale)
            for sale in queue + queue
        )
    )
    by_sale: dict[str, set[str]] = {}
    for result in results:
        by_sale.setdefault(result.sale_id, set()).add(result.id)
    assert len(by_sale) == 20 and all(len(ids) == 1 for ids in by_sale.values())
    completed = [r for r in results if r.status == "completed"]
    flagged = {r.id for r in results if r.status == "flagged"}
    assert len({r.order_id for r in completed}) == 10 and len(flagged) == 10  # 10 on the shelf: none dropped
    assert await on_shelf(till, till.shop.variants[0]) == 0


async def test_a_code_sale_uploaded_twenty_times_at_once_charges_the_code_once(till, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    charged: list[str] = []
    take = MockProvider.micropay

    async def counted(self, request, auth_code):  # type: ignore[no-untyped-def]
        charged.append(request.out_trade_no)
        return await take(self, request, auth_code)

    monkeypatch.setattr(MockProvider, "micropay", counted)
    sale = SaleCreate(sale_id=uuid.uuid4().hex, lines=[{"code": "SKU000"}],
                      tenders=[{"method": "code", "amount": 1_000, "auth_code": "134567890123456789"}])  # fmt: skip
    results = await asyncio.gather(
        *(
            service_sales.record_sale(till.uow(), tenant=till.shop.tenant.tenant, providers=till.providers, data=sale)
            for _ in range(20)
        )
    )
    assert len(charged) == 1 and len({r.id for r in results}) == 1
    assert {r.status for r in results} <= {"paying", "completed"}
    answer = await service_sales.record_sale(till.uow(), tenant=till.shop.tenant.tenant, providers=till.providers,
                                             data=sale)  # fmt: skip
    assert (answer.status, len(charged)) == ("completed", 1)
    assert await on_shelf(till, till.shop.variants[0]) == 9


async def test_ten_units_sold_online_at_two_tills_and_to_a_dealer_at_once_sell_ten(till, uow_factory) -> None:
    """Every channel takes from the one stock row of SKU001 at the store (10 units): shoppers' online orders
    picked up there reserve it, the two tills take it at once, and a dealer order is shipped from the store.
    The store is the one place all four meet: a till sells only from its store, and the brand may ship a dealer
    order from a store as well as a warehouse (a warehouse row would leave the tills out)."""
    shop, hot = till.shop, till.shop.variants[1]
    second = clerk_of(shop.store.id)
    await service_shifts.open_shift(uow_factory(second), data=ShiftOpen(opening_float=0))
    shoppers = [str(uuid.uuid4()) for _ in range(10)]
    carts = [await filled_cart(shop, uow_factory, {hot: 1}, customer_id=c) for c in shoppers]
    dealer_order = await _approved_dealer_order(uow_factory, "SKU001", 3)

    async def online(customer_id: str, cart_id: str) -> int:
        body = CheckoutRequest.model_validate(
            {"cart_id": cart_id, "delivery": {"method": "pickup", "location_id": shop.store.id}}
        )
        await service_checkout.checkout(shop.shopper(uow_factory, customer_id), tenant=shop.tenant.tenant,
                                        data=body, unpaid_minutes=30)  # fmt: skip
        return 1

    async def at_till(clerk: Actor) -> int:
        data = SaleCreate(sale_id=uuid.uuid4().hex, lines=[{"code": "SKU001"}], cash_tendered=1_100)
        await service_sales.record_sale(uow_factory(clerk), tenant=shop.tenant.tenant, providers=till.providers,
                                        data=data)  # fmt: skip
        return 1

    async def to_dealer() -> int:
        from_store = ShipIn(location_id=shop.store.id)
        return sum(line.quantity for line in (await ship(uow_factory(), order_id=dealer_order, data=from_store)).lines)

    results = await asyncio.gather(
        *(online(c, cart.id) for c, cart in zip(shoppers, carts, strict=True)),
        *(at_till(clerk) for clerk in [till.clerk, second] * 5),
        to_dealer(),
        return_exceptions=True,
    )
    refused = [r for r in results if isinstance(r, BaseException)]
    assert all(getattr(r, "code", "") == "out_of_stock" for r in refused), refused
    assert sum(r for r in results if isinstance(r, int)) == 10  # 20 single units asked besides the dealer's 3
    row = (await list_stock(uow_factory(), limit=10, location_id=shop.store.id, variant_id=hot)).items[0]
    assert row.on_hand >= 0 and row.available == 0
    if isinstance(results[-1], BaseException):  # a refused shipment wrote nothing: the order waits to ship
        assert (await get_order(uow_factory(), order_id=dealer_order)).status == "approved"


async def _approved_dealer_order(uow_factory, sku: str, quantity: int) -> str:  # type: ignore[no-untyped-def]
    """A dealer in 浙江 on 30 days' credit, offered ``sku``, with an approved order for ``quantity`` of it."""
    await service_accounts.set_sku_terms(uow_factory(), data=SkuTermsIn(sku=sku))
    dealer = await service_accounts.create_dealer(uow_factory(), data=DealerCreate(code="hz", name="杭州茶行",
                                                                                  region="浙江"))  # fmt: skip
    credit = CreditIn(credit_limit=1_000_000, payment_terms="net", terms_days=30)
    await service_accounts.set_credit(uow_factory(), dealer_id=dealer.id, data=credit)
    placed = await service_orders.place(
        uow_factory(dealer_actor(dealer.id, dealer.location_id)), data=order((sku, quantity))
    )
    return (await service_orders.approve(uow_factory(), order_id=placed.id)).id
