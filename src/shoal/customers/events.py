"""Events of the customers domain; higher domains (cart, orders, marketing) subscribe to them."""

from __future__ import annotations

from dataclasses import dataclass

from shoal.core.outbox import Event


@dataclass(frozen=True, kw_only=True)
class CustomerRegistered(Event):
    customer_id: str
    method: str  # "email" | "phone" | "wechat" | "admin"


@dataclass(frozen=True, kw_only=True)
class CustomerSignedIn(Event):
    """``anonymous_cart_id`` is the cart the shopper filled before signing in; the cart domain merges it."""

    customer_id: str
    method: str
    anonymous_cart_id: str | None = None
