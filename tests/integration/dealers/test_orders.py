"""B2B ordering end to end through the services: a dealer's prices, MOQ and case packs, credit held and
released exactly, the brand's approve -> ship -> invoice -> payment, the dealer's receipt and sell-through
in the one stock view, and rebates settled once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from shoal.core.errors import InvalidState
from shoal.dealers import service_accounts, service_orders, service_rebates, service_stock
from shoal.dealers.errors import BelowMinimum, CreditLimitExceeded, NotWholeCases, NoWarehouse, PrepaidOnly
from shoal.dealers.models import CreditEntry, Dealer
from shoal.dealers.schemas import OrderLineIn, OrderPlace, SaleIn, SaleLineIn, ShipIn, TierIn, TiersIn
from shoal.inventory.errors import OutOfStock
from shoal.inventory.service import availability_by_location
from tests.integration.dealers.conftest import Network


def order(*lines: tuple[str, int], payment: str = "account") -> OrderPlace:
    return OrderPlace(lines=[OrderLineIn(sku=sku, quantity=q) for sku, q in lines], payment=payment)  # type: ignore[arg-type]


async def credit_matches_ledger(uow_factory, dealer_id: str) -> int:  # type: ignore[no-untyped-def]
    async with uow_factory() as uow:
        used = (await uow.s.get(Dealer, dealer_id)).credit_used
        total = await uow.s.scalar(select(func.coalesce(func.sum(CreditEntry.amount), 0)).where(
            CreditEntry.dealer_id == dealer_id))  # fmt: skip
    assert used == total
    return used


async def test_each_dealer_sees_its_own_prices(network: Network, as_north, as_south) -> None:  # type: ignore[no-untyped-def]
    north = {item.sku: item.price for item in await service_accounts.dealer_catalog(as_north())}
    south = {item.sku: item.price for item in await service_accounts.dealer_catalog(as_south())}
    assert north == {"CUP-1": 2000, "TEA-1": 6000}  # the gold list prices tea; the cup is at list
    assert south == {"CUP-1": 1800, "TEA-1": 7200}  # 10% off list


async def test_quantities_follow_moq_and_cases_and_prepaid_pays_by_transfer(network, as_north, as_south) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(BelowMinimum):
        await service_orders.place(as_north(), data=order(("TEA-1", 5)))
    with pytest.raises(NotWholeCases):
        await service_orders.place(as_north(), data=order(("TEA-1", 12)))
    with pytest.raises(PrepaidOnly):
        await service_orders.place(as_south(), data=order(("CUP-1", 1)))
    placed = await service_orders.place(as_south(), data=order(("CUP-1", 1), payment="transfer"))
    assert (placed.payment_status, placed.total) == ("awaiting_transfer", 1800)


async def test_the_order_cycle_moves_credit_and_stock_exactly(uow_factory, network: Network, as_north) -> None:  # type: ignore[no-untyped-def]
    placed = await service_orders.place(as_north(), data=order(("TEA-1", 10), ("CUP-1", 3), ("TEA-1", 5)))
    assert placed.total == 15 * 6000 + 3 * 2000 == 96_000
    assert await credit_matches_ledger(uow_factory, network.north) == 96_000
    with pytest.raises(CreditLimitExceeded) as refused:
        await service_orders.place(as_north(), data=order(("CUP-1", 3)))
    assert refused.value.params["available"] == "40.00"
    with pytest.raises(InvalidState):
        await service_stock.ship(uow_factory(), order_id=placed.id, data=ShipIn())  # not approved yet
    await service_orders.approve(uow_factory(), order_id=placed.id)
    shipped = await service_stock.ship(uow_factory(), order_id=placed.id, data=ShipIn())
    invoiced = await service_orders.invoice(uow_factory(), order_id=shipped.id)
    assert invoiced.invoice_number and invoiced.due_at == invoiced.invoiced_at + timedelta(days=30)
    await service_stock.receive(as_north(), order_id=placed.id)
    stock = await availability_by_location(uow_factory(), variant_ids=[network.tea])
    assert stock[network.tea] == {network.warehouse: 85, network.north_location: 15}  # the one stock view
    await service_orders.record_payment(uow_factory(), order_id=placed.id)
    with pytest.raises(InvalidState):
        await service_orders.record_payment(uow_factory(), order_id=placed.id)  # released once
    assert await credit_matches_ledger(uow_factory, network.north) == 0


async def test_a_rejected_order_gives_its_credit_back_once(uow_factory, network: Network, as_north) -> None:  # type: ignore[no-untyped-def]
    placed = await service_orders.place(as_north(), data=order(("CUP-1", 10)))
    await service_orders.reject(uow_factory(), order_id=placed.id)
    with pytest.raises(InvalidState):
        await service_orders.reject(uow_factory(), order_id=placed.id)
    assert await credit_matches_ledger(uow_factory, network.north) == 0


async def test_shipping_more_than_the_warehouse_holds_is_refused_whole(uow_factory, network, as_north) -> None:  # type: ignore[no-untyped-def]
    first, second = [
        await service_orders.place(as_north(), data=order(("CUP-1", q), payment="transfer")) for q in (60, 45)
    ]
    for each in (first, second):
        await service_orders.approve(uow_factory(), order_id=each.id)
        await service_orders.record_payment(uow_factory(), order_id=each.id)
    await service_stock.ship(uow_factory(), order_id=first.id, data=ShipIn())
    with pytest.raises(OutOfStock):
        await service_stock.ship(uow_factory(), order_id=second.id, data=ShipIn())
    with pytest.raises(NoWarehouse):  # another dealer's units are not the brand's to ship
        await service_stock.ship(uow_factory(), order_id=second.id, data=ShipIn(location_id=network.south_location))
    assert (await service_orders.get_order(uow_factory(), order_id=second.id)).status == "approved"
    stock = await availability_by_location(uow_factory(), variant_ids=[network.cup])
    assert stock[network.cup][network.warehouse] == 40


async def test_sell_through_takes_dealer_stock_once(uow_factory, network: Network, as_north) -> None:  # type: ignore[no-untyped-def]
    placed = await service_orders.place(as_north(), data=order(("CUP-1", 10)))
    await service_orders.approve(uow_factory(), order_id=placed.id)
    await service_stock.ship(uow_factory(), order_id=placed.id, data=ShipIn())
    await service_stock.receive(as_north(), order_id=placed.id)
    sale = SaleIn(reference="POS-0001", lines=[SaleLineIn(sku="CUP-1", quantity=4, amount=12000)])
    first, new = await service_stock.report_sale(as_north(), data=sale)
    again, new_again = await service_stock.report_sale(as_north(), data=sale)
    assert (new, new_again, again.id) == (True, False, first.id)
    assert [(row.sku, row.on_hand) for row in await service_stock.my_stock(as_north())] == [("CUP-1", 6)]
    with pytest.raises(OutOfStock):
        await service_stock.report_sale(as_north(), data=SaleIn(reference="POS-2", lines=[
            SaleLineIn(sku="CUP-1", quantity=7, amount=100)]))  # fmt: skip


async def test_rebates_settle_once(uow_factory, clock, network: Network, as_north) -> None:  # type: ignore[no-untyped-def]
    tiers = [TierIn(min_volume=10_000, rate_bps=200), TierIn(min_volume=50_000, rate_bps=300)]
    await service_rebates.set_tiers(uow_factory(), data=TiersIn(tiers=tiers))
    placed = await service_orders.place(as_north(), data=order(("TEA-1", 10)))
    for step in (service_orders.approve, service_stock.ship, service_orders.invoice):
        kwargs = {"data": ShipIn()} if step is service_stock.ship else {}
        await step(uow_factory(), order_id=placed.id, **kwargs)
    period = clock.now().strftime("%Y-%m")
    clock.advance(days=40)
    assert await service_rebates.settle(uow_factory(), period=period) == 1
    assert await service_rebates.settle(uow_factory(), period=period) == 0
    [entry] = await service_rebates.list_rebates(as_north())
    assert (entry.volume, entry.rate_bps, entry.amount) == (60_000, 300, 1_800)
