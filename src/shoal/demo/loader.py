"""Load the demo tenant through the same services the API uses, so the demo is never a special case.

Idempotent: run it twice and nothing is duplicated (products are upserted by handle, locations and
categories matched by code and handle, stock set by stocktake to the same counts, accounts created once).
"""

from __future__ import annotations

import hashlib
import itertools
from decimal import Decimal
from pathlib import Path

from rich.console import Console
from rich.progress import Progress

from shoal.catalog import service as catalog
from shoal.catalog import service_taxonomy as taxonomy
from shoal.catalog.schemas import (
    ImageIn,
    OptionIn,
    OptionTranslation,
    ProductCreate,
    ProductRead,
    TextTranslation,
    VariantIn,
)
from shoal.catalog.schemas_taxonomy import CategoryCreate
from shoal.config import get_settings
from shoal.core.actors import SYSTEM
from shoal.core.errors import Conflict
from shoal.core.http import resolve_tenant
from shoal.core.tenancy import Tenant, TenantNotFound
from shoal.core.uow import Database
from shoal.customers import service as customers
from shoal.customers.schemas import CustomerCreate
from shoal.demo import data
from shoal.demo.images import write_placeholder
from shoal.demo.marketing import load_offers
from shoal.demo.orders import load_orders
from shoal.demo.shipping import load_shipping
from shoal.identity import service as identity
from shoal.identity.schemas import StaffCreate
from shoal.inventory import service as inventory
from shoal.inventory.schemas import Address, LocationCreate, LocationRead

DEMO_SLUG = "demo"


async def load_demo(db: Database, *, console: Console | None = None) -> str:
    console = console or Console()
    tenant = await _demo_tenant(db)
    work = lambda: db.uow(tenant_id=tenant.id, actor=SYSTEM)  # noqa: E731
    media = Path(get_settings().media_dir)
    with Progress(console=console, transient=False) as progress:
        task = progress.add_task("Demo / 演示数据", total=len(data.PRODUCTS) + data.SHOPPER_COUNT + 4)
        categories = await _categories(work)
        locations = await _locations(work)
        await _staff(work, locations)
        progress.advance(task, 3)
        skus: dict[str, str] = {}
        for product in data.PRODUCTS:
            created = await _product(work, product, categories[product.category], media)
            await _stock(work, product, created, locations)
            skus.update({variant.sku: variant.id for variant in created.variants})
            progress.advance(task)
        for n in range(1, data.SHOPPER_COUNT + 1):
            await _shopper(work, n)
            progress.advance(task)
        await load_offers(work)
        await load_shipping(work)
        await load_orders(db, tenant, skus, locations)
        progress.advance(task)
    return (
        f"{len(data.PRODUCTS)} products, {len(locations)} locations, {data.SHOPPER_COUNT} shoppers, "
        "promotions, coupons, shipping templates and a few orders"
    )


async def _demo_tenant(db: Database) -> Tenant:
    try:
        return await resolve_tenant(db, DEMO_SLUG)
    except TenantNotFound:
        return await identity.create_tenant(
            db.uow(),
            slug=DEMO_SLUG,
            name="青屿茶生活 Qingyu Tea & Living",
            owner_email="owner@demo.shoal",
            owner_password=data.DEMO_PASSWORD,
        )


async def _categories(work) -> dict[str, str]:  # type: ignore[no-untyped-def]
    existing = {c.handle: c.id for c in await taxonomy.list_categories(work())}
    for position, category in enumerate(data.CATEGORIES):
        if category.handle not in existing:
            created = await taxonomy.create_category(
                work(),
                data=CategoryCreate(
                    handle=category.handle,
                    name=category.zh,
                    translations={"en": TextTranslation(name=category.en)},
                    position=position,
                ),
            )
            existing[category.handle] = created.id
    return existing


async def _locations(work) -> dict[str, LocationRead]:  # type: ignore[no-untyped-def]
    existing = {loc.code: loc for loc in await inventory.list_locations(work())}
    for spec in data.LOCATIONS:
        if spec.code in existing:
            continue
        existing[spec.code] = await inventory.create_location(
            work(),
            data=LocationCreate(
                code=spec.code,
                kind=spec.kind,
                name=spec.zh,
                name_translations={"zh-CN": spec.zh, "en": spec.en},
                address=Address(province=spec.city, city=spec.city, district=spec.district, line1=spec.line1),
                latitude=Decimal(spec.latitude),
                longitude=Decimal(spec.longitude),
                priority=spec.priority,
                pickup_enabled=spec.pickup,
            ),
        )
    return existing


async def _staff(work, locations: dict[str, LocationRead]) -> None:  # type: ignore[no-untyped-def]
    accounts = [
        StaffCreate(email="operator@demo.shoal", name="运营 Operator", password=data.DEMO_PASSWORD, role="operator"),
        StaffCreate(
            email="clerk@demo.shoal",
            name="店员 Clerk",
            password=data.DEMO_PASSWORD,
            role="clerk",
            location_id=locations["ST-SH-XTD"].id,
        ),
    ]
    for account in accounts:
        try:
            await identity.create_staff(work(), data=account)
        except Conflict:
            continue


def _product_spec(product: data.DemoProduct, category_id: str, image: str) -> ProductCreate:
    options = [
        OptionIn(
            name=o.zh,
            values=list(o.values_zh),
            translations={"en": OptionTranslation(name=o.en, values=list(o.values_en))},
        )
        for o in product.options
    ]
    combos = list(itertools.product(*(o.values_zh for o in product.options))) or [()]
    number = data.PRODUCTS.index(product) + 1
    variants = [
        VariantIn(
            sku=f"QY-{number:03d}-{i + 1:02d}",
            barcode=f"69{number:05d}{i + 1:04d}",
            options=list(combo),
            price=product.price + product.step * (product.options[0].values_zh.index(combo[0]) if combo else 0),
            compare_at_price=product.price * 5 // 4 if number % 3 == 0 else None,
            weight_grams=150 + 50 * (i % 4),
        )
        for i, combo in enumerate(combos)
    ]
    return ProductCreate(
        handle=product.handle,
        name=product.zh,
        description=f"<p>{product.zh}，青屿甄选。</p>",
        translations={"en": TextTranslation(name=product.en, description=f"<p>{product.en}, chosen by Qingyu.</p>")},
        status="active",
        category_ids=[category_id],
        tags=list(product.tags),
        options=options,
        images=[ImageIn(url=image, alt=product.en)],
        variants=variants,
    )


async def _product(work, product: data.DemoProduct, category_id: str, media: Path) -> ProductRead:  # type: ignore[no-untyped-def]
    image = write_placeholder(media, product.handle, product.zh, product.en)
    created, _ = await catalog.upsert_product(work(), data=_product_spec(product, category_id, image))
    return created


async def _stock(work, product: data.DemoProduct, created: ProductRead, locations: dict[str, LocationRead]) -> None:  # type: ignore[no-untyped-def]
    """Deterministic counts: plenty in warehouses, a few in stores; the limited set is scarce everywhere."""
    for variant in created.variants:
        for code, location in locations.items():
            quantity = _demo_quantity(product.handle, variant.sku, code)
            await inventory.set_on_hand(
                work(), variant_id=variant.id, location_id=location.id, quantity=quantity, reference="demo"
            )


def _demo_quantity(handle: str, sku: str, location_code: str) -> int:
    seed = int(hashlib.sha256(f"{sku}:{location_code}".encode()).hexdigest()[:6], 16)
    if handle == data.SCARCE_HANDLE:
        return 12 if location_code == "WH-SH" else 0
    if location_code.startswith("WH"):
        return 20 + seed % 60
    return seed % 15


async def _shopper(work, n: int) -> None:  # type: ignore[no-untyped-def]
    try:
        await customers.create_customer(
            work(),
            data=CustomerCreate(
                email=f"shopper{n}@demo.shoal",
                password=data.DEMO_PASSWORD,
                name=f"顾客{n}",
                customer_group="vip" if n <= 3 else None,
            ),
        )
    except Conflict:
        return
