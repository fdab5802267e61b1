"""Facts the catalog tells other domains (search indexers, caches, channels) through the outbox."""

from __future__ import annotations

from dataclasses import dataclass, field

from shoal.core.outbox import Event


@dataclass(frozen=True, kw_only=True)
class ProductCreated(Event):
    product_id: str
    handle: str
    status: str


@dataclass(frozen=True, kw_only=True)
class ProductUpdated(Event):
    product_id: str
    fields: list[str] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class ProductArchived(Event):
    product_id: str


@dataclass(frozen=True, kw_only=True)
class VariantCreated(Event):
    variant_id: str
    product_id: str
    sku: str


@dataclass(frozen=True, kw_only=True)
class VariantUpdated(Event):
    variant_id: str
    product_id: str
    fields: list[str] = field(default_factory=list)
