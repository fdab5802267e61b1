"""Till sales through the services: store prices, cash and change, a mix with the balance and a payment code, an
idempotent upload, an offline sale short of stock flagged then completed, a return refunded to the original
methods with the units back on the store's shelf, and the shift's close."""

from __future__ import annotations

import uuid

import pytest

from shoal.catalog.schemas import ChannelPriceIn, ChannelPricesIn
from shoal.catalog.service_variants import set_channel_prices, variants_for_pricing
from shoal.core.errors import NotFound
from shoal.customers.schemas import CustomerCreate
from shoal.customers.service import create_customer
from shoal.inventory.errors import OutOfStock
from shoal.inventory.service import availability
from shoal.inventory.service_stock import receive_stock
from shoal.loyalty.wallet import service as wallet
from shoal.marketing.schemas import PromotionCreate
from shoal.marketing.service_rules import create_promotion, set_status
from shoal.orders.service_queries import get_order_detail
from shoal.payments.errors import MicropayDeclined
from shoal.pos import service_returns, service_sales, service_shifts
from shoal.pos.errors import SaleNotFlagged
from shoal.pos.schemas import QuoteIn, ReturnCreate, ReturnLineIn, ShiftClose
from tests.integration.group_buy.conftest import drain
from tests.integration.pos.conftest import clerk_of

SKU0, SKU1 = "SKU000", "SKU001"


async def on_shelf(till, variant_id: str) -> int:  # type: ignore[no-untyped-def]
    left = await availability(till.uow_factory(), variant_ids=[variant_id], location_ids=[till.shop.store.id])
    return left[variant_id]


async def test_a_cash_sale_at_the_store_price_gives_change_once_and_is_an_in_store_order(till) -> None:
    shop = till.shop
    prices = ChannelPricesIn(prices=[ChannelPriceIn(channel=f"store:{shop.store.id}", price=900)])
    await set_channel_prices(till.uow_factory(), variant_id=shop.variants[0], data=prices)
    sale_id = uuid.uuid4().hex
    sale = await till.sell(sale_id=sale_id, lines=[{"code": SKU0, "quantity": 2}], cash_tendered=2_000)
    assert (sale.status, sale.total, sale.change_given, sale.tenders) == (
        "completed", 1_800, 200, [{"method": "cash", "amount": 1_800}],
    )  # fmt: skip
    again = await till.sell(sale_id=sale_id, lines=[{"code": SKU0, "quantity": 2}], cash_tendered=2_000)
    assert again.id == sale.id and again.order_id == sale.order_id
    order = await get_order_detail(till.uow_factory(), order_id=sale.order_id)
    assert (order.channel, order.status, order.paid_amount) == ("store", "delivered", 1_800)
    assert await on_shelf(till, shop.variants[0]) == 8


async def test_a_mixed_payment_is_returned_to_each_method_and_the_shift_counts_the_cash(till, db) -> None:  # type: ignore[no-untyped-def]
    shop = till.shop
    member = await create_customer(till.uow_factory(), data=CustomerCreate(phone="13900139000", name="会员"))
    await wallet.credit(till.uow_factory(), customer_id=member.id, principal=500, bonus=0, reason="adjust",
                        reference="seed")  # fmt: skip
    with pytest.raises(MicropayDeclined):  # a refused code sells nothing: the balance it held comes back
        await till.sell(lines=[{"code": SKU1, "quantity": 2}], customer_id=member.id, cash_tendered=1_000,
                        tenders=[{"method": "balance", "amount": 500},
                                 {"method": "code", "amount": 700, "auth_code": "134567890123450000"}])  # fmt: skip
    await drain(db)
    assert await wallet.balance_of(till.uow_factory(), member.id) == 500
    sale = await till.sell(
        lines=[{"code": SKU1, "quantity": 2}], customer_id=member.id, cash_tendered=1_000,
        tenders=[{"method": "balance", "amount": 500}, {"method": "code", "amount": 700,
                                                         "auth_code": "134567890123456789"}],
    )  # fmt: skip
    assert sale.total == 2_200 and sale.change_given == 0
    assert sorted(t["method"] for t in sale.tenders) == ["balance", "cash", "mock"]
    assert await wallet.balance_of(till.uow_factory(), member.id) == 0
    returned = ReturnCreate(return_id=uuid.uuid4().hex, lines=[ReturnLineIn(code=SKU1, quantity=1)])
    back, again = [
        await service_returns.return_at_till(till.uow(), providers=till.providers, sale_pk=sale.id, data=returned)
        for _ in range(2)
    ]
    assert again.id == back.id and (await service_sales.get_sale(till.uow(), sale_pk=sale.id)).refunded == 1_100
    elsewhere = till.uow_factory(clerk_of(shop.warehouse.id))
    with pytest.raises(NotFound):  # another location's staff do not see this store's sales
        await service_sales.get_sale(elsewhere, sale_pk=sale.id)
    assert back.amount == 1_100 and sum(r["amount"] for r in back.refunds) == 1_100
    assert {r["method"] for r in back.refunds} == {"balance", "cash", "mock"}
    assert await on_shelf(till, shop.variants[1]) == 9
    shift = await service_shifts.my_shift(till.uow())
    cash_back = next(r["amount"] for r in back.refunds if r["method"] == "cash")
    closed = await service_shifts.close_shift(till.uow(), shift_id=shift.id, data=ShiftClose(counted_cash=10_900))
    assert closed.expected_cash == 10_000 + 1_000 - cash_back
    assert closed.difference == 10_900 - closed.expected_cash and closed.takings["cash"] == 1_000 - cash_back


async def test_an_offline_sale_short_of_stock_is_flagged_not_dropped_and_completed_later(till) -> None:
    shop = till.shop
    with pytest.raises(OutOfStock):  # at a live till the clerk is told at once
        await till.sell(lines=[{"code": SKU0, "quantity": 11}], cash_tendered=20_000)
    sale = await till.sell(lines=[{"code": SKU0, "quantity": 11}], cash_tendered=11_000, offline=True)
    assert (sale.status, sale.flag_reason, sale.order_id) == ("flagged", "out_of_stock", None)
    flagged = await service_sales.list_sales(till.uow(), status="flagged", limit=10, cursor=None)
    assert [s.id for s in flagged.items] == [sale.id]
    await receive_stock(till.uow_factory(), variant_id=shop.variants[0], location_id=shop.store.id, quantity=1)
    done = await service_sales.complete_flagged(
        till.uow_factory(), tenant=shop.tenant.tenant, providers=till.providers, sale_pk=sale.id
    )
    assert (done.status, done.total, done.change_given) == ("completed", 11_000, 0)
    with pytest.raises(SaleNotFlagged):  # completed once
        await service_sales.complete_flagged(
            till.uow_factory(), tenant=shop.tenant.tenant, providers=till.providers, sale_pk=sale.id
        )
    assert await on_shelf(till, shop.variants[0]) == 0


async def test_a_store_gift_comes_with_the_sale_at_no_charge_from_the_stores_shelf(till) -> None:
    shop, cup = till.shop, till.shop.variants[1]
    snaps = await variants_for_pricing(till.uow_factory(), variant_ids=[cup])
    offer = PromotionCreate.model_validate({
        "name": {"zh-CN": "买茶送杯", "en": "A cup with tea"}, "condition": {"channels": ["store"]},
        "benefit": {"kind": "gift", "variant_id": cup, "product_id": snaps[cup].product_id, "unit_value": 100,
                    "stock": 5},
    })  # fmt: skip
    made = await create_promotion(till.uow_factory(), data=offer)
    await set_status(till.uow_factory(), entity="promotion", entity_id=made.id, action="publish")
    quoted = await service_sales.quote(till.uow(), tenant=shop.tenant.tenant, data=QuoteIn(lines=[{"code": SKU0}]))
    assert [(g["sku"], g["quantity"]) for g in quoted.gifts] == [(SKU1, 1)] and quoted.total == 1_000
    sale = await till.sell(lines=[{"code": SKU0}], cash_tendered=1_000)
    assert [(line["sku"], line["total"]) for line in sale.lines] == [(SKU0, 1_000), (SKU1, 0)]
    assert await on_shelf(till, cup) == 9
