"""Paying an order from the balance (余额支付) on the order page: all of it when the balance covers what is due,
else the balance first and the rest with another payment (组合支付), as the API allows.

The balance part of a combined payment is held (``payments.combined``) until the rest is paid, and given back if
the order closes unpaid; the page then shows what is held and what is left, and the test payment pays the rest.
A combined payment is offered only when the page has a way to pay the rest (the test payment, in development):
otherwise the shopper's balance would be held for an order they cannot finish here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import ValidationError

from shoal.core.context import RequestContext
from shoal.core.errors import ShoalError
from shoal.loyalty.wallet.service import balance_of
from shoal.orders import service_queries as orders
from shoal.payments import service as payments
from shoal.payments.deps import payment_providers
from shoal.payments.schemas import PaymentStart
from shoal.web.route import WebRoute
from shoal.web.storefront.deps import SignedInShopper
from shoal.web.storefront.wallet_pages import pays_with_test_payment, refusal_text
from shoal.web.templating import render

router = APIRouter(prefix="/shop/{tenant}", route_class=WebRoute, include_in_schema=False)


@dataclass(frozen=True, slots=True)
class BalanceOffer:
    """What the order page offers: the balance, what is held already, what is due now."""

    balance: int
    held: int
    due: int

    @property
    def covers(self) -> bool:
        return self.balance >= self.due > 0

    @property
    def rest(self) -> int:
        """What another payment would pay after the whole balance went in."""
        return max(0, self.due - self.balance)


async def balance_offer(ctx: RequestContext, order: Any) -> BalanceOffer | None:
    """For an order waiting to be paid, the balance offer; ``None`` for any other order."""
    if order.status != "pending_payment" or order.total <= 0:
        return None
    held = await payments.held_amount(ctx.uow(), order_id=order.id)
    balance = await balance_of(ctx.uow(), ctx.actor.id or "")
    return BalanceOffer(balance=balance, held=held, due=order.total - held)


@router.post("/orders/{order_id}/pay/balance")
async def pay_with_balance(request: Request, ctx: SignedInShopper, order_id: str) -> Response:
    """``all``: the balance pays what is due. ``part``: the whole balance goes in (held) and the page then shows
    the rest to pay. A refusal (too little balance, the order no longer payable) is said on the order page."""
    order = await orders.get_my_order(ctx.uow(), order_id=order_id)
    offer = await balance_offer(ctx, order)
    part = str((await request.form()).get("part", "")) == "1"
    amount = offer.balance if offer and part and offer.rest and pays_with_test_payment(request) else None
    try:
        data = PaymentStart.model_validate({"provider": "balance", "amount": amount})
        await payments.start_payment(ctx.uow(), providers=payment_providers(request), order_id=order_id,
                                     customer_id=ctx.actor.id or "", data=data)  # fmt: skip
    except (ShoalError, ValidationError) as exc:
        return render(request, "shop/_wallet_message.html", {"text": refusal_text(request, exc)}, status=422)
    return Response(status_code=204, headers={"HX-Redirect": f"/shop/{ctx.tenant.slug}/orders/{order_id}"})
