"""FastAPI dependency: the app's payout providers, built once beside the payment providers."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from shoal.core.http import get_db, on_the_loop
from shoal.distribution.payouts.registry import Payouts, from_settings
from shoal.payments.deps import payment_providers


def payouts(request: Request) -> Payouts:
    state = request.app.state
    if getattr(state, "payouts", None) is None:
        state.payouts = from_settings(payment_providers(request), clock=get_db(request).clock, settings=state.settings)
    return state.payouts


PayoutsDep = Annotated[Payouts, Depends(on_the_loop(payouts))]
