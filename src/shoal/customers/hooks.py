"""Extension points other domains fill, without customers knowing them.

Sign-in: checkout registers a hook that merges the anonymous cart the shopper filled before signing in. Hooks
run after the sign-in has committed, each in its own transaction: a hook that fails (the cart was
already checked out, say) is logged and never undoes the sign-in.

Member level: pricing asks ``member_level_of`` for the level a promotion's ``member_levels`` audience is
matched against. The loyalty domain (levels, points, cards) registers its own source with
``member_level_source``; until one does, the level stored on the customer row is used (and customer groups
remain the way to target members).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from sqlalchemy import select

from shoal.core.errors import ShoalError
from shoal.core.uow import Database, UnitOfWork
from shoal.customers.models import Customer

log = logging.getLogger("shoal.customers.hooks")
SignInHook = Callable[[Database, str, str, str], Awaitable[None]]  # (db, tenant_id, customer_id, cart_id)
_sign_in_hooks: list[SignInHook] = []


def on_sign_in(hook: SignInHook) -> SignInHook:
    if hook not in _sign_in_hooks:
        _sign_in_hooks.append(hook)
    return hook


async def signed_in_with_cart(db: Database, *, tenant_id: str, customer_id: str, cart_id: str) -> None:
    for hook in list(_sign_in_hooks):
        try:
            await hook(db, tenant_id, customer_id, cart_id)
        except ShoalError as exc:
            log.warning("sign-in hook %s refused cart %s: %s", hook.__name__, cart_id, exc.code)


MemberLevelSource = Callable[[UnitOfWork, str], Awaitable[str | None]]  # (uow, customer_id) -> level or None


async def stored_member_level(uow: UnitOfWork, customer_id: str) -> str | None:
    """The level kept on the customer row: the source until the loyalty domain registers its own."""
    async with uow:
        return (
            await uow.s.execute(
                select(Customer.member_level).where(Customer.tenant_id == uow.tenant_id, Customer.id == customer_id)
            )
        ).scalar_one_or_none()


_member_level_sources: list[MemberLevelSource] = [stored_member_level]


def member_level_source(source: MemberLevelSource) -> MemberLevelSource:
    """Make ``source`` where member levels come from (the last one registered wins: there is one truth)."""
    _member_level_sources.append(source)
    return source


async def member_level_of(uow: UnitOfWork, *, customer_id: str) -> str | None:
    return await _member_level_sources[-1](uow, customer_id)
