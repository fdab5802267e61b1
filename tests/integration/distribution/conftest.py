"""Distribution fixtures: a shop with a warehouse of 西湖龙井, shoppers with Chinese names and phones, a
promoter (王小明, invited by 陈店长), a default rule (10% to the promoter, 3% to its inviter), and orders
placed and paid through the orders service (variants stood in for catalog)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import pytest

from shoal.core.actors import Actor
from shoal.core.dispatcher import dispatch_pending
from shoal.customers.schemas import CustomerCreate
from shoal.customers.service import create_customer
from shoal.distribution import service, service_binding, service_promoters
from shoal.distribution.schemas import AppointIn, BindIn, RuleIn, TermsIO
from shoal.inventory import service as inventory
from shoal.inventory.rules import ReserveLine
from shoal.inventory.schemas import LocationCreate
from shoal.orders import service as orders
from shoal.orders.schemas import DraftLine, OrderDraft, OrderRead
from tests.stand_ins import stand_in_for_catalog

TEA = "0192f0c0-0000-7000-8000-00000000c7ea"


@dataclass
class Programme:
    warehouse: str
    leader: str  # 陈店长's promoter id (the inviter)
    promoter: str  # 王小明's promoter id
    promoter_code: str
    promoter_customer: str
    shoppers: list[str]  # 李娜, 张伟, 刘洋 (customer ids)


async def customer(uow_factory, name: str, phone: str) -> str:  # type: ignore[no-untyped-def]
    return (await create_customer(uow_factory(), data=CustomerCreate(name=name, phone=phone))).id


def shopper(uow_factory, customer_id: str):  # type: ignore[no-untyped-def]
    return uow_factory(Actor(kind="shopper", id=customer_id))


async def set_terms(uow_factory, **terms: object) -> None:  # type: ignore[no-untyped-def]
    await service.save_terms(uow_factory(), data=TermsIO.model_validate(terms))


async def bind(uow_factory, customer_id: str, code: str):  # type: ignore[no-untyped-def]
    return await service_binding.bind_by_code(shopper(uow_factory, customer_id), data=BindIn(code=code))


@pytest.fixture
async def programme(uow_factory, db, tenant, monkeypatch: pytest.MonkeyPatch) -> Programme:  # type: ignore[no-untyped-def]
    stand_in_for_catalog(monkeypatch)
    location = await inventory.create_location(
        uow_factory(), data=LocationCreate(code="HZ-WH", kind="warehouse", name="杭州仓")
    )
    await inventory.receive_stock(uow_factory(), variant_id=TEA, location_id=location.id, quantity=500)
    leader_customer = await customer(uow_factory, "陈店长", "13900001111")
    leader = await service_promoters.appoint(
        uow_factory(), data=AppointIn(customer_id=leader_customer, name="陈店长", store_id=location.id)
    )
    promoter_customer = await customer(uow_factory, "王小明", "13800002222")
    promoter = await service_promoters.appoint(
        uow_factory(), data=AppointIn(customer_id=promoter_customer, name="王小明")
    )
    async with uow_factory() as uow:  # 王小明 was invited by 陈店长
        row = await service_promoters.load_promoter(uow, promoter.id)
        row.inviter_id = leader.id
        await uow.commit()
    shoppers = [await customer(uow_factory, name, phone) for name, phone in
                (("李娜", "13700003333"), ("张伟", "13600004444"), ("刘洋", "13500005555"))]  # fmt: skip
    await service.save_rule(uow_factory(), data=RuleIn(scope="default", mode="percent", tier1=1000, tier2=300))
    return Programme(location.id, leader.id, promoter.id, promoter.code, promoter_customer, shoppers)


async def paid_order(uow_factory, tenant, programme: Programme, customer_id: str, amounts: list[int],  # type: ignore[no-untyped-def]
                     shipping: int = 0) -> OrderRead:  # fmt: skip
    """An order of 西湖龙井 lines (each line its paid amount after discounts) and its shipping, placed and paid."""
    lines = [
        DraftLine(variant_id=TEA, product_id=TEA, sku="LJ-250", name={"zh-CN": "西湖龙井 250g", "en": "Longjing 250g"},
                  title="250g", options=[], image=None, unit_price=amount, quantity=1, discount=0, line_total=amount,
                  location_id=programme.warehouse)
        for amount in amounts
    ]  # fmt: skip
    total = sum(amounts) + shipping
    draft = OrderDraft(customer_id=customer_id, currency="CNY", subtotal=sum(amounts), discount=0,
                       shipping_fee=shipping, total=total, delivery_method="shipping", lines=lines,
                       reserve=[ReserveLine(TEA, programme.warehouse, len(amounts))], unpaid_minutes=30)  # fmt: skip
    order = await orders.place_order(uow_factory(), tenant=tenant.tenant, draft=draft)
    outcome = await orders.mark_paid(uow_factory(), order_id=order.id, payment_id=f"pay-{uuid.uuid4().hex[:8]}",
                                     amount=total, paid_at=order.created_at)  # fmt: skip
    assert outcome == "paid"
    return order


async def drain(db) -> None:  # type: ignore[no-untyped-def]
    for _ in range(20):
        if await dispatch_pending(db) == 0:
            return


async def settled_balance(db, tenant, uow_factory, clock, programme: Programme, amount: int) -> None:  # type: ignore[no-untyped-def]
    """Give 王小明 ``amount`` of settled commission: 李娜 buys (10 × amount), receives, the window passes."""
    from shoal.distribution import service_commission

    li_na = programme.shoppers[0]
    await bind(uow_factory, li_na, programme.promoter_code)
    order = await paid_order(uow_factory, tenant, programme, li_na, [amount * 10])
    await service_commission.record_paid_order(db, tenant.id, order_id=order.id)
    await service_commission.start_window(db, tenant.id, order_id=order.id)
    clock.advance(days=8)
    await service_commission.settle_due(db)


def payouts_for(clock):  # type: ignore[no-untyped-def]
    from shoal.distribution.payouts.registry import Payouts
    from shoal.payments.config import build_registry

    return Payouts(build_registry(clock=clock, mock_enabled=True), clock=clock, secret_key="test-secret",
                   mock_enabled=True)  # fmt: skip
