"""What other domains want done when a shopper signs in, without customers knowing them.

Checkout registers a hook that merges the anonymous cart the shopper filled before signing in. Hooks
run after the sign-in has committed, each in its own transaction: a hook that fails (the cart was
already checked out, say) is logged and never undoes the sign-in.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from shoal.core.errors import ShoalError
from shoal.core.uow import Database

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
