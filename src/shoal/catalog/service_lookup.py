"""Staff lookups of variants by what they type: other domains keep variant ids, not SKUs or names, so a
page that searches their rows (the inventory page) asks catalog which variants a search names."""

from __future__ import annotations

from sqlalchemy import func, select

from shoal.catalog import queries
from shoal.catalog.models import Product, Variant
from shoal.core.uow import UnitOfWork


async def variant_ids_matching(uow: UnitOfWork, *, q: str, limit: int = 500) -> list[str]:
    """The variants a staff search names. A SKU containing ``q`` names just its variant; otherwise a product
    the product search finds (name, SKU, barcode) names all its variants. At most ``limit``: a search."""
    async with uow:
        uow.actor.require("catalog.read")
        by_sku = select(Variant.id).where(
            Variant.tenant_id == uow.tenant_id, func.lower(Variant.sku).contains(q.strip().lower(), autoescape=True)
        )
        found = list((await uow.s.execute(by_sku.order_by(Variant.sku).limit(limit))).scalars())
        if found:
            return found
        products = queries.filtered(uow.tenant_id or "", q=q).with_only_columns(Product.id)
        by_product = select(Variant.id).where(Variant.tenant_id == uow.tenant_id, Variant.product_id.in_(products))
        return list((await uow.s.execute(by_product.order_by(Variant.sku).limit(limit))).scalars())
