"""Flash sales on SQLite and PostgreSQL: carving units, the flash price charged, limits, sold out, the payment
window giving units back to the sale (not the shelf), ending the sale, and orders of another location refused."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from shoal.campaigns.flash_sale import service
from shoal.campaigns.flash_sale.service_settle import end_finished, return_unpaid
from shoal.inventory.models import Stock
from tests.integration.flash_sale.conftest import attempt, code_of, live_sale


async def _shelf(db, tenant_id: str, variant_id: str) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    async with db.uow(tenant_id=tenant_id) as uow:
        row = (
            await uow.s.execute(select(Stock).where(Stock.tenant_id == tenant_id, Stock.variant_id == variant_id))
        ).scalar_one()
        return row.on_hand, row.reserved


async def test_a_buyer_gets_an_order_at_the_flash_price_from_the_sales_units(db, uow_factory, tenant, clock) -> None:
    sale = await live_sale(uow_factory, tenant, clock, units=3, limit=1)
    assert await _shelf(db, tenant.id, sale.variant_id) == (13, 3)  # carved: reserved for the sale

    first = await attempt(uow_factory, sale, "buyer-1")
    assert code_of(first) == "ordered"
    order = first.body  # type: ignore[union-attr]
    assert order["lines"][0]["unit_price"] == 990 and order["subtotal"] == 990
    assert await _shelf(db, tenant.id, sale.variant_id) == (13, 3)  # moved from the sale's hold to the order

    assert code_of(await attempt(uow_factory, sale, "buyer-1")) == "limit_reached"
    assert code_of(await attempt(uow_factory, sale, "buyer-2", quantity=2)) == "limit_reached"
    assert code_of(await attempt(uow_factory, sale, "buyer-2")) == "ordered"
    assert code_of(await attempt(uow_factory, sale, "buyer-3")) == "ordered"
    assert code_of(await attempt(uow_factory, sale, "buyer-4")) == "sold_out"

    stats = await service.flash_sale_stats(uow_factory(), sale_id=sale.sale_id)
    assert (stats.orders, stats.items[0].left, stats.items[0].awaiting_payment) == (3, 0, 3)


async def test_a_buy_takes_its_units_across_buckets(db, uow_factory, tenant, clock) -> None:
    sale = await live_sale(uow_factory, tenant, clock, units=3, limit=2)  # one unit in each of three buckets
    bought = await attempt(uow_factory, sale, "buyer-1", quantity=2)
    assert code_of(bought) == "ordered" and bought.body["lines"][0]["quantity"] == 2  # type: ignore[union-attr]
    assert code_of(await attempt(uow_factory, sale, "buyer-2", quantity=2)) == "sold_out"  # one left: nothing taken
    assert code_of(await attempt(uow_factory, sale, "buyer-2")) == "ordered"
    assert code_of(await attempt(uow_factory, sale, "buyer-3")) == "sold_out"


async def test_the_gate_and_the_buckets_agree_on_a_buy_across_buckets(db, uow_factory, tenant, clock, gate) -> None:
    sale = await live_sale(uow_factory, tenant, clock, units=3, limit=2)
    assert code_of(await attempt(uow_factory, sale, "buyer-1", gate=gate, quantity=2)) == "ordered"
    assert code_of(await attempt(uow_factory, sale, "buyer-2", gate=gate, quantity=2)) == "sold_out"
    assert code_of(await attempt(uow_factory, sale, "buyer-2", gate=gate)) == "ordered"
    assert code_of(await attempt(uow_factory, sale, "buyer-3", gate=gate)) == "sold_out"


async def test_a_replayed_key_answers_the_same_order(db, uow_factory, tenant, clock) -> None:
    sale = await live_sale(uow_factory, tenant, clock, units=1)
    key = str(uuid.uuid4())
    first = await attempt(uow_factory, sale, "buyer-1", key=key)
    again = await attempt(uow_factory, sale, "buyer-1", key=key)
    assert code_of(first) == code_of(again) == "ordered"
    assert first.body["id"] == again.body["id"]  # type: ignore[union-attr]


async def test_unpaid_orders_give_their_units_back_to_the_sale_not_the_shelf(db, uow_factory, tenant, clock) -> None:
    sale = await live_sale(uow_factory, tenant, clock, units=2, limit=1)
    assert code_of(await attempt(uow_factory, sale, "buyer-1")) == "ordered"
    assert code_of(await attempt(uow_factory, sale, "buyer-2")) == "ordered"
    assert code_of(await attempt(uow_factory, sale, "buyer-3")) == "sold_out"

    clock.advance(minutes=4)
    await return_unpaid(db)  # the sweeper serves every tenant of the database
    assert (await service.flash_sale_stats(uow_factory(), sale_id=sale.sale_id)).items[0].left == 0  # in the window
    clock.advance(minutes=1)
    assert await return_unpaid(db) >= 2
    await return_unpaid(db)  # a second run returns nothing twice
    assert await _shelf(db, tenant.id, sale.variant_id) == (12, 2)  # still the sale's, not the shelf's

    stats = await service.flash_sale_stats(uow_factory(), sale_id=sale.sale_id)
    assert (stats.items[0].left, stats.items[0].returned) == (2, 2)
    assert code_of(await attempt(uow_factory, sale, "buyer-3")) == "ordered"
    assert code_of(await attempt(uow_factory, sale, "buyer-1")) == "ordered"  # their limit came back with the unit

    clock.advance(hours=2)
    assert await end_finished(db) >= 1
    assert await _shelf(db, tenant.id, sale.variant_id) == (12, 2)  # the two live orders keep theirs
    clock.advance(minutes=10)
    await return_unpaid(db)
    assert await _shelf(db, tenant.id, sale.variant_id) == (12, 0)  # the sale is over: units go to the shelf


async def test_ending_a_sale_returns_the_unsold_units_to_the_shelf(db, uow_factory, tenant, clock) -> None:
    sale = await live_sale(uow_factory, tenant, clock, units=5)
    assert code_of(await attempt(uow_factory, sale, "buyer-1")) == "ordered"
    ended = await service.end_flash_sale(uow_factory(), sale_id=sale.sale_id)
    assert ended.status == "ended"
    assert await _shelf(db, tenant.id, sale.variant_id) == (15, 1)
    assert code_of(await attempt(uow_factory, sale, "buyer-2")) == "flash_sale_not_live"


async def test_publishing_more_than_the_location_holds_changes_nothing(db, uow_factory, tenant, clock) -> None:
    try:
        await live_sale(uow_factory, tenant, clock, units=5, on_hand=4)
    except Exception as exc:
        assert getattr(exc, "code", None) == "out_of_stock"
    else:
        raise AssertionError("published without the stock")
