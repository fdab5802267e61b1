"""My balance (余额): the balance with its principal and bonus, the top-up plans (充值), the gift card form and the
statement; and the paid membership cards (付费会员卡) to buy.

A top-up or a card is paid like an order: the service starts its payment and the page completes it the way the
order page does, with the demo shop's test payment (development only). A card may also be paid from the balance,
which settles at once. Outside development, with no way to pay on the web, the plans are shown without a button
and the page says so. A refusal (an unknown gift card, a plan no longer offered, too little balance) is said in
the form, in the service's words, and nothing is written.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from shoal.core.context import RequestContext
from shoal.core.errors import ShoalError
from shoal.loyalty import service_membership, service_membership_cards
from shoal.loyalty.schemas import CardPurchaseIn
from shoal.loyalty.wallet import service as wallet
from shoal.loyalty.wallet import service_cards, service_top_ups
from shoal.loyalty.wallet.schemas import GiftCardRedeem, TopUpStart
from shoal.payments import service as payments
from shoal.payments.deps import payment_providers
from shoal.payments.schemas import PaymentRead
from shoal.web.forms import errors_of
from shoal.web.route import WebRoute
from shoal.web.storefront.deps import SignedInShopper
from shoal.web.templating import render

router = APIRouter(prefix="/shop/{tenant}/me", route_class=WebRoute, include_in_schema=False)


class WebPaymentUnavailable(ShoalError):
    """The web has no way to take this payment here (no test payment outside development)."""

    status = 409
    code = "web_payment_unavailable"
    message = {
        "en": "Paying on this page is not available here. Please pay in the shop's mini program.",
        "zh-CN": "当前页面暂不支持在线支付，请在店铺小程序中完成支付。",
    }


def pays_with_test_payment(request: Request) -> bool:
    """The demo shop's test payment (the order page's button): development with the mock on, nowhere else."""
    return bool(request.app.state.settings.shoppers_pay_with_mock)


def _go(url: str) -> Response:
    return Response(status_code=204, headers={"HX-Redirect": url})


def refusal_text(request: Request, exc: ShoalError | ValidationError) -> str:
    """A refused form's reasons in one sentence, in the shopper's language."""
    return " ".join(errors_of(request, exc).values())


@router.get("/balance", response_class=HTMLResponse)
async def balance_page(request: Request, ctx: SignedInShopper, topped: str = "", redeemed: str = "") -> HTMLResponse:
    context = {
        "statement": await wallet.balance_statement(ctx.uow(), customer_id=ctx.actor.id or ""),
        "plans": await service_top_ups.list_plans(ctx.uow(), active_only=True),
        "topped": bool(topped), "redeemed": bool(redeemed), "test_payment": pays_with_test_payment(request),
    }  # fmt: skip
    return render(request, "shop/balance.html", context)


async def _pay_now(request: Request, ctx: RequestContext, payment: PaymentRead) -> None:
    """Complete a payment just started with the test payment; the balance settles by itself."""
    if payment.provider == "mock":
        await payments.mock_pay_own_payment(
            ctx.uow(), providers=payment_providers(request), payment_id=payment.id, customer_id=ctx.actor.id or ""
        )


@router.post("/balance/top-ups", response_class=HTMLResponse)
async def top_up(request: Request, ctx: SignedInShopper) -> Response:
    """充值: the plan chosen, paid with the test payment; the balance shows it when the page comes back."""
    plan_id = str((await request.form()).get("plan_id", ""))
    try:
        if not pays_with_test_payment(request):
            raise WebPaymentUnavailable()
        data = TopUpStart.model_validate({"plan_id": plan_id, "provider": "mock", "scene": "wap"})
        await _pay_now(request, ctx, await service_top_ups.start_top_up(
            ctx.uow(), providers=payment_providers(request), data=data))  # fmt: skip
    except (ShoalError, ValidationError) as exc:
        return render(request, "shop/_wallet_message.html", {"text": refusal_text(request, exc)}, status=422)
    return _go(f"/shop/{ctx.tenant.slug}/me/balance?topped=1")


@router.post("/balance/gift-cards", response_class=HTMLResponse)
async def redeem(request: Request, ctx: SignedInShopper) -> Response:
    """A gift card's value goes into the balance (as bonus) once; a wrong or used code is said in the form."""
    code = str((await request.form()).get("code", "")).strip().replace(" ", "")
    try:
        await service_cards.redeem(ctx.uow(), code=GiftCardRedeem.model_validate({"code": code}).code)
    except (ShoalError, ValidationError) as exc:
        return render(request, "shop/_wallet_message.html", {"text": refusal_text(request, exc)}, status=422)
    return _go(f"/shop/{ctx.tenant.slug}/me/balance?redeemed=1")


@router.get("/cards", response_class=HTMLResponse)
async def cards_page(request: Request, ctx: SignedInShopper, bought: str = "") -> HTMLResponse:
    membership = await service_membership.my_membership(ctx.uow())
    context = {
        "cards": await service_membership_cards.list_cards(ctx.uow(), on_offer=True),
        "membership": membership, "bought": bool(bought), "test_payment": pays_with_test_payment(request),
    }  # fmt: skip
    return render(request, "shop/cards.html", context)


@router.post("/cards/{card_id}/buy", response_class=HTMLResponse)
async def buy_card(request: Request, ctx: SignedInShopper, card_id: str) -> Response:
    """Buy or renew a card with the balance or the test payment; the holding shows when the page comes back."""
    provider = str((await request.form()).get("provider", ""))
    try:
        # The page completes only what it can at once: the balance, or the test payment where it is on.
        if provider not in ("balance", "mock") or (provider == "mock" and not pays_with_test_payment(request)):
            raise WebPaymentUnavailable()
        data = CardPurchaseIn.model_validate({"provider": provider})
        payment = await service_membership_cards.buy_card(
            ctx.uow(), providers=payment_providers(request), card_id=card_id, data=data
        )
        await _pay_now(request, ctx, payment)
    except (ShoalError, ValidationError) as exc:
        return render(request, "shop/_wallet_message.html", {"text": refusal_text(request, exc)}, status=422)
    return _go(f"/shop/{ctx.tenant.slug}/me/cards?bought=1")
