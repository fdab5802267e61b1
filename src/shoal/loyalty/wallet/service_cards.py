"""Gift cards (礼品卡): staff issue a batch of codes with a value; a shopper redeems a code into their balance
once. Redemption is one guarded ``UPDATE ... WHERE status = 'active'``: of two shoppers typing one code at
once, one gets the value, and the card's id is the credit's reference, so it is credited once."""

from __future__ import annotations

from sqlalchemy import select, update

from shoal.core.uow import UnitOfWork
from shoal.customers.service import shopper_id
from shoal.loyalty.wallet import rules
from shoal.loyalty.wallet.errors import GiftCardUnusable
from shoal.loyalty.wallet.models import GiftCard
from shoal.loyalty.wallet.schemas import BalanceStatement, GiftCardBatch, GiftCardRead
from shoal.loyalty.wallet.service import balance_statement, credit


async def issue_gift_cards(uow: UnitOfWork, *, data: GiftCardBatch) -> list[GiftCardRead]:
    async with uow:
        uow.actor.require("marketing.manage")
        now = uow.clock.now()
        cards = [GiftCard(tenant_id=uow.tenant_id, code=rules.gift_card_code(), batch=data.batch, value=data.value,
                          status="active", created_at=now) for _ in range(data.count)]  # fmt: skip
        uow.s.add_all(cards)
        await uow.s.flush()
        uow.audit("gift_cards.issue", "gift_card", None, data.model_dump())
        await uow.commit()
        return [GiftCardRead.model_validate(card) for card in cards]


async def list_gift_cards(uow: UnitOfWork, *, batch: str | None = None) -> list[GiftCardRead]:
    async with uow:
        uow.actor.require("marketing.manage")
        query = select(GiftCard).where(GiftCard.tenant_id == uow.tenant_id)
        if batch:
            query = query.where(GiftCard.batch == batch)
        rows = await uow.s.execute(query.order_by(GiftCard.created_at.desc(), GiftCard.id).limit(500))
        return [GiftCardRead.model_validate(row) for row in rows.scalars()]


async def redeem(uow: UnitOfWork, *, code: str) -> BalanceStatement:
    async with uow:
        customer_id = shopper_id(uow)
        redeemed = await uow.s.execute(
            update(GiftCard)
            .where(
                GiftCard.tenant_id == uow.tenant_id,
                GiftCard.code == rules.normalised_code(code),
                GiftCard.status == "active",
            )
            .values(status="redeemed", redeemed_by=customer_id, redeemed_at=uow.clock.now())
            .returning(GiftCard.id, GiftCard.value)
        )
        card = redeemed.one_or_none()
        if card is None:
            raise GiftCardUnusable()
        await credit(uow, customer_id=customer_id, principal=0, bonus=card[1], reason="gift_card", reference=card[0])
        await uow.commit()
        return await balance_statement(uow, customer_id=customer_id)
