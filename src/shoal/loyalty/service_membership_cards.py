"""Paid membership cards (付费会员): staff define cards; a shopper buys one through any provider (a purchase is
a payable kind, id prefix ``mc``); the paid purchase starts or extends their holding by the card's days, under
the holding's row lock; while it lasts, the card's level is theirs for pricing (``active_card_level``). The
``loyalty.expire_cards`` job marks ended holdings expired with a guarded update (twice: once) and tells.
A refund of a refundable card's purchase ends the holding at once; other cards refuse the refund."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from shoal.core.actors import SYSTEM
from shoal.core.clock import as_utc
from shoal.core.errors import NotFound, ValidationFailed
from shoal.core.ids import new_id
from shoal.core.scheduler import register_job, tenant_ids
from shoal.core.uow import Database, UnitOfWork
from shoal.customers.service import shopper_id
from shoal.loyalty.card_models import CardHolding, CardPurchase, MembershipCard
from shoal.loyalty.errors import CardNotRefundable, CardUnavailable
from shoal.loyalty.events import MembershipCardExpired
from shoal.loyalty.ledger import append_once
from shoal.loyalty.models import MemberLevel
from shoal.loyalty.purchases import mark_paid_once, payable_reader
from shoal.loyalty.schemas import CardCreate, CardHoldingRead, CardPurchaseIn, CardRead, CardUpdate
from shoal.orders.schemas import PaidOutcome
from shoal.payments import service as payments
from shoal.payments.config import ProviderRegistry
from shoal.payments.payables import Payable, register_payable
from shoal.payments.schemas import PaymentRead, PaymentStart

PREFIX = "mc"  # no UUID starts with it
PAY_WITHIN = timedelta(minutes=30)


async def create_card(uow: UnitOfWork, *, data: CardCreate) -> CardRead:
    async with uow:
        uow.actor.require("marketing.manage")
        await _require_level(uow, data.level_code)
        card = MembershipCard(tenant_id=uow.tenant_id, created_at=uow.clock.now(), **data.model_dump())
        uow.s.add(card)
        await uow.s.flush()
        uow.audit("membership_card.create", "membership_card", card.id, data.model_dump())
        await uow.commit()
        return CardRead.model_validate(card)


async def update_card(uow: UnitOfWork, *, card_id: str, data: CardUpdate) -> CardRead:
    """Change a card, or withdraw it (``active: false``): it is no longer sold; holdings are rows of their
    own, so holders keep their period and benefits."""
    async with uow:
        uow.actor.require("marketing.manage")
        card = await _card(uow, card_id)
        changes = data.model_dump(exclude_unset=True)
        await _require_level(uow, changes.get("level_code"))
        for field, value in changes.items():
            setattr(card, field, value)
        uow.audit("membership_card.update", "membership_card", card.id, changes)
        await uow.commit()
        return CardRead.model_validate(card)


async def _require_level(uow: UnitOfWork, code: str | None) -> None:
    """A card gives a level's benefits only if the shop has that level: a mistyped code would give none."""
    if code is None:
        return
    found = await uow.s.scalar(
        select(MemberLevel.id).where(MemberLevel.tenant_id == uow.tenant_id, MemberLevel.code == code)
    )
    if found is None:
        message = "no member level has this code in this shop; create the level first or leave the field empty"
        raise ValidationFailed([{"field": "level_code", "code": "unknown", "message": message}])


async def list_cards(uow: UnitOfWork, *, on_offer: bool = False) -> list[CardRead]:
    async with uow:
        query = select(MembershipCard).where(MembershipCard.tenant_id == uow.tenant_id)
        if on_offer:
            query = query.where(MembershipCard.active.is_(True))
        rows = await uow.s.execute(query.order_by(MembershipCard.price, MembershipCard.id))
        return [CardRead.model_validate(row) for row in rows.scalars()]


async def buy_card(uow: UnitOfWork, *, providers: ProviderRegistry, card_id: str, data: CardPurchaseIn) -> PaymentRead:
    async with uow:
        customer_id = shopper_id(uow)
        card = await _card(uow, card_id)
        if not card.active:
            raise CardUnavailable()
        now = uow.clock.now()
        purchase = CardPurchase(id=PREFIX + new_id()[len(PREFIX) :], tenant_id=uow.tenant_id, customer_id=customer_id,
                                card_id=card.id, amount=card.price, status="pending", created_at=now,
                                expires_at=now + PAY_WITHIN)  # fmt: skip
        uow.s.add(purchase)
        await uow.s.flush()
        start = PaymentStart(provider=data.provider)
        payment = await payments.start_payment(
            uow, providers=providers, order_id=purchase.id, customer_id=customer_id, data=start
        )
        await uow.commit()
        return payment


async def my_cards(uow: UnitOfWork, *, customer_id: str) -> list[CardHoldingRead]:
    async with uow:
        rows = await uow.s.execute(
            select(CardHolding, MembershipCard.name, MembershipCard.level_code)
            .join(MembershipCard, MembershipCard.id == CardHolding.card_id)
            .where(CardHolding.tenant_id == uow.tenant_id, CardHolding.customer_id == customer_id)
        )
        now = uow.clock.now()
        return [CardHoldingRead(card_id=h.card_id, name=name, level_code=level, ends_at=h.ends_at,
                                active=as_utc(h.ends_at) > now) for h, name, level in rows]  # fmt: skip


async def active_card_level(uow: UnitOfWork, customer_id: str) -> str | None:
    """The level of the shopper's card in force, if any (the latest ending one wins)."""
    async with uow:
        found = await uow.s.execute(
            select(MembershipCard.level_code)
            .join(CardHolding, MembershipCard.id == CardHolding.card_id)
            .where(
                CardHolding.tenant_id == uow.tenant_id,
                CardHolding.customer_id == customer_id,
                CardHolding.ends_at > uow.clock.now(),
                MembershipCard.level_code.is_not(None),
            )
            .order_by(CardHolding.ends_at.desc())
            .limit(1)
        )
        return found.scalar_one_or_none()


async def expire_cards(db: Database) -> int:
    expired = 0
    for tenant_id in await tenant_ids(db):
        uow = db.uow(tenant_id=tenant_id, actor=SYSTEM)
        async with uow:
            ended = await uow.s.execute(
                update(CardHolding)
                .where(
                    CardHolding.tenant_id == tenant_id,
                    CardHolding.status == "active",
                    CardHolding.ends_at <= uow.clock.now(),
                )
                .values(status="expired")
                .returning(CardHolding.customer_id, CardHolding.card_id)
            )
            for customer_id, card_id in ended.all():
                uow.emit(MembershipCardExpired(customer_id=customer_id, card_id=card_id))
                expired += 1
            await uow.commit()
    return expired


async def _mark_paid(uow: UnitOfWork, *, order_id: str, payment_id: str, amount: int, paid_at: object) -> PaidOutcome:
    """Paid once (guarded): the holding starts now, or is extended from its end if it still runs."""
    async with uow:
        row = await mark_paid_once(uow, CardPurchase, order_id, amount, CardPurchase.customer_id, CardPurchase.card_id)
        if row is None:
            return "already_paid"
        customer_id, card_id = row
        card = await _card(uow, card_id)
        now = uow.clock.now()
        await append_once(uow, CardHolding, {"customer_id": customer_id, "card_id": card_id, "status": "active",
                                             "ends_at": now}, ["customer_id", "card_id"])  # fmt: skip
        holding = (
            await uow.s.execute(select(CardHolding).where(CardHolding.tenant_id == uow.tenant_id,
                CardHolding.customer_id == customer_id, CardHolding.card_id == card_id).with_for_update())
        ).scalar_one()  # fmt: skip
        holding.ends_at = max(as_utc(holding.ends_at), now) + timedelta(days=card.days)
        holding.status = "active"
        await uow.commit()
        return "paid"


async def _refunded(uow: UnitOfWork, *, order_id: str, amount: int, line_refunds: object) -> None:
    async with uow:
        purchase = (
            await uow.s.execute(select(CardPurchase).where(CardPurchase.tenant_id == uow.tenant_id,
                                                           CardPurchase.id == order_id))
        ).scalar_one()  # fmt: skip
        if not (await _card(uow, purchase.card_id)).refundable:
            raise CardNotRefundable()
        await uow.s.execute(
            update(CardHolding)
            .where(
                CardHolding.tenant_id == uow.tenant_id,
                CardHolding.customer_id == purchase.customer_id,
                CardHolding.card_id == purchase.card_id,
            )
            .values(ends_at=uow.clock.now())
        )


async def _card(uow: UnitOfWork, card_id: str) -> MembershipCard:
    card = (
        await uow.s.execute(
            select(MembershipCard).where(MembershipCard.tenant_id == uow.tenant_id, MembershipCard.id == card_id)
        )
    ).scalar_one_or_none()
    if card is None:
        raise NotFound("membership card")
    return card


register_payable(PREFIX, Payable(payable_reader(CardPurchase, "membership card"), _mark_paid, _refunded))
register_job("loyalty.expire_cards", expire_cards)
