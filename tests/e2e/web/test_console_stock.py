"""Console stock pages over HTTP on both databases: transfers between locations, and a clerk who sees
only its own store."""

from __future__ import annotations

from dataclasses import dataclass

import httpx
import pytest

from shoal.catalog.schemas import ProductCreate
from shoal.catalog.service import create_product
from shoal.identity.schemas import StaffCreate
from shoal.identity.service import create_staff
from shoal.inventory import service_stock
from shoal.inventory.schemas import LocationCreate
from shoal.inventory.service import create_location
from shoal.web.console.transfers import read_lines
from tests.e2e.web.conftest import sign_in

HX = {"HX-Request": "true", "Accept-Language": "en"}


@dataclass
class Shop:
    warehouse: str
    store: str
    variant_id: str


@pytest.fixture
async def shop(uow_factory) -> Shop:  # type: ignore[no-untyped-def]
    warehouse = await create_location(uow_factory(), data=LocationCreate(code="WH", kind="warehouse", name="Warehouse"))
    store = await create_location(uow_factory(), data=LocationCreate(code="ST", kind="store", name="Xuhui store"))
    product = await create_product(
        uow_factory(), data=ProductCreate(name="Tee", status="active", variants=[{"sku": "TEE-1", "price": 9900}])
    )
    variant_id = product.variants[0].id
    await service_stock.receive_stock(uow_factory(), variant_id=variant_id, location_id=warehouse.id, quantity=10)
    return Shop(warehouse.id, store.id, variant_id)


async def _on_hand(uow_factory, shop: Shop) -> dict[str, int]:  # type: ignore[no-untyped-def]
    page = await service_stock.list_stock(uow_factory(), limit=50, cursor=None, location_id=None)
    return {row.location_id: row.on_hand for row in page.items if row.variant_id == shop.variant_id}


async def test_a_transfer_is_created_shipped_and_received(web: httpx.AsyncClient, tenant, shop, uow_factory) -> None:  # type: ignore[no-untyped-def]
    await sign_in(web, tenant.slug, tenant.owner_email, tenant.owner_password)
    form = {"source_location_id": shop.warehouse, "destination_location_id": shop.store, "lines": "TEE-1 4"}
    created = await web.post("/console/inventory/transfers", data=form, headers=HX)
    assert created.headers.get("hx-redirect") == "/console/inventory/transfers", created.text

    listing = await web.get("/console/inventory/transfers")
    assert "TEE-1 × 4" in listing.text and 'data-status="draft"' in listing.text
    transfer_id = listing.text.split('data-transfer="')[1].split('"')[0]

    assert (await web.post(f"/console/inventory/transfers/{transfer_id}/ship", headers=HX)).status_code == 204
    assert await _on_hand(uow_factory, shop) == {shop.warehouse: 6}
    assert (await web.post(f"/console/inventory/transfers/{transfer_id}/receive", headers=HX)).status_code == 204
    assert await _on_hand(uow_factory, shop) == {shop.warehouse: 6, shop.store: 4}

    again = await web.post(f"/console/inventory/transfers/{transfer_id}/receive", headers=HX)
    assert again.headers.get("hx-retarget") == "#flash"
    assert await _on_hand(uow_factory, shop) == {shop.warehouse: 6, shop.store: 4}


async def test_shipping_more_than_is_there_is_refused_and_moves_nothing(web, tenant, shop, uow_factory) -> None:  # type: ignore[no-untyped-def]
    await sign_in(web, tenant.slug, tenant.owner_email, tenant.owner_password)
    form = {"source_location_id": shop.warehouse, "destination_location_id": shop.store, "lines": "TEE-1 11"}
    await web.post("/console/inventory/transfers", data=form, headers=HX)
    listing = await web.get("/console/inventory/transfers")
    transfer_id = listing.text.split('data-transfer="')[1].split('"')[0]
    refused = await web.post(f"/console/inventory/transfers/{transfer_id}/ship", headers=HX)
    assert refused.headers.get("hx-retarget") == "#flash"
    assert await _on_hand(uow_factory, shop) == {shop.warehouse: 10}


@pytest.mark.parametrize(
    ("lines", "message"),
    [("NOPE 2", "No variant has the SKU NOPE."), ("TEE-1 two", "Line 1: write a SKU"), ("", "Add at least one line")],
)
async def test_a_bad_transfer_form_shows_the_error_and_keeps_the_input(web, tenant, shop, lines, message) -> None:  # type: ignore[no-untyped-def]
    await sign_in(web, tenant.slug, tenant.owner_email, tenant.owner_password)
    await web.post("/console/locale", data={"locale": "en"}, headers=HX)
    form = {"source_location_id": shop.warehouse, "destination_location_id": shop.store, "lines": lines}
    response = await web.post("/console/inventory/transfers", data=form, headers=HX)
    assert response.status_code == 422
    assert 'data-error-for="lines"' in response.text and message in response.text
    assert f">{lines}</textarea>" in response.text
    assert 'data-transfer="' not in response.text


async def test_same_source_and_destination_is_refused(web, tenant, shop) -> None:  # type: ignore[no-untyped-def]
    await sign_in(web, tenant.slug, tenant.owner_email, tenant.owner_password)
    form = {"source_location_id": shop.store, "destination_location_id": shop.store, "lines": "TEE-1 1"}
    response = await web.post("/console/inventory/transfers", data=form, headers=HX)
    assert response.status_code == 422 and 'role="alert"' in response.text


async def test_a_clerk_sees_only_its_store(web, tenant, shop, uow_factory) -> None:  # type: ignore[no-untyped-def]
    await service_stock.receive_stock(uow_factory(), variant_id=shop.variant_id, location_id=shop.store, quantity=3)
    clerk = StaffCreate(email="clerk@shop.test", name="Clerk", password="clerk-pass-1", role="clerk", locale="en")
    await create_staff(uow_factory(), data=clerk.model_copy(update={"location_id": shop.store}))
    await sign_in(web, tenant.slug, "clerk@shop.test", "clerk-pass-1")

    stock = await web.get("/console/inventory")
    assert "Xuhui store" in stock.text and ">Warehouse<" not in stock.text
    assert 'href="/console/marketing"' not in stock.text and 'href="/console/orders/pickup"' in stock.text
    assert (await web.get("/console/marketing")).status_code == 403
    form = {"source_location_id": shop.warehouse, "destination_location_id": shop.store, "lines": "TEE-1 1"}
    assert (await web.post("/console/inventory/transfers", data=form, headers=HX)).status_code == 422
    assert await _on_hand(uow_factory, shop) == {shop.warehouse: 10, shop.store: 3}


def test_transfer_lines_accept_spaces_commas_and_tabs() -> None:
    assert read_lines("A 1\n\nB,2\nC\t3", str) == ([("A", 1), ("B", 2), ("C", 3)], None)
    assert read_lines("A 0", str)[1] is not None
    assert read_lines("A 1 2", str)[1] is not None


async def test_stock_is_adjusted_with_a_reason_and_counted(web, tenant, shop, uow_factory) -> None:  # type: ignore[no-untyped-def]
    await sign_in(web, tenant.slug, tenant.owner_email, tenant.owner_password)
    await web.post("/console/locale", data={"locale": "en"}, headers=HX)
    row = {"variant_id": shop.variant_id, "location_id": shop.warehouse}
    assert 'data-stocktakes="' in (await web.get("/console/inventory")).text
    returned = await web.post(
        "/console/inventory/adjustments", data={**row, "delta": "2", "reason": "return"}, headers=HX
    )
    # The row comes back as it now is, with a note of what was saved in the flash area (no reload).
    assert returned.status_code == 200 and "hx-refresh" not in returned.headers
    assert 'hx-swap-oob="innerHTML"' in returned.text and "TEE-1 at Warehouse now has 12 on hand" in returned.text
    assert await _on_hand(uow_factory, shop) == {shop.warehouse: 12}
    counted = await web.post("/console/inventory/stocktakes", data={**row, "counted": "7"}, headers=HX)
    assert "now has 7 on hand, 7 available" in counted.text and counted.text.lstrip().startswith("<tr")
    assert await _on_hand(uow_factory, shop) == {shop.warehouse: 7}
    ledger = await service_stock.list_ledger(uow_factory(), limit=10, cursor=None, variant_id=shop.variant_id)
    assert [(e.reason, e.delta_on_hand) for e in ledger.items][:2] == [("stocktake", -5), ("return", 2)]
    refused = await web.post("/console/inventory/stocktakes", data={**row, "counted": "-1"}, headers=HX)
    assert refused.headers.get("hx-retarget") == "#flash"
    assert await _on_hand(uow_factory, shop) == {shop.warehouse: 7}


async def test_goods_received_from_the_product_page_add_to_on_hand(web, tenant, shop, uow_factory) -> None:  # type: ignore[no-untyped-def]
    await sign_in(web, tenant.slug, tenant.owner_email, tenant.owner_password)
    row = {"variant_id": shop.variant_id, "location_id": shop.store}
    received = await web.post("/console/inventory/receipts", data={**row, "quantity": "6"}, headers=HX)
    assert received.headers.get("hx-refresh") == "true"
    assert await _on_hand(uow_factory, shop) == {shop.warehouse: 10, shop.store: 6}
    bad = await web.post("/console/inventory/receipts", data={**row, "quantity": "six"}, headers=HX)
    assert bad.headers.get("hx-retarget") == "#flash"
    assert await _on_hand(uow_factory, shop) == {shop.warehouse: 10, shop.store: 6}


async def test_stock_is_found_by_sku_or_product_and_low_stock_is_flagged(web, tenant, shop, uow_factory) -> None:  # type: ignore[no-untyped-def]
    other = await create_product(
        uow_factory(), data=ProductCreate(name="Mug", status="active", variants=[{"sku": "MUG-1", "price": 2900}])
    )
    await service_stock.receive_stock(
        uow_factory(), variant_id=other.variants[0].id, location_id=shop.warehouse, quantity=2
    )
    await sign_in(web, tenant.slug, tenant.owner_email, tenant.owner_password)
    await web.post("/console/locale", data={"locale": "en"}, headers=HX)
    for q, shown, hidden in (("tee-1", "TEE-1", "MUG-1"), ("Mug", "MUG-1", "TEE-1"), ("nothing", None, "TEE-1")):
        found = (await web.get("/console/inventory", params={"q": q})).text
        assert (shown is None or f"<td>{shown}</td>" in found) and f"<td>{hidden}</td>" not in found, q
    assert "No stock matches." in (await web.get("/console/inventory", params={"q": "nothing"})).text

    mug = (await service_stock.list_stock(uow_factory(), limit=5, variant_id=other.variants[0].id)).items[0]
    set_ = await web.post("/console/inventory/thresholds", data={"stock_id": mug.id, "threshold": "3"}, headers=HX)
    assert "MUG-1 at Warehouse: alert at 3 or fewer available." in set_.text and "data-low-stock" in set_.text
    low = (await web.get("/console/inventory", params={"low": "1"})).text
    assert "<td>MUG-1</td>" in low and "<td>TEE-1</td>" not in low and "Low stock" in low
    refused = await web.post("/console/inventory/thresholds", data={"stock_id": mug.id, "threshold": "-2"}, headers=HX)
    assert refused.headers.get("hx-retarget") == "#flash"
    cleared = await web.post("/console/inventory/thresholds", data={"stock_id": mug.id, "threshold": ""}, headers=HX)
    assert "No low-stock alert for MUG-1 at Warehouse." in cleared.text
    assert "<td>MUG-1</td>" not in (await web.get("/console/inventory", params={"low": "1"})).text
