"""Facts of after-sales, for other domains and webhooks."""

from __future__ import annotations

from dataclasses import dataclass

from shoal.core.outbox import Event


@dataclass(frozen=True, kw_only=True)
class AfterSaleRequested(Event):
    after_sale_id: str
    order_id: str
    kind: str


@dataclass(frozen=True, kw_only=True)
class AfterSaleRefunded(Event):
    after_sale_id: str
    order_id: str
    amount: int


@dataclass(frozen=True, kw_only=True)
class AfterSaleExchanged(Event):
    after_sale_id: str
    order_id: str
