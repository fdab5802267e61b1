"""What can be shared, and what each campaign counts in the funnel: two registries the campaigns fill.

A target kind (``product``, ``coupon``, ``flash_sale``; group-buy adds ``group``, bargain ``bargain``)
registers one resolver with ``@shares("kind")``: given an id it answers the ``Target`` in the current
tenant (its storefront path, its campaign, and what a poster shows) or raises ``NotFound``. A share link
is refused for a kind nobody registered, so a new kind is one registration in its own package.

A campaign that has steps between a visit and an order (groups opened, joins, cuts) registers a counter
per step with ``@counts("groups_opened")``; the funnel asks each for its numbers per sharer, and a step
nobody counts yet is zero.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from shoal.core.errors import NotFound

if TYPE_CHECKING:
    from shoal.core.uow import UnitOfWork


@dataclass(frozen=True)
class Target:
    """A shared object as a link and a poster need it. ``path`` follows ``/shop/{slug}``."""

    path: str
    name: str
    price: int | None
    currency: str
    image: str | None = None  # a ``/media/...`` address; anything else is drawn as a placeholder
    campaign_type: str | None = None  # e.g. ``flash_sale``; ``None`` for a plain product or coupon
    campaign_id: str | None = None
    badge: str | None = None  # the campaign's label on the poster, e.g. 限时秒杀 (already translated)


Resolver = Callable[["UnitOfWork", str, str], Awaitable[Target]]  # (uow, target id, locale)
# (uow, campaign type or None, campaign id or None) -> {sharer id: count}
StepCounter = Callable[["UnitOfWork", str | None, str | None], Awaitable[dict[str, int]]]
STEPS = ("groups_opened", "joins", "cuts")
_resolvers: dict[str, Resolver] = {}
_counters: dict[str, list[StepCounter]] = {step: [] for step in STEPS}


def shares(kind: str) -> Callable[[Resolver], Resolver]:
    def register(resolver: Resolver) -> Resolver:
        _resolvers[kind] = resolver
        return resolver

    return register


def counts(step: str) -> Callable[[StepCounter], StepCounter]:
    if step not in STEPS:
        raise LookupError(f"the share funnel has no step {step!r}; it has {STEPS}")

    def register(counter: StepCounter) -> StepCounter:
        if counter not in _counters[step]:
            _counters[step].append(counter)
        return counter

    return register


def kinds() -> list[str]:
    return sorted(_resolvers)


async def resolve(uow: UnitOfWork, kind: str, target_id: str, locale: str) -> Target:
    """The target in this tenant; 404 for an unknown kind or id (or another tenant's)."""
    resolver = _resolvers.get(kind)
    if resolver is None:
        raise NotFound("share_target", target_type=kind)
    return await resolver(uow, target_id, locale)


async def step_counts(uow: UnitOfWork, campaign_type: str | None, campaign_id: str | None) -> dict[str, dict[str, int]]:
    """For each step, the count per sharer summed over every campaign that counts it."""
    totals: dict[str, dict[str, int]] = {}
    for step, counters in _counters.items():
        per_sharer: dict[str, int] = {}
        for counter in counters:
            for sharer, count in (await counter(uow, campaign_type, campaign_id)).items():
                per_sharer[sharer] = per_sharer.get(sharer, 0) + count
        totals[step] = per_sharer
    return totals
