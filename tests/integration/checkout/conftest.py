"""Checkout fixtures: a shop with products in a warehouse and a store, a signed-in shopper, a cart helper."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from shoal.catalog.schemas import ProductCreate
from shoal.catalog.service import create_product
from shoal.checkout import service as carts
from shoal.checkout.schemas import CartLineAdd, CartRead
from shoal.core.actors import Actor
from shoal.core.uow import UnitOfWork
from shoal.customers.schemas import CustomerCreate
from shoal.customers.service import create_customer
from shoal.inventory import service as inventory
from shoal.inventory.schemas import LocationCreate, LocationRead
from shoal.inventory.service_stock import receive_stock

ADDRESS = {
    "name": "张三",
    "phone": "13800138000",
    "province": "浙江",
    "city": "杭州",
    "district": "西湖区",
    "line1": "龙井路 1 号",
}


@dataclass
class Shop:
    tenant: Any
    warehouse: LocationRead
    store: LocationRead
    variants: list[str]
    customer_id: str

    def shopper(self, uow_factory, customer_id: str | None = None) -> UnitOfWork:  # type: ignore[no-untyped-def]
        return uow_factory(Actor(kind="shopper", id=customer_id or self.customer_id))


async def add_product(uow_factory, sku: str, price: int, weight: int = 500, status: str = "active") -> str:  # type: ignore[no-untyped-def]
    data = ProductCreate(name=f"茶 {sku}", status=status, price=price, weight_grams=weight, sku=sku, handle=sku.lower())
    product = await create_product(uow_factory(), data=data)
    return product.variants[0].id


async def stock(uow_factory, variant_id: str, location_id: str, quantity: int) -> None:  # type: ignore[no-untyped-def]
    await receive_stock(uow_factory(), variant_id=variant_id, location_id=location_id, quantity=quantity)


async def new_customer(uow_factory, email: str) -> str:  # type: ignore[no-untyped-def]
    return (await create_customer(uow_factory(), data=CustomerCreate(email=email, name="Shopper"))).id


async def make_shop(uow_factory, tenant, *, products: int = 2, quantity: int = 10) -> Shop:  # type: ignore[no-untyped-def]
    warehouse = await inventory.create_location(
        uow_factory(), data=LocationCreate(code="WH-1", kind="warehouse", name="Warehouse", priority=1)
    )
    store = await inventory.create_location(
        uow_factory(),
        data=LocationCreate(
            code="ST-1", kind="store", name="Store", latitude=Decimal("30.2741"), longitude=Decimal("120.1551"),
            pickup_enabled=True,
        ),
    )  # fmt: skip
    variants = []
    for i in range(products):
        variant = await add_product(uow_factory, f"SKU{i:03d}", price=1000 + 100 * i)
        await stock(uow_factory, variant, warehouse.id, quantity)
        await stock(uow_factory, variant, store.id, quantity)
        variants.append(variant)
    customer = await new_customer(uow_factory, "shopper@example.com")
    return Shop(tenant, warehouse, store, variants, customer)


@pytest.fixture
async def shop(uow_factory, tenant) -> Shop:  # type: ignore[no-untyped-def]
    return await make_shop(uow_factory, tenant)


async def filled_cart(shop: Shop, uow_factory, lines: dict[str, int], customer_id: str | None = None) -> CartRead:  # type: ignore[no-untyped-def]
    cart = await carts.create_cart(shop.shopper(uow_factory, customer_id), tenant=shop.tenant.tenant, locale="en")
    for variant_id, quantity in lines.items():
        cart = await carts.add_line(
            shop.shopper(uow_factory, customer_id),
            tenant=shop.tenant.tenant,
            locale="en",
            cart_id=cart.id,
            data=CartLineAdd(variant_id=variant_id, quantity=quantity),
        )
    return cart
