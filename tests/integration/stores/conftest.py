"""Store-operations fixtures: the checkout shop (a warehouse and a store in 杭州) and orders placed to an address."""

from __future__ import annotations

from typing import Any

from shoal.checkout import service_checkout
from shoal.checkout.schemas import CheckoutRequest
from shoal.orders import service as orders
from shoal.orders.schemas import OrderRead
from tests.integration.checkout.conftest import ADDRESS, Shop, filled_cart

HANGZHOU_HOME = {**ADDRESS, "latitude": "30.280000", "longitude": "120.160000"}  # 1 km from the store
SHANGHAI_HOME = {
    "name": "李四", "phone": "13900139000", "province": "上海", "city": "上海", "district": "黄浦区",
    "line1": "南京东路 1 号", "latitude": "31.230400", "longitude": "121.473700",
}  # fmt: skip


async def order_to(
    shop: Shop, uow_factory: Any, delivery: dict[str, Any], variant_id: str, quantity: int = 1, **kw: str
) -> OrderRead:
    """Check out a cart of one line to ``delivery`` (a ship address, or ``{"method": "pickup", ...}``)."""
    cart = await filled_cart(shop, uow_factory, {variant_id: quantity}, **kw)
    body = {"method": "ship", "address": delivery} if "method" not in delivery else delivery
    request = CheckoutRequest.model_validate({"cart_id": cart.id, "delivery": body})
    return await service_checkout.checkout(
        shop.shopper(uow_factory, kw.get("customer_id")), tenant=shop.tenant.tenant, data=request, unpaid_minutes=30
    )


async def pay(uow_factory: Any, order: OrderRead, clock: Any) -> None:
    await orders.mark_paid(
        uow_factory(), order_id=order.id, payment_id="p-" + order.number, amount=order.total, paid_at=clock.now()
    )
