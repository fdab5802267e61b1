"""Carts, checkout and orders over HTTP: the flow, idempotency, problem codes, tenancy."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from tests.conftest import new_tenant, staff_headers
from tests.e2e.checkout.conftest import shopper_headers
from tests.integration.checkout.conftest import ADDRESS


async def cart_with(client, headers, variant_id: str, quantity: int = 1) -> str:  # type: ignore[no-untyped-def]
    cart = await client.post("/api/v1/store/carts", headers=headers)
    assert cart.status_code == 201, cart.text
    added = await client.post(
        f"/api/v1/store/carts/{cart.json()['id']}/lines",
        json={"variant_id": variant_id, "quantity": quantity},
        headers=headers,
    )
    assert added.status_code == 200, added.text
    return cart.json()["id"]


def ship(cart_id: str, **extra) -> dict:  # type: ignore[no-untyped-def, type-arg]
    return {"cart_id": cart_id, "delivery": {"method": "ship", "address": ADDRESS}, **extra}


async def test_anonymous_cart_then_signed_in_checkout_then_my_orders(client, front) -> None:
    a = front.shop.variants[0]
    cart_id = await cart_with(client, front.anonymous, a, 2)
    priced = (await client.get(f"/api/v1/store/carts/{cart_id}", headers=front.anonymous)).json()
    assert (priced["subtotal"], priced["total"], priced["currency"]) == (2000, 2000, "CNY")
    assert priced["lines"][0]["unit_price"] == 1000 and priced["lines"][0]["discount"] == 0
    refused = await client.post(
        "/api/v1/store/checkout", json=ship(cart_id), headers={**front.anonymous, "Idempotency-Key": "k0"}
    )
    assert refused.status_code == 401
    merged = await client.post(f"/api/v1/store/carts/{cart_id}/merge", headers=front.shopper)
    assert merged.status_code == 200 and merged.json()["customer_id"] is not None
    placed = await client.post(
        "/api/v1/store/checkout",
        json=ship(cart_id, expected_total=2000),
        headers={**front.shopper, "Idempotency-Key": "k1"},
    )
    assert placed.status_code == 201, placed.text
    order = placed.json()
    assert order["status"] == "pending_payment" and order["total"] == 2000 and order["number"].startswith("SO")
    mine = (await client.get("/api/v1/store/orders", headers=front.shopper)).json()
    assert [o["id"] for o in mine["items"]] == [order["id"]]
    cancelled = await client.post(f"/api/v1/store/orders/{order['id']}/cancel", headers=front.shopper)
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    again = await client.post(f"/api/v1/store/orders/{order['id']}/cancel", headers=front.shopper)
    assert again.status_code == 409 and again.json()["code"] == "invalid_state"


async def test_price_changed_and_out_of_stock_are_clean_409s(client, front) -> None:
    a = front.shop.variants[0]
    cart_id = await cart_with(client, front.shopper, a, 1)
    changed = await client.post(
        "/api/v1/store/checkout",
        json=ship(cart_id, expected_total=1),
        headers={**front.shopper, "Idempotency-Key": "p1"},
    )
    assert changed.status_code == 409 and changed.json()["code"] == "price_changed" and changed.json()["total"] == 1000
    assert changed.headers["content-type"].startswith("application/problem+json")
    big = await cart_with(client, front.shopper, a, 25)
    out = await client.post(
        "/api/v1/store/checkout", json=ship(big), headers={**front.shopper, "Idempotency-Key": "p2"}
    )
    assert out.status_code == 409 and out.json()["code"] in ("out_of_stock", "unfulfillable")
    at_store = await cart_with(client, front.shopper, a, 11)  # the store holds 10
    pickup = {"cart_id": at_store, "delivery": {"method": "pickup", "location_id": front.shop.store.id}}
    short = await client.post(
        "/api/v1/store/checkout",
        json=pickup,
        headers={**front.shopper, "Idempotency-Key": "p4", "Accept-Language": "en"},
    )
    assert short.status_code == 409 and short.json()["code"] == "out_of_stock"
    assert "Only 10 of SKU000" in short.json()["detail"] and short.json()["requested"] == 11
    unknown = await client.post(
        "/api/v1/store/checkout",
        json={**ship(cart_id), "coupon": "X"},
        headers={**front.shopper, "Idempotency-Key": "p3"},
    )
    assert unknown.status_code == 422


async def test_same_key_replays_and_a_different_body_is_refused(client, front) -> None:
    cart_id = await cart_with(client, front.shopper, front.shop.variants[0])
    headers = {**front.shopper, "Idempotency-Key": "same"}
    first = await client.post("/api/v1/store/checkout", json=ship(cart_id), headers=headers)
    replay = await client.post("/api/v1/store/checkout", json=ship(cart_id), headers=headers)
    assert first.status_code == replay.status_code == 201 and first.json() == replay.json()
    other = await client.post("/api/v1/store/checkout", json=ship(cart_id, note="x"), headers=headers)
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"


@pytest.mark.pg_only
async def test_50_concurrent_checkouts_with_one_key_make_one_order(client, front, db, tenant) -> None:
    cart_id = await cart_with(client, front.shopper, front.shop.variants[0])
    headers = {**front.shopper, "Idempotency-Key": str(uuid.uuid4())}
    responses = await asyncio.gather(
        *(client.post("/api/v1/store/checkout", json=ship(cart_id), headers=headers) for _ in range(50))
    )
    done = [r for r in responses if r.status_code == 201]
    assert all(r.status_code in (201, 409) for r in responses)
    assert all(r.json()["code"] == "idempotency_in_progress" for r in responses if r.status_code == 409)
    assert done and len({r.json()["id"] for r in done}) == 1
    mine = (await client.get("/api/v1/store/orders", headers=front.shopper)).json()
    assert len(mine["items"]) == 1


async def test_staff_see_orders_of_their_tenant_only(client, front, db, tenant) -> None:
    cart_id = await cart_with(client, front.shopper, front.shop.variants[0])
    order = (
        await client.post(
            "/api/v1/store/checkout", json=ship(cart_id), headers={**front.shopper, "Idempotency-Key": "s"}
        )
    ).json()
    staff = await staff_headers(client, tenant)
    listed = (await client.get("/api/v1/admin/orders", params={"q": order["number"]}, headers=staff)).json()
    assert [o["id"] for o in listed["items"]] == [order["id"]]
    theirs = {"customer_id": order["customer_id"]}
    by_customer = (await client.get("/api/v1/admin/orders", params=theirs, headers=staff)).json()
    assert [o["id"] for o in by_customer["items"]] == [order["id"]]
    nobody = (await client.get("/api/v1/admin/orders", params={"customer_id": "nobody"}, headers=staff)).json()
    assert nobody["items"] == []
    detail = (await client.get(f"/api/v1/admin/orders/{order['id']}", headers=staff)).json()
    assert detail["history"][0]["to_status"] == "pending_payment"
    note = await client.post(f"/api/v1/admin/orders/{order['id']}/notes", json={"note": "gift wrap"}, headers=staff)
    assert note.status_code == 200
    moved = await client.patch(
        f"/api/v1/admin/orders/{order['id']}/address",
        json={"address": {**ADDRESS, "city": "宁波", "district": "海曙区"}},
        headers=staff,
    )
    assert moved.status_code == 200 and moved.json()["shipping_address"]["city"] == "宁波市"
    assert moved.json()["shipping_address"]["region_code"] == "330203"
    exported = await client.get("/api/v1/admin/orders/export.csv", headers=staff)
    assert exported.status_code == 200 and order["number"] in exported.text
    other = await new_tenant(db)
    other_staff = await staff_headers(client, other)
    assert (await client.get(f"/api/v1/admin/orders/{order['id']}", headers=other_staff)).status_code == 404
    stranger = await shopper_headers(client, tenant.slug, "stranger@example.com")
    assert (await client.get(f"/api/v1/store/orders/{order['id']}", headers=stranger)).status_code == 404
    assert (await client.get(f"/api/v1/store/carts/{cart_id}", headers=stranger)).status_code == 404


async def test_shipping_templates_crud_and_validation(client, tenant) -> None:
    staff = await staff_headers(client, tenant)
    base = "/api/v1/admin/shipping-templates"
    body = {"name": "快递", "mode": "per_piece", "first_units": 1, "first_fee": 800, "additional_fee": 200}
    created = await client.post(base, json=body, headers=staff)
    assert created.status_code == 201, created.text
    tid = created.json()["id"]
    bad = await client.post(base, json={**body, "mode": "same_city"}, headers=staff)
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_shipping_template"
    replaced = await client.put(f"{base}/{tid}", json={**body, "first_fee": 600}, headers=staff)
    assert replaced.json()["first_fee"] == 600
    assert [t["id"] for t in (await client.get(base, headers=staff)).json()] == [tid]
    assert (await client.delete(f"{base}/{tid}", headers=staff)).status_code == 204
    assert (await client.get(f"{base}/{tid}", headers=staff)).status_code == 404


async def test_signing_in_with_an_anonymous_cart_merges_it_into_the_account(client, front) -> None:
    anonymous_cart = await cart_with(client, front.anonymous, front.shop.variants[0], quantity=2)
    mine = await cart_with(client, front.shopper, front.shop.variants[1])
    signed_in = await client.post(
        "/api/v1/store/auth/token",
        json={"email": "buyer@example.com", "password": "shopper-pass-1", "cart_id": anonymous_cart},
        headers=front.anonymous,
    )
    assert signed_in.status_code == 200, signed_in.text
    headers = {"Authorization": f"Bearer {signed_in.json()['access_token']}", **front.anonymous}
    cart = (await client.get(f"/api/v1/store/carts/{mine}", headers=headers)).json()
    assert sorted((line["variant_id"], line["quantity"]) for line in cart["lines"]) == sorted(
        [(front.shop.variants[0], 2), (front.shop.variants[1], 1)]
    )
    gone = await client.post(
        f"/api/v1/store/carts/{anonymous_cart}/lines",
        json={"variant_id": front.shop.variants[0]},
        headers=front.anonymous,
    )
    assert gone.status_code in (404, 409)


async def test_my_cart_is_found_by_who_i_am_on_any_device(client, front) -> None:
    """The cart follows the shopper: a second device that never saw the cart's id finds it by the account."""
    assert (await client.get("/api/v1/store/carts/mine", headers=front.shopper)).status_code == 404
    phone = await cart_with(client, front.shopper, front.shop.variants[0], quantity=3)
    mine = await client.get("/api/v1/store/carts/mine", headers=front.shopper)
    assert mine.status_code == 200 and mine.json()["id"] == phone
    assert [(line["variant_id"], line["quantity"]) for line in mine.json()["lines"]] == [(front.shop.variants[0], 3)]
    assert mine.json()["purpose"] == "cart" and mine.json()["lines"][0]["title"] is not None
    assert (await client.get("/api/v1/store/carts/mine", headers=front.anonymous)).status_code == 401


async def test_registering_with_an_anonymous_cart_keeps_it(client, front) -> None:
    anonymous_cart = await cart_with(client, front.anonymous, front.shop.variants[1], quantity=2)
    registered = await client.post(
        "/api/v1/store/auth/register",
        json={"email": "newcomer@example.com", "password": "shopper-pass-1", "cart_id": anonymous_cart},
        headers=front.anonymous,
    )
    assert registered.status_code == 201, registered.text
    headers = {"Authorization": f"Bearer {registered.json()['access_token']}", **front.anonymous}
    cart = (await client.get("/api/v1/store/carts/mine", headers=headers)).json()
    assert [(line["variant_id"], line["quantity"]) for line in cart["lines"]] == [(front.shop.variants[1], 2)]
