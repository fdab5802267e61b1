"""A write that names another object by id is refused when no such object exists in this tenant.

Each class of reference is tried with an id that exists nowhere and with another tenant's real id: both
answer the same 404 ``not_found`` (another tenant's object is as unknown as none), and nothing is written.
Catalog's own references in a product (brand, categories) keep their 422 field error ``unknown``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.conftest import new_tenant, staff_actor, staff_headers
from tests.e2e.checkout.conftest import shopper_headers
from tests.integration.checkout.conftest import add_product, make_shop

NOWHERE = "0192f0c0-0000-7000-8000-00000000dead"


@dataclass
class Foreign:
    """Real ids of another tenant."""

    variant_id: str
    location_id: str
    brand_id: str
    category_id: str
    coupon_id: str | None = None


@pytest.fixture
async def foreign(client, db) -> Foreign:  # type: ignore[no-untyped-def]
    other = await new_tenant(db, "other")
    staff = await staff_headers(client, other)
    location = await client.post(
        "/api/v1/admin/locations", json={"code": "WH-X", "kind": "warehouse", "name": "Theirs"}, headers=staff
    )
    brand = await client.post("/api/v1/admin/brands", json={"name": "Theirs"}, headers=staff)
    category = await client.post("/api/v1/admin/categories", json={"name": "Theirs"}, headers=staff)
    variant = await add_product(lambda: db.uow(tenant_id=other.id, actor=staff_actor()), "THEIRS-1", price=100)
    return Foreign(variant, location.json()["id"], brand.json()["id"], category.json()["id"])


@pytest.fixture
async def shop(client, uow_factory, tenant):  # type: ignore[no-untyped-def]
    return await make_shop(uow_factory, tenant, products=1)


def _refused(response, kind: str, the_id: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 404, response.text
    problem = response.json()
    assert (problem["code"], problem[f"{kind}_id"]) == ("not_found", the_id), problem


async def _ledger_size(client, staff) -> int:  # type: ignore[no-untyped-def]
    return len((await client.get("/api/v1/admin/stock/ledger", headers=staff)).json()["items"])


@pytest.mark.parametrize("which", ["nowhere", "foreign"])
async def test_stock_movements_refuse_unknown_variants(client, tenant, shop, foreign, which: str) -> None:
    staff = await staff_headers(client, tenant)
    variant = NOWHERE if which == "nowhere" else foreign.variant_id
    before = await _ledger_size(client, staff)
    here = shop.warehouse.id
    writes = [
        ("/api/v1/admin/stock/receipts", {"variant_id": variant, "location_id": here, "quantity": 5}),
        ("/api/v1/admin/stock/adjustments", {"variant_id": variant, "location_id": here, "delta": 5}),
        ("/api/v1/admin/stock/stocktakes", {"variant_id": variant, "location_id": here, "quantity": 5}),
        (
            "/api/v1/admin/transfers",
            {
                "source_location_id": here,
                "destination_location_id": shop.store.id,
                "lines": [{"variant_id": shop.variants[0], "quantity": 1}, {"variant_id": variant, "quantity": 1}],
            },
        ),
    ]
    for path, body in writes:
        _refused(await client.post(path, json=body, headers=staff), "variant", variant)
    assert await _ledger_size(client, staff) == before
    assert (await client.get("/api/v1/admin/transfers", headers=staff)).json()["items"] == []
    stock = await client.get("/api/v1/admin/stock", params={"variant_id": variant}, headers=staff)
    assert stock.json()["items"] == []


async def test_stock_movements_refuse_another_tenants_location(client, tenant, shop, foreign) -> None:
    staff = await staff_headers(client, tenant)
    body = {"variant_id": shop.variants[0], "location_id": foreign.location_id, "quantity": 5}
    _refused(
        await client.post("/api/v1/admin/stock/receipts", json=body, headers=staff), "location", body["location_id"]
    )


@pytest.mark.parametrize("which", ["nowhere", "foreign"])
async def test_staff_cannot_be_tied_to_an_unknown_store(client, tenant, foreign, which: str) -> None:
    staff = await staff_headers(client, tenant)
    location = NOWHERE if which == "nowhere" else foreign.location_id
    body = {"email": "clerk@example.com", "name": "Clerk", "password": "clerk-pass-123", "role": "clerk"}
    _refused(
        await client.post("/api/v1/admin/staff", json={**body, "location_id": location}, headers=staff),
        "location",
        location,
    )
    assert [u["email"] for u in (await client.get("/api/v1/admin/staff", headers=staff)).json()] == [tenant.owner_email]
    created = await client.post("/api/v1/admin/staff", json=body, headers=staff)
    assert created.status_code == 201, created.text
    moved = await client.patch(
        f"/api/v1/admin/staff/{created.json()['id']}", json={"location_id": location}, headers=staff
    )
    _refused(moved, "location", location)
    listed = (await client.get("/api/v1/admin/staff", headers=staff)).json()
    assert [u["location_id"] for u in listed if u["email"] == "clerk@example.com"] == [None]


async def test_shipping_templates_refuse_another_tenants_store(client, tenant, foreign) -> None:
    staff = await staff_headers(client, tenant)
    body = {"name": "同城", "mode": "same_city", "location_id": foreign.location_id, "radius_metres": 5000}
    body["bands"] = [{"up_to_metres": 5000, "fee": 500}]
    _refused(
        await client.post("/api/v1/admin/shipping-templates", json=body, headers=staff), "location", foreign.location_id
    )


async def test_carts_refuse_another_tenants_variant(client, tenant, shop, foreign) -> None:
    shopper = await shopper_headers(client, tenant.slug, "buyer@example.com")
    cart = (await client.post("/api/v1/store/carts", headers=shopper)).json()
    added = await client.post(
        f"/api/v1/store/carts/{cart['id']}/lines", json={"variant_id": foreign.variant_id}, headers=shopper
    )
    assert added.status_code in (404, 409, 422), added.text
    assert (await client.get(f"/api/v1/store/carts/{cart['id']}", headers=shopper)).json()["lines"] == []


async def test_products_refuse_another_tenants_brand_and_categories(client, tenant, foreign) -> None:
    staff = await staff_headers(client, tenant)
    base = {"name": "茶", "price": 100, "sku": "TEA-1"}
    for extra, field in (
        ({"brand_id": foreign.brand_id}, "brand_id"),
        ({"category_ids": [foreign.category_id]}, "category_ids"),
    ):
        refused = await client.post("/api/v1/admin/products", json={**base, **extra}, headers=staff)
        assert refused.status_code == 422, refused.text
        assert [(e["field"], e["code"]) for e in refused.json()["errors"]] == [(field, "unknown")]
    assert (await client.get("/api/v1/admin/products", headers=staff)).json()["items"] == []


async def test_checkout_refuses_another_tenants_pickup_store(client, tenant, shop, foreign) -> None:
    shopper = await shopper_headers(client, tenant.slug, "buyer@example.com")
    cart = (await client.post("/api/v1/store/carts", headers=shopper)).json()
    await client.post(f"/api/v1/store/carts/{cart['id']}/lines", json={"variant_id": shop.variants[0]}, headers=shopper)
    pickup = {"cart_id": cart["id"], "delivery": {"method": "pickup", "location_id": foreign.location_id}}
    refused = await client.post("/api/v1/store/checkout", json=pickup, headers={**shopper, "Idempotency-Key": "a"})
    assert refused.status_code == 422 and refused.json()["code"] == "pickup_unavailable"
    assert (await client.get("/api/v1/store/orders", headers=shopper)).json()["items"] == []


@pytest.mark.parametrize("which", ["nowhere", "foreign"])
async def test_an_exchange_refuses_an_unknown_replacement(client, tenant, shop, foreign, which: str) -> None:
    replacement = NOWHERE if which == "nowhere" else foreign.variant_id
    shopper = await shopper_headers(client, tenant.slug, "buyer@example.com")
    cart = (await client.post("/api/v1/store/carts", headers=shopper)).json()
    await client.post(f"/api/v1/store/carts/{cart['id']}/lines", json={"variant_id": shop.variants[0]}, headers=shopper)
    pickup = {"cart_id": cart["id"], "delivery": {"method": "pickup", "location_id": shop.store.id}}
    order = (
        await client.post("/api/v1/store/checkout", json=pickup, headers={**shopper, "Idempotency-Key": "x"})
    ).json()
    payment = await client.post(
        f"/api/v1/store/orders/{order['id']}/payments", json={"provider": "mock"}, headers=shopper
    )
    staff = await staff_headers(client, tenant)
    paid = await client.post(f"/api/v1/payments/mock/{payment.json()['id']}/succeed", headers=staff)
    assert paid.status_code == 200, paid.text
    line = {"order_line_id": order["lines"][0]["id"], "quantity": 1, "replacement_variant_id": replacement}
    body = {"kind": "exchange", "lines": [line], "reason_code": "wrong_size"}
    asked = await client.post(f"/api/v1/store/orders/{order['id']}/after-sales", json=body, headers=shopper)
    _refused(asked, "variant", replacement)
    assert (await client.get("/api/v1/admin/after-sales", headers=staff)).json()["items"] == []
