"""The sales dashboard over HTTP: a paid order shows today, cancelled ones never count, refunds lower the net
sales of the day the order was paid, orders to ship are counted, tenants stay apart."""

from __future__ import annotations

import pytest

from shoal.orders import service as orders
from tests.conftest import new_tenant, staff_headers
from tests.integration.aftersales.conftest import TEA, make_paid
from tests.stand_ins import stand_in_for_catalog


@pytest.fixture(autouse=True)
def _catalog_stood_in(monkeypatch: pytest.MonkeyPatch) -> None:
    """The orders of ``tests.integration.payments`` and ``tests.integration.aftersales`` name made-up variants."""
    stand_in_for_catalog(monkeypatch)


async def test_a_paid_order_appears_in_today_s_figures_and_top_products(client, uow_factory, tenant, clock, db) -> None:
    await make_paid(uow_factory, tenant, clock, "0192f0c0-0000-7000-8000-00000000da5b")
    staff = await staff_headers(client, tenant)
    board = (await client.get("/api/v1/admin/reports/dashboard", headers=staff)).json()
    today = board["today"]
    assert (today["gmv"], today["orders"], today["paying_customers"], today["average_order_value"]) == (
        2300,
        1,
        1,
        2300,
    )
    assert board["yesterday"]["orders"] == 0 and board["gmv_change_percent"] is None
    assert board["conversion_percent"] == 100 and board["yesterday_conversion_percent"] is None
    assert len(board["last_30_days"]) == 30 and board["last_30_days"][-1] == today
    assert board["top_products"][0]["product_id"] == TEA and board["top_products"][0]["sales"] == 1000
    other = await new_tenant(db)
    empty = (await client.get("/api/v1/admin/reports/dashboard", headers=await staff_headers(client, other))).json()
    assert empty["today"]["orders"] == 0 and empty["top_products"] == []
    assert empty["conversion_percent"] is None


async def test_refunds_count_against_the_day_the_order_was_paid_and_net_sales_drop(  # type: ignore[no-untyped-def]
    client, uow_factory, tenant, clock
) -> None:
    paid = await make_paid(uow_factory, tenant, clock, "0192f0c0-0000-7000-8000-00000000da5c")
    staff = await staff_headers(client, tenant)
    before = (await client.get("/api/v1/admin/reports/dashboard", headers=staff)).json()
    assert (before["today"]["refunds"], before["today"]["net_gmv"], before["to_ship"]) == (0, 2300, 1)
    await orders.record_refund(uow_factory(), order_id=paid.order.id, amount=500, line_refunds=[])
    after = (await client.get("/api/v1/admin/reports/dashboard", headers=staff)).json()
    assert (after["today"]["gmv"], after["today"]["refunds"], after["today"]["net_gmv"]) == (2300, 500, 1800)
    assert after["last_30_days"][-1]["net_gmv"] == 1800 and after["pickups_waiting"] == 0
    await orders.record_refund(uow_factory(), order_id=paid.order.id, amount=1800, line_refunds=[])
    refunded = (await client.get("/api/v1/admin/reports/dashboard", headers=staff)).json()
    # Fully refunded, the order ends as refunded: still a sale of that day, all of it back, nothing to ship.
    assert (refunded["today"]["orders"], refunded["today"]["net_gmv"], refunded["to_ship"]) == (1, 0, 0)
