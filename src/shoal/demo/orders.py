"""A handful of demo orders, so the console's dashboard, order list, members and after-sales pages open on a
shop that has sold something: placed at checkout by demo shoppers, paid with the mock provider, then moved on
through the same services the console uses (shipped, completed, refunded) or left waiting (to ship, to pick up).

Loading twice adds nothing: a shopper who already has an order is skipped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from shoal.checkout import service as carts
from shoal.checkout import service_checkout
from shoal.checkout.schemas import CartLineAdd, CheckoutRequest
from shoal.core.actors import SYSTEM, Actor
from shoal.core.tenancy import Tenant
from shoal.core.uow import Database, UnitOfWork
from shoal.customers import service as customers
from shoal.inventory import service as inventory
from shoal.inventory.schemas import LocationRead
from shoal.orders import service as orders
from shoal.orders import service_admin
from shoal.orders import service_queries as order_queries
from shoal.orders.schemas import OrderRead, RemainingShipmentCreate
from shoal.payments import service as payments
from shoal.payments import service_refunds
from shoal.payments.config import build_registry
from shoal.payments.schemas import PaymentStart, RefundCreate

ADDRESS = {
    "name": "林小青",
    "phone": "13800138000",
    "province": "上海市",
    "city": "上海市",
    "district": "黄浦区",
    "line1": "马当路 245 号",
}


@dataclass(frozen=True)
class DemoOrder:
    shopper: int  # shopper<n>@demo.shoal
    sku: str
    quantity: int
    ends: str  # paid (to ship) | pickup (waiting at the store) | shipped | completed | refunded


ORDERS = (
    DemoOrder(1, "QY-001-01", 2, "paid"),
    DemoOrder(2, "QY-002-01", 1, "shipped"),
    DemoOrder(3, "QY-003-01", 3, "completed"),
    DemoOrder(4, "QY-004-01", 1, "refunded"),
    DemoOrder(5, "", 1, "pickup"),  # the first SKU the store has
    DemoOrder(6, "QY-006-01", 2, "paid"),
)
PICKUP_STORE = "ST-SH-XTD"


async def load_orders(
    db: Database, tenant: Tenant, variants: dict[str, str], locations: dict[str, LocationRead]
) -> int:
    """Place the demo orders not placed yet; ``variants`` maps SKU to variant id. Returns how many were placed."""
    providers = build_registry(clock=db.clock, mock_enabled=True)
    work = lambda actor=SYSTEM: db.uow(tenant_id=tenant.id, actor=actor)  # noqa: E731
    placed = 0
    for spec in ORDERS:
        found = await customers.list_customers(work(), limit=1, cursor=None, q=f"shopper{spec.shopper}@demo.shoal")
        customer_id = found.items[0].id
        if (await order_queries.list_orders(work(), customer_id=customer_id, limit=1, cursor=None)).items:
            continue
        shopper = lambda: work(Actor(kind="shopper", id=customer_id))  # noqa: B023, E731
        store_id = locations[PICKUP_STORE].id
        variant_id = variants[spec.sku] if spec.sku else await _in_store(work(), variants, store_id)
        order = await _checkout(shopper, tenant, variant_id, spec, store_id)
        payment = await payments.start_payment(
            shopper(),
            providers=providers,
            order_id=order.id,
            customer_id=customer_id,
            data=PaymentStart(provider="mock"),
        )
        await payments.mock_succeed(work(), providers=providers, payment_id=payment.id)
        if spec.ends in ("shipped", "completed"):
            shipment = RemainingShipmentCreate(carrier="sf", tracking_number=f"SF10{order.number[-8:]}")
            await service_admin.ship_remaining(work(), order_id=order.id, data=shipment)
        if spec.ends == "completed":
            await orders.confirm_receipt(shopper(), order_id=order.id)
        if spec.ends == "refunded":
            refund = RefundCreate(amount=order.total, reason="演示：顾客不想要了")
            await service_refunds.refund(work(), providers=providers, payment_id=payment.id, data=refund)
        placed += 1
    return placed


async def _in_store(uow: UnitOfWork, variants: dict[str, str], store_id: str) -> str:
    """The first variant (by SKU) the store has on its shelf, for the demo's pickup order."""
    ordered = [variants[sku] for sku in sorted(variants)]
    available = await inventory.availability(uow, variant_ids=ordered, location_ids=[store_id])
    return next(v for v in ordered if available[v] > 0)


async def _checkout(
    shopper: Callable[[], UnitOfWork], tenant: Tenant, variant_id: str, spec: DemoOrder, store_id: str
) -> OrderRead:
    cart = await carts.create_cart(shopper(), tenant=tenant, locale="zh-CN")
    line = CartLineAdd(variant_id=variant_id, quantity=spec.quantity)
    await carts.add_line(shopper(), tenant=tenant, locale="zh-CN", cart_id=cart.id, data=line)
    delivery = (
        {"method": "pickup", "location_id": store_id}
        if spec.ends == "pickup"
        else {"method": "ship", "address": ADDRESS}
    )
    request = CheckoutRequest.model_validate({"cart_id": cart.id, "delivery": delivery, "coupon_ids": []})
    return await service_checkout.checkout(shopper(), tenant=tenant, data=request, unpaid_minutes=30)
