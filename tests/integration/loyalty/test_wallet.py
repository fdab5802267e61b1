"""Stored value on both databases: principal and bonus apart, top-ups through a provider, gift cards once,
orders paid with the balance and refunds back to it."""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import func, select

from shoal.checkout import service_checkout
from shoal.checkout.schemas import CheckoutRequest
from shoal.core.errors import NotFound
from shoal.loyalty.wallet import service, service_cards, service_top_ups
from shoal.loyalty.wallet.errors import GiftCardUnusable, InsufficientBalance, TopUpPlanUnavailable
from shoal.loyalty.wallet.models import Wallet, WalletEntry
from shoal.loyalty.wallet.schemas import BalanceAdjust, GiftCardBatch, TopUpPlanCreate, TopUpPlanUpdate, TopUpStart
from shoal.orders import service as orders
from shoal.orders.service_queries import get_order_detail
from shoal.payments import service as payments
from shoal.payments import service_refunds
from shoal.payments.config import build_registry
from shoal.payments.schemas import PaymentStart, RefundCreate
from tests.conftest import new_tenant, staff_actor
from tests.integration.checkout.conftest import ADDRESS, add_product, filled_cart, stock
from tests.integration.loyalty.conftest import drain, new_customer, shopper

_skus = itertools.count()


async def wallet_sums(uow, customer_id: str) -> tuple[int, int, int, int]:  # type: ignore[no-untyped-def]
    """(principal, bonus) of the wallet and of the sum of its ledger."""
    async with uow:
        row = (await uow.s.execute(select(Wallet.principal, Wallet.bonus).where(
            Wallet.tenant_id == uow.tenant_id, Wallet.customer_id == customer_id))).one()  # fmt: skip
        sums = (await uow.s.execute(select(func.sum(WalletEntry.principal), func.sum(WalletEntry.bonus)).where(
            WalletEntry.tenant_id == uow.tenant_id, WalletEntry.customer_id == customer_id))).one()  # fmt: skip
        return int(row[0]), int(row[1]), int(sums[0]), int(sums[1])


async def order_of(shop, uow_factory, price: int, customer_id: str | None = None) -> str:  # type: ignore[no-untyped-def]
    variant = await add_product(uow_factory, f"P{next(_skus)}", price=price)
    await stock(uow_factory, variant, shop.warehouse.id, 5)
    cart = await filled_cart(shop, uow_factory, {variant: 1}, customer_id)
    request = CheckoutRequest.model_validate({"cart_id": cart.id, "delivery": {"method": "ship", "address": ADDRESS}})
    order = await service_checkout.checkout(shop.shopper(uow_factory, customer_id), tenant=shop.tenant.tenant,
                                            data=request, unpaid_minutes=30)  # fmt: skip
    return order.id


async def test_spending_takes_principal_and_bonus_in_proportion_and_never_below_zero(uow_factory, db) -> None:
    customer = await new_customer(uow_factory, "w@example.com")
    await service.adjust_balance(uow_factory(), customer_id=customer,
                                 data=BalanceAdjust(amount=50_000, reason="门店现金充值", principal=True))  # fmt: skip
    await service.adjust_balance(uow_factory(), customer_id=customer, data=BalanceAdjust(amount=5_000, reason="赠送"))
    await service.debit(uow_factory(), customer_id=customer, amount=11_000, reason="pay", reference="p1")
    assert await wallet_sums(uow_factory(), customer) == (40_000, 4_000, 40_000, 4_000)
    assert not await service.debit(uow_factory(), customer_id=customer, amount=11_000, reason="pay", reference="p1")
    with pytest.raises(InsufficientBalance):
        await service.adjust_balance(
            uow_factory(), customer_id=customer, data=BalanceAdjust(amount=-44_001, reason="x")
        )
    statement = await service.balance_statement(shopper(uow_factory, customer), customer_id=customer)
    assert (statement.balance, [e.reason for e in statement.entries]) == (44_000, ["pay", "adjust", "adjust"])
    other = await new_tenant(db)
    with pytest.raises(NotFound):
        await service.balance_statement(db.uow(tenant_id=other.id, actor=staff_actor()), customer_id=customer)


async def test_a_top_up_paid_through_a_provider_credits_amount_and_bonus_once(uow_factory, clock) -> None:
    customer = await new_customer(uow_factory, "t@example.com")
    plan = await service_top_ups.create_plan(uow_factory(), data=TopUpPlanCreate(name="充500送50", amount=50_000,
                                                                                  bonus=5_000))  # fmt: skip
    providers = build_registry(clock=clock, mock_enabled=True)
    payment = await service_top_ups.start_top_up(shopper(uow_factory, customer), providers=providers,
                                                 data=TopUpStart(plan_id=plan.id, provider="mock"))  # fmt: skip
    assert payment.amount == 50_000 and payment.order_id.startswith("tu")
    await payments.mock_succeed(uow_factory(), providers=providers, payment_id=payment.id)
    await payments.mock_succeed(uow_factory(), providers=providers, payment_id=payment.id)
    assert await wallet_sums(uow_factory(), customer) == (50_000, 5_000, 50_000, 5_000)
    assert [t.status for t in await service_top_ups.my_top_ups(shopper(uow_factory, customer))] == ["paid"]
    await service_top_ups.update_plan(uow_factory(), plan_id=plan.id, data=TopUpPlanUpdate(active=False))
    with pytest.raises(TopUpPlanUnavailable):
        await service_top_ups.start_top_up(shopper(uow_factory, customer), providers=providers,
                                           data=TopUpStart(plan_id=plan.id, provider="mock"))  # fmt: skip


async def test_a_gift_card_is_redeemed_once(uow_factory) -> None:
    first, second = [await new_customer(uow_factory, f"g{i}@example.com") for i in range(2)]
    cards = await service_cards.issue_gift_cards(uow_factory(), data=GiftCardBatch(batch="春节", value=10_000, count=2))
    code = cards[0].code
    redeemed = await service_cards.redeem(shopper(uow_factory, first), code=code.lower()[:4] + "-" + code[4:])
    assert redeemed.balance == 10_000 and redeemed.bonus == 10_000
    for who in (first, second):
        with pytest.raises(GiftCardUnusable):
            await service_cards.redeem(shopper(uow_factory, who), code=code)
    listed = await service_cards.list_gift_cards(uow_factory(), batch="春节")
    assert sorted(c.status for c in listed) == ["active", "redeemed"]


async def test_an_order_paid_with_balance_and_refunded_goes_back_in_proportion(shop, uow_factory, db, clock) -> None:
    customer = shop.customer_id
    await service.credit(uow_factory(), customer_id=customer, principal=9_000, bonus=3_000, reason="adjust",
                         reference="seed")  # fmt: skip
    order_id = await order_of(shop, uow_factory, 8_000)
    providers = build_registry(clock=clock, mock_enabled=True)
    paid = await payments.start_payment(shop.shopper(uow_factory), providers=providers, order_id=order_id,
                                        customer_id=customer, data=PaymentStart(provider="balance"))  # fmt: skip
    assert paid.status == "succeeded"
    assert (await get_order_detail(uow_factory(), order_id=order_id)).status == "paid"
    assert await wallet_sums(uow_factory(), customer) == (3_000, 1_000, 3_000, 1_000)
    poor = await order_of(shop, uow_factory, 8_000)
    with pytest.raises(InsufficientBalance):
        await payments.start_payment(shop.shopper(uow_factory), providers=providers, order_id=poor,
                                     customer_id=customer, data=PaymentStart(provider="balance"))  # fmt: skip
    listed = await payments.list_payments(uow_factory(), limit=5, cursor=None, order_id=poor)
    assert listed.items == []  # refused whole: no payment kept
    for amount in (3_001, 4_999):
        await service_refunds.refund(uow_factory(), providers=providers, payment_id=paid.id,
                                     data=RefundCreate(amount=amount, reason="退款"))  # fmt: skip
        await drain(db)
    assert await wallet_sums(uow_factory(), customer) == (9_000, 3_000, 9_000, 3_000)


async def test_a_combined_payment_completes_both_parts_or_neither(shop, uow_factory, db, clock) -> None:
    customer = shop.customer_id
    await service.credit(uow_factory(), customer_id=customer, principal=5_000, bonus=0, reason="adjust",
                         reference="seed")  # fmt: skip
    providers = build_registry(clock=clock, mock_enabled=True)
    as_shopper = shop.shopper(uow_factory)

    def start(order_id: str, **data):  # type: ignore[no-untyped-def]
        return payments.start_payment(shop.shopper(uow_factory), providers=providers, order_id=order_id,
                                      customer_id=customer, data=PaymentStart(**data))  # fmt: skip

    paid_order = await order_of(shop, uow_factory, 8_000)
    held = await start(paid_order, provider="balance", amount=3_000)
    assert (held.status, held.amount) == ("held", 3_000)
    assert (await get_order_detail(uow_factory(), order_id=paid_order)).status == "pending_payment"
    rest = await start(paid_order, provider="mock")
    assert rest.amount == 5_000
    await payments.mock_succeed(uow_factory(), providers=providers, payment_id=rest.id)
    assert (await get_order_detail(uow_factory(), order_id=paid_order)).status == "paid"
    both = await payments.list_payments(uow_factory(), limit=5, cursor=None, order_id=paid_order)
    assert sorted((p.provider, p.status) for p in both.items) == [("balance", "succeeded"), ("mock", "succeeded")]
    assert await wallet_sums(uow_factory(), customer) == (2_000, 0, 2_000, 0)

    closed_order = await order_of(shop, uow_factory, 8_000)
    await start(closed_order, provider="balance", amount=2_000)
    assert await wallet_sums(uow_factory(), customer) == (0, 0, 0, 0)
    await orders.cancel_order(as_shopper, order_id=closed_order)
    await drain(db)
    assert (await get_order_detail(uow_factory(), order_id=closed_order)).status == "cancelled"
    assert await wallet_sums(uow_factory(), customer) == (2_000, 0, 2_000, 0)
    released = await payments.list_payments(uow_factory(), limit=5, cursor=None, order_id=closed_order)
    assert [p.status for p in released.items] == ["refunded"]
