"""Paid membership card routes: staff define cards (``/api/v1/admin/membership-cards``); shoppers see the cards
on sale and buy one (``/api/v1/store/membership-cards``): a payment to complete as for orders."""

from __future__ import annotations

from fastapi import APIRouter

from shoal.core.openapi import problem
from shoal.customers.deps import ShopperContext
from shoal.identity.deps import StaffContext
from shoal.loyalty import service_membership_cards as cards
from shoal.loyalty.schemas import CardCreate, CardPurchaseIn, CardRead, CardUpdate
from shoal.payments.deps import Providers
from shoal.payments.schemas import PaymentRead

router = APIRouter(tags=["loyalty"])
ADMIN = "/api/v1/admin/membership-cards"
STORE = "/api/v1/store/membership-cards"


@router.get(ADMIN, response_model=list[CardRead], summary="Paid membership cards (付费会员卡)")
async def list_cards(ctx: StaffContext) -> list[CardRead]:
    return await cards.list_cards(ctx.uow())


@router.post(ADMIN, response_model=CardRead, status_code=201, summary="Add a paid membership card")
async def create_card(body: CardCreate, ctx: StaffContext) -> CardRead:
    return await cards.create_card(ctx.uow(), data=body)


@router.patch(ADMIN + "/{card_id}", response_model=CardRead, summary="Change or withdraw (下架) a card")
async def update_card(card_id: str, body: CardUpdate, ctx: StaffContext) -> CardRead:
    return await cards.update_card(ctx.uow(), card_id=card_id, data=body)


@router.get(STORE, response_model=list[CardRead], summary="Membership cards on sale")
async def on_sale(ctx: ShopperContext) -> list[CardRead]:
    return await cards.list_cards(ctx.uow(), on_offer=True)


@router.post(STORE + "/{card_id}/purchases", response_model=PaymentRead, status_code=201,
             summary="Buy or renew a card: the payment to complete, as for orders",
             responses={409: problem("membership_card_unavailable")})  # fmt: skip
async def buy(card_id: str, body: CardPurchaseIn, ctx: ShopperContext, providers: Providers) -> PaymentRead:
    return await cards.buy_card(ctx.uow(), providers=providers, card_id=card_id, data=body)
