"""Points at checkout: a step of the one pricing pipeline (after marketing, before the totals) that takes up
to the shop's cap off the goods, spread over the lines like any order discount, and spends the points in
checkout's transaction. The applied adjustments are named ``points:<n>`` (n the points the order spends), so
the price explanation shows them beside promotions and coupons and the commit knows what to spend.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from shoal.checkout.extras import Extra, register_extra
from shoal.checkout.pricing import Step
from shoal.checkout.rules import Adjustment, PricingState
from shoal.core.money import allocate
from shoal.core.uow import UnitOfWork
from shoal.loyalty import rules
from shoal.loyalty.service_points import points_balance, post_points
from shoal.loyalty.service_terms import terms_of

SOURCE = "points"


def points_step(wanted: int, balance: int, terms: rules.Terms) -> Step:
    def deduct(state: PricingState) -> PricingState:
        goods = state.merchandise
        off, spent = rules.points_deduction(min(wanted, balance), goods, terms)
        if off <= 0:
            return state
        shares = allocate(off, [line.total for line in state.lines])
        lines = tuple(
            replace(li, order_discount=li.order_discount + s) for li, s in zip(state.lines, shares, strict=True)
        )
        applied = tuple(
            Adjustment(f"{SOURCE}:{spent}", s, li.key) for li, s in zip(state.lines, shares, strict=True) if s
        )
        return replace(state, lines=lines, applied=(*state.applied, *applied))

    return Step(SOURCE, deduct)


def points_spent(state: PricingState) -> int:
    return next((int(a.source.split(":")[1]) for a in state.applied if a.source.startswith(SOURCE + ":")), 0)


async def _prepare(uow: UnitOfWork, customer_id: str | None, choices: Mapping[str, Any]) -> Step | None:
    wanted = int(choices.get("points") or 0)
    if customer_id is None or wanted <= 0:
        return None
    return points_step(wanted, await points_balance(uow, customer_id=customer_id), await terms_of(uow))


async def _commit(uow: UnitOfWork, customer_id: str, order_id: str, state: PricingState) -> None:
    spent = points_spent(state)
    if spent:
        await post_points(uow, customer_id=customer_id, points=-spent, reason="spend", reference=order_id)


register_extra(Extra(SOURCE, _prepare, _commit))
