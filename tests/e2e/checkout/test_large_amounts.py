"""Large orders: amounts beyond 2³¹ fen are stored (64-bit columns); beyond ``MAX_AMOUNT`` they are refused."""

from __future__ import annotations

import pytest

from shoal.core.money import MAX_AMOUNT
from tests.conftest import staff_headers
from tests.e2e.checkout.test_checkout_api import cart_with, ship
from tests.integration.checkout.conftest import add_product, stock

THIRTY_THOUSAND_YUAN = 3_000_000  # fen
QUANTITY = 999  # the most of one item a cart holds


@pytest.mark.pg_only
async def test_999_items_at_30000_yuan_check_out_and_pay(client, front, uow_factory, tenant) -> None:
    variant = await add_product(uow_factory, "GOLD-1", price=THIRTY_THOUSAND_YUAN)
    await stock(uow_factory, variant, front.shop.warehouse.id, QUANTITY)
    cart_id = await cart_with(client, front.shopper, variant, QUANTITY)
    total = QUANTITY * THIRTY_THOUSAND_YUAN
    assert total > 2**31
    placed = await client.post(
        "/api/v1/store/checkout", json=ship(cart_id), headers={**front.shopper, "Idempotency-Key": "gold"}
    )
    assert placed.status_code == 201, placed.text
    order = placed.json()
    assert order["total"] == total
    started = await client.post(
        f"/api/v1/store/orders/{order['id']}/payments", json={"provider": "mock"}, headers=front.shopper
    )
    assert started.status_code == 201, started.text
    assert started.json()["amount"] == total
    staff = await staff_headers(client, tenant)
    paid = await client.post(f"/api/v1/payments/mock/{started.json()['id']}/succeed", headers=staff)
    assert paid.status_code == 200, paid.text
    seen = (await client.get(f"/api/v1/admin/orders/{order['id']}", headers=staff)).json()
    assert (seen["status"], seen["paid_amount"]) == ("paid", total)


async def test_an_order_above_the_maximum_is_a_clean_422_and_writes_nothing(client, front, uow_factory) -> None:
    variant = await add_product(uow_factory, "YACHT-1", price=MAX_AMOUNT)
    await stock(uow_factory, variant, front.shop.warehouse.id, 2)
    cart_id = await cart_with(client, front.shopper, variant, 2)
    refused = await client.post(
        "/api/v1/store/checkout",
        json=ship(cart_id),
        headers={**front.shopper, "Idempotency-Key": "yacht", "Accept-Language": "zh-CN"},
    )
    assert refused.status_code == 422, refused.text
    problem = refused.json()
    assert problem["code"] == "order_total_too_large"
    assert (problem["total"], problem["maximum"]) == (2 * MAX_AMOUNT, MAX_AMOUNT)
    assert "订单" in problem["detail"]
    assert (await client.get("/api/v1/store/orders", headers=front.shopper)).json()["items"] == []
    cart = await client.get(f"/api/v1/store/carts/{cart_id}", headers=front.shopper)
    assert cart.json()["status"] == "active"


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/admin/shipping-templates", {"name": "x", "mode": "per_piece", "free_over": MAX_AMOUNT + 1}),
        ("/api/v1/admin/products", {"name": "x", "price": MAX_AMOUNT + 1, "sku": "BIG"}),
    ],
)
async def test_amounts_above_the_maximum_are_refused(client, tenant, path: str, body: dict) -> None:  # type: ignore[type-arg]
    refused = await client.post(path, json=body, headers=await staff_headers(client, tenant))
    assert refused.status_code == 422, refused.text
