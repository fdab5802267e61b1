"""After-sales fixtures: a paid two-line order (with a discount and shipping) and a mock payment registry."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from shoal.core.actors import Actor
from shoal.inventory import service as inventory
from shoal.inventory.rules import ReserveLine
from shoal.inventory.schemas import LocationCreate, LocationRead
from shoal.orders import service as orders
from shoal.orders.schemas import DraftLine, OrderDraft, OrderRead
from shoal.orders.service_queries import get_order_detail
from shoal.payments import service as payments
from shoal.payments.config import ProviderRegistry, build_registry
from shoal.payments.schemas import PaymentStart
from tests.stand_ins import stand_in_for_catalog

CUSTOMER = "0192f0c0-0000-7000-8000-0000000a5a1e"
TEA, CUP = "0192f0c0-0000-7000-8000-0000000000b1", "0192f0c0-0000-7000-8000-0000000000b2"


@dataclass
class PaidOrder:
    order: OrderRead
    warehouse: LocationRead
    providers: ProviderRegistry

    def line(self, variant: str) -> str:
        return next(line.id for line in self.order.lines if line.variant_id == variant)


def shopper(uow_factory, customer_id: str = CUSTOMER):  # type: ignore[no-untyped-def]
    return uow_factory(Actor(kind="shopper", id=customer_id))


def _line(variant: str, unit: int, quantity: int, discount: int, location: str) -> DraftLine:
    return DraftLine(
        variant_id=variant, product_id=variant, sku=variant[-4:], name={"zh-CN": "茶", "en": "Tea"}, title="",
        options=[], image=None, unit_price=unit, quantity=quantity, discount=discount,
        line_total=unit * quantity - discount, location_id=location,
    )  # fmt: skip


@pytest.fixture
async def paid(uow_factory, tenant, clock) -> PaidOrder:  # type: ignore[no-untyped-def]
    return await make_paid(uow_factory, tenant, clock, CUSTOMER)


async def make_paid(uow_factory, tenant, clock, customer_id: str) -> PaidOrder:  # type: ignore[no-untyped-def]
    """Tea: 3 × 350 − 50 = 1000; cup: 1 × 500; shipping 800; total 2300, paid with the mock."""
    warehouse = await inventory.create_location(
        uow_factory(), data=LocationCreate(code="WH-AS", kind="warehouse", name="WH", priority=1)
    )
    for variant in (TEA, CUP):
        await inventory.receive_stock(uow_factory(), variant_id=variant, location_id=warehouse.id, quantity=10)
    draft = OrderDraft(
        customer_id=customer_id, currency="CNY", subtotal=1550, discount=50, shipping_fee=800, total=2300,
        delivery_method="ship", lines=[_line(TEA, 350, 3, 50, warehouse.id), _line(CUP, 500, 1, 0, warehouse.id)],
        reserve=[ReserveLine(TEA, warehouse.id, 3), ReserveLine(CUP, warehouse.id, 1)], unpaid_minutes=30,
    )  # fmt: skip
    order = await orders.place_order(uow_factory(), tenant=tenant.tenant, draft=draft)
    providers = build_registry(clock=clock, mock_enabled=True)
    payment = await payments.start_payment(
        shopper(uow_factory, customer_id), providers=providers, order_id=order.id, customer_id=customer_id,
        data=PaymentStart(provider="mock"),
    )  # fmt: skip
    await payments.mock_succeed(uow_factory(), providers=providers, payment_id=payment.id)
    detail = await get_order_detail(uow_factory(), order_id=order.id)
    assert detail.status == "paid"
    return PaidOrder(detail, warehouse, providers)


@pytest.fixture(autouse=True)
def _catalog_stood_in(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests use made-up variant ids (``tests.stand_ins``)."""
    stand_in_for_catalog(monkeypatch)
