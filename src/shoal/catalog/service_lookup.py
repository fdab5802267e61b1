"""Staff lookups between products and variants: other domains keep variant ids, not SKUs or names, so a
page that searches their rows (the inventory page) asks catalog which variants a search names, and a page
that adds their figures to products (stock and sales on the product list) asks which variants a product has."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select

from shoal.catalog import queries
from shoal.catalog.models import Product, Variant
from shoal.catalog.service_variants import first_image_urls
from shoal.core.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class ProductFacts:
    """What a product list shows beside a product's summary: its first picture and its variants' ids."""

    image: str | None = None
    variant_ids: list[str] = field(default_factory=list)


async def product_facts(uow: UnitOfWork, *, product_ids: list[str]) -> dict[str, ProductFacts]:
    """Each of the tenant's ``product_ids`` with its thumbnail and variant ids, in two queries."""
    if not product_ids:
        return {}
    async with uow:
        uow.actor.require("catalog.read")
        images = await first_image_urls(uow, product_ids)
        rows = await uow.s.execute(
            select(Variant.product_id, Variant.id)
            .where(Variant.tenant_id == uow.tenant_id, Variant.product_id.in_(product_ids))
            .order_by(Variant.product_id, Variant.position)
        )
    variants: dict[str, list[str]] = defaultdict(list)
    for product_id, variant_id in rows:
        variants[product_id].append(variant_id)
    return {pid: ProductFacts(images.get(pid), variants[pid]) for pid in product_ids if pid in variants}


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


async def variant_ids_by_code(uow: UnitOfWork, *, codes: list[str]) -> dict[str, str]:
    """Code -> variant id, a code being a variant's barcode or its SKU (a till scans the one or types the other),
    in one query; a barcode wins over another variant's SKU. Unknown codes are absent."""
    wanted = list(dict.fromkeys(c for c in codes if c))
    if not wanted:
        return {}
    async with uow:
        uow.actor.require("catalog.read")
        rows = await uow.s.execute(
            select(Variant.id, Variant.sku, Variant.barcode)
            .where(Variant.tenant_id == uow.tenant_id, or_(Variant.sku.in_(wanted), Variant.barcode.in_(wanted)))
            .order_by(Variant.id)
        )
    by_sku, by_barcode = {}, {}
    for variant_id, sku, barcode in rows:
        by_sku.setdefault(sku, variant_id)
        if barcode:
            by_barcode.setdefault(barcode, variant_id)
    return {code: by_barcode.get(code) or by_sku[code] for code in wanted if code in by_barcode or code in by_sku}
