"""Orders fixtures: the checkout shop, and a helper that places an order through checkout."""

from __future__ import annotations

import pytest

from shoal.checkout import service_checkout
from shoal.checkout.schemas import CheckoutRequest
from shoal.orders.schemas import OrderRead
from tests.integration.checkout.conftest import ADDRESS, Shop, filled_cart, make_shop


@pytest.fixture
async def shop(uow_factory, tenant) -> Shop:  # type: ignore[no-untyped-def]
    return await make_shop(uow_factory, tenant)


async def place(
    shop: Shop, uow_factory, lines: dict[str, int], customer_id: str | None = None, **delivery
) -> OrderRead:  # type: ignore[no-untyped-def]
    cart = await filled_cart(shop, uow_factory, lines, customer_id)
    body = {"cart_id": cart.id, "delivery": delivery or {"method": "ship", "address": ADDRESS}}
    return await service_checkout.checkout(
        shop.shopper(uow_factory, customer_id),
        tenant=shop.tenant.tenant,
        data=CheckoutRequest.model_validate(body),
        unpaid_minutes=30,
    )
