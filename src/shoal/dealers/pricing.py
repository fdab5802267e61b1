"""A dealer's prices, read from the catalog: its price list is the catalog channel ``dealer:<list>``
(``catalog.ChannelPrice``), and a SKU the list does not price costs the list price (the online price) less
the dealer's discount. Only the SKUs offered to dealers (``dealer_sku_terms``) are priced."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select

from shoal.catalog.service_variants import channel_price_entries, variant_ids_by_sku, variants_for_pricing
from shoal.core.errors import NotFound
from shoal.core.i18n import pick
from shoal.core.uow import UnitOfWork
from shoal.dealers import rules
from shoal.dealers.models import SkuTerms
from shoal.dealers.schemas import CatalogItem


async def priced_catalog(
    uow: UnitOfWork, *, price_list: str | None, discount_bps: int, variant_ids: Collection[str] | None = None
) -> list[CatalogItem]:
    """The offered SKUs (all, or those of ``variant_ids``) at these terms, by SKU code."""
    query = select(SkuTerms).where(SkuTerms.tenant_id == uow.tenant_id)
    if variant_ids is not None:
        query = query.where(SkuTerms.variant_id.in_(list(variant_ids)))
    terms = {row.variant_id: row for row in (await uow.s.execute(query)).scalars()}
    ids = list(terms)
    snapshots = await variants_for_pricing(uow, variant_ids=ids)
    channel = rules.price_channel(price_list)
    entries = await channel_price_entries(uow, ids, channel) if channel else {}
    items = []
    for variant_id, snapshot in snapshots.items():
        listed = next((e.price for e in entries.get(variant_id, []) if e.customer_group is None), None)
        items.append(
            CatalogItem(
                variant_id=variant_id,
                sku=snapshot.sku,
                name=pick(snapshot.name, "zh-CN"),
                list_price=snapshot.unit_price,
                price=rules.unit_price(snapshot.unit_price, listed, discount_bps),
                moq=terms[variant_id].moq,
                case_pack=terms[variant_id].case_pack,
            )
        )
    return sorted(items, key=lambda item: item.sku)


async def variant_ids_for(uow: UnitOfWork, skus: list[str], missing: type[Exception] | None = None) -> dict[str, str]:
    """SKU code -> variant id; a code naming no variant raises ``missing(sku=...)`` (404 ``variant`` by default)."""
    found = await variant_ids_by_sku(uow, skus=skus)
    for sku in skus:
        if sku not in found:
            raise missing(sku=sku) if missing else NotFound("variant", sku=sku)
    return found
