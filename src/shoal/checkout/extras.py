"""Pricing steps that higher domains bring, with the shopper's own facts: loyalty's points deduction.

Checkout builds on orders and marketing and never imports the domains above it. A domain that changes the
price with facts of its own (the shopper's points balance) registers an ``Extra``: ``prepare`` reads what it
needs and answers a pure step (or none), which runs in the one pipeline after marketing and before the
totals, for cart pricing and checkout alike; ``commit`` runs in checkout's transaction once the order is
placed (spending the points with a guarded update; a refusal rolls the checkout back). ``choices`` are what
the shopper asked for beside the coupons (``{"points": 500}``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from shoal.checkout.pricing import Step
from shoal.checkout.rules import PricingState
from shoal.core.uow import UnitOfWork

Prepare = Callable[[UnitOfWork, str | None, Mapping[str, Any]], Awaitable[Step | None]]
Commit = Callable[[UnitOfWork, str, str, PricingState], Awaitable[None]]  # (uow, customer, order, state)


@dataclass(frozen=True, slots=True)
class Extra:
    name: str
    prepare: Prepare
    commit: Commit


_extras: dict[str, Extra] = {}


def register_extra(extra: Extra) -> None:
    _extras[extra.name] = extra


async def steps_for(uow: UnitOfWork, *, customer_id: str | None, choices: Mapping[str, Any]) -> list[Step]:
    steps = [await extra.prepare(uow, customer_id, choices) for extra in _extras.values()]
    return [step for step in steps if step is not None]


async def commit_extras(uow: UnitOfWork, *, customer_id: str, order_id: str, state: PricingState) -> None:
    for extra in _extras.values():
        await extra.commit(uow, customer_id, order_id, state)
