"""Paid membership: buying a card through a provider gives its level for the period, renewal extends it, the
end ends it (the job tells once), and a refund ends a refundable card at once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from shoal.core.errors import ValidationFailed
from shoal.core.outbox import OutboxRow
from shoal.loyalty import service_levels, service_membership_cards
from shoal.loyalty.errors import CardNotRefundable
from shoal.loyalty.schemas import CardCreate, CardPurchaseIn, CardUpdate
from shoal.payments import service as payments
from shoal.payments import service_refunds
from shoal.payments.config import build_registry
from shoal.payments.schemas import RefundCreate
from tests.integration.loyalty.conftest import add_levels, new_customer, shopper


async def new_card(uow_factory, **fields):  # type: ignore[no-untyped-def]
    return await service_membership_cards.create_card(uow_factory(), data=CardCreate(**fields))


async def bought(uow_factory, clock, customer: str, card_id: str):  # type: ignore[no-untyped-def]
    providers = build_registry(clock=clock, mock_enabled=True)
    data = CardPurchaseIn(provider="mock")
    buyer = shopper(uow_factory, customer)
    payment = await service_membership_cards.buy_card(buyer, providers=providers, card_id=card_id, data=data)
    await payments.mock_succeed(uow_factory(), providers=providers, payment_id=payment.id)
    return payment, providers


async def test_a_card_gives_its_level_for_its_period_and_renewal_extends_it(uow_factory, db, clock) -> None:
    await add_levels(uow_factory, ("V1", 0, 100), ("PLUS", 100_000, 200))
    customer = await new_customer(uow_factory, "plus@example.com")
    card = await new_card(uow_factory, name="PLUS 月卡", price=1_500, days=30, level_code="PLUS")
    assert await service_levels.loyalty_level(uow_factory(), customer) == "V1"
    await bought(uow_factory, clock, customer, card.id)
    assert await service_levels.loyalty_level(uow_factory(), customer) == "PLUS"
    clock.advance(days=20)
    await bought(uow_factory, clock, customer, card.id)  # renewed early: 10 days left + 30
    held = await service_membership_cards.my_cards(uow_factory(), customer_id=customer)
    assert held[0].ends_at == clock.now() + timedelta(days=40)
    clock.advance(days=41)
    assert await service_levels.loyalty_level(uow_factory(), customer) == "V1"
    await service_membership_cards.expire_cards(db)
    await service_membership_cards.expire_cards(db)
    async with uow_factory() as uow:
        named = (OutboxRow.tenant_id == uow.tenant_id, OutboxRow.name == "MembershipCardExpired")
        told = (await uow.s.execute(select(OutboxRow.payload).where(*named))).scalars().all()
    assert [t["customer_id"] for t in told] == [customer]


async def test_a_refund_ends_a_refundable_card_and_others_refuse_it(uow_factory, clock) -> None:
    await add_levels(uow_factory, ("V8", 100_000, 100), ("V9", 200_000, 100))
    customer = await new_customer(uow_factory, "r@example.com")
    kept = await new_card(uow_factory, name="年卡", price=9_900, days=365, level_code="V9")
    payment, providers = await bought(uow_factory, clock, customer, kept.id)
    with pytest.raises(CardNotRefundable):
        await service_refunds.refund(uow_factory(), providers=providers, payment_id=payment.id,
                                     data=RefundCreate(amount=9_900))  # fmt: skip
    trial = await new_card(uow_factory, name="月卡", price=990, days=30, level_code="V8", refundable=True)
    payment, providers = await bought(uow_factory, clock, customer, trial.id)
    assert await service_levels.loyalty_level(uow_factory(), customer) == "V9"  # the later-ending card
    await service_refunds.refund(uow_factory(), providers=providers, payment_id=payment.id,
                                 data=RefundCreate(amount=990))  # fmt: skip
    held = {h.name: h.active for h in await service_membership_cards.my_cards(uow_factory(), customer_id=customer)}
    assert held == {"年卡": True, "月卡": False}


async def test_a_card_names_a_level_the_shop_has(uow_factory) -> None:
    with pytest.raises(ValidationFailed) as refused:
        await new_card(uow_factory, name="年卡", price=9_900, days=365, level_code="V7")
    assert refused.value.params["errors"][0]["field"] == "level_code"
    card = await new_card(uow_factory, name="年卡", price=9_900, days=365)
    with pytest.raises(ValidationFailed):
        await service_membership_cards.update_card(uow_factory(), card_id=card.id, data=CardUpdate(level_code="V7"))
    assert [c.level_code for c in await service_membership_cards.list_cards(uow_factory())] == [None]
