"""An order that costs nothing (a free product, or a coupon covering everything) is paid at checkout.

No provider takes 0 fen (and a payment of 0 broke a CHECK: a 500), so there is no payment to start: the
order is paid at once, its units sold, and an attempt to pay it anyway is a clean 409.
"""

from __future__ import annotations

import uuid

from tests.integration.checkout.conftest import add_product, stock


async def test_a_free_order_is_paid_at_checkout_and_needs_no_payment(client, front, uow_factory) -> None:  # type: ignore[no-untyped-def]
    free = await add_product(uow_factory, "GIFT-BOX", price=0)
    await stock(uow_factory, free, front.shop.store.id, 5)
    cart = (await client.post("/api/v1/store/carts", json={}, headers=front.shopper)).json()
    added = await client.post(
        f"/api/v1/store/carts/{cart['id']}/lines", json={"variant_id": free, "quantity": 2}, headers=front.shopper
    )
    assert added.status_code in (200, 201), added.text
    placed = await client.post(
        "/api/v1/store/checkout",
        json={"cart_id": cart["id"], "delivery": {"method": "pickup", "location_id": front.shop.store.id}},
        headers={**front.shopper, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert placed.status_code == 201, placed.text
    order = placed.json()
    assert (order["status"], order["total"], order["paid_amount"]) == ("paid", 0, 0)

    pay = await client.post(
        f"/api/v1/store/orders/{order['id']}/payments", json={"provider": "mock"}, headers=front.shopper
    )
    assert pay.status_code == 409 and pay.json()["code"] == "order_not_payable"
    mine = await client.get(f"/api/v1/store/orders/{order['id']}", headers=front.shopper)
    assert mine.json()["status"] == "paid"
    assert [e["to_status"] for e in mine.json().get("history", [])][-1:] in ([], ["paid"])
