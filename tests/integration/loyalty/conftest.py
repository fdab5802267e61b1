"""Loyalty fixtures: shoppers, levels, and an order placed, paid (mock), shipped and received."""

from __future__ import annotations

from sqlalchemy import func, select

from shoal.checkout import service_checkout
from shoal.checkout.schemas import CheckoutRequest
from shoal.core.actors import Actor
from shoal.loyalty import service_levels
from shoal.loyalty.models import Member, PointsEntry
from shoal.loyalty.schemas import LevelCreate
from shoal.orders import service as orders
from shoal.orders import service_admin
from shoal.orders.schemas import RemainingShipmentCreate
from tests.integration.checkout.conftest import ADDRESS, filled_cart, new_customer, shop
from tests.integration.group_buy.conftest import drain, pay

__all__ = ["drain", "new_customer", "shop", "shopper"]


def shopper(uow_factory, customer_id: str):  # type: ignore[no-untyped-def]
    return uow_factory(Actor(kind="shopper", id=customer_id))


async def add_levels(uow_factory, *levels: tuple[str, int, int]) -> None:  # type: ignore[no-untyped-def]
    """Levels as (code, threshold, points multiplier percent)."""
    for code, threshold, multiplier in levels:
        data = LevelCreate(code=code, name=f"Level {code}", threshold=threshold, points_multiplier=multiplier)
        await service_levels.create_level(uow_factory(), data=data)


async def ledger_sum(uow, customer_id: str) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """(the member's balance, the sum of their ledger)."""
    async with uow:
        balance = (
            await uow.s.execute(select(func.coalesce(func.sum(Member.points), 0)).where(
                Member.tenant_id == uow.tenant_id, Member.customer_id == customer_id))
        ).scalar_one()  # fmt: skip
        total = (
            await uow.s.execute(select(func.coalesce(func.sum(PointsEntry.points), 0)).where(
                PointsEntry.tenant_id == uow.tenant_id, PointsEntry.customer_id == customer_id))
        ).scalar_one()  # fmt: skip
        return int(balance), int(total)


async def bought(shop, uow_factory, db, clock, *, quantity: int = 1) -> str:  # type: ignore[no-untyped-def]
    """An order of the shop's shopper, paid with the mock: its id (events delivered)."""
    cart = await filled_cart(shop, uow_factory, {shop.variants[0]: quantity})
    request = CheckoutRequest.model_validate({"cart_id": cart.id, "delivery": {"method": "ship", "address": ADDRESS}})
    order = await service_checkout.checkout(
        shop.shopper(uow_factory), tenant=shop.tenant.tenant, data=request, unpaid_minutes=30
    )
    await pay(uow_factory, clock, order.id, shop.customer_id)
    await drain(db)
    return order.id


async def received(shop, uow_factory, db, order_id: str) -> None:  # type: ignore[no-untyped-def]
    """Ship the order whole and let the shopper confirm receipt: it is completed (events delivered)."""
    parcel = RemainingShipmentCreate(carrier="sf", tracking_number="SF1234567890")
    await service_admin.ship_remaining(uow_factory(), order_id=order_id, data=parcel)
    await orders.confirm_receipt(shop.shopper(uow_factory), order_id=order_id)
    await drain(db)
