"""Import and export products: each product in its own transaction, so one bad product never blocks or
half-writes another. Products are upserted by handle, and variants by SKU in Shoal's own format or by
option values in other shops' files (whose SKUs may repeat, and are changed rather than refused:
``imports.skus``), so importing the same file again updates rather than duplicates. Stock counts in the
file are set by stocktake at a location.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable

from pydantic import ValidationError

from shoal.catalog import rules as catalog_rules
from shoal.catalog import service as catalog
from shoal.catalog import service_taxonomy as taxonomy
from shoal.catalog.schemas import ProductCreate, ProductRead
from shoal.catalog.schemas_taxonomy import BrandCreate, CategoryCreate
from shoal.core.errors import ShoalError
from shoal.core.money import format_amount
from shoal.core.uow import UnitOfWork
from shoal.imports import formats, shoal_csv, skus
from shoal.imports.errors import UnknownLocation
from shoal.imports.rows import ImportedProduct, RowError
from shoal.imports.schemas import ImportReport, RowProblem
from shoal.inventory import service as inventory
from shoal.inventory.schemas import LocationCreate

UowFactory = Callable[[], UnitOfWork]
# Told (done, total) after each product; may be async (a job writes its progress to the database).
Progress = Callable[[int, int], Awaitable[None] | None]


async def import_products(
    new_uow: UowFactory, *, text: str, fmt: str = "auto", location_code: str | None = None,
    progress: Progress | None = None,
) -> ImportReport:  # fmt: skip
    parsed = formats.parse(text, fmt)
    new_uow().actor.require("catalog.write")
    problems = list(parsed.errors)
    warnings: list[RowError] = list(parsed.warnings)
    created = updated = stock_rows = 0
    locations = await _locations(new_uow, parsed.products, location_code)
    names = _Names()
    # Other shops' files: every SKU of the file, which a suffix given for a taken SKU must not be.
    in_file = None if parsed.format in formats.SKU_IS_IDENTITY else {v.sku for p in parsed.products for v in p.variants}
    for done, product in enumerate(parsed.products, start=1):
        if product.errors:
            problems.extend(product.errors)
        else:
            try:
                was_created, stocked = await _import_one(new_uow, product, locations, location_code, names, in_file)
            except (ShoalError, ValidationError) as exc:
                problems.append(_refusal(product, exc))
            else:
                created, updated = created + was_created, updated + (not was_created)
                stock_rows += stocked
                warnings.extend(product.warnings)
        if progress and inspect.isawaitable(told := progress(done, len(parsed.products))):
            await told
    failed = {p.handle for p in parsed.products if p.errors} | {p.handle for p in problems if p.handle}
    return ImportReport(
        format=parsed.format,
        products=len(parsed.products),
        variants=sum(len(p.variants) for p in parsed.products),
        created=created,
        updated=updated,
        failed=len(failed),
        stock_rows=stock_rows,
        problems=_listed(problems),
        warnings=_listed(warnings),
    )


def _listed(rows: list[RowError]) -> list[RowProblem]:
    return [_problem(e) for e in sorted(rows, key=lambda e: e.row)]


def _problem(e: RowError) -> RowProblem:
    return RowProblem(
        row=e.row, handle=e.handle, code=e.code, message=e.message_en, message_zh=e.message_zh, sku=e.sku,
        source_sku=e.source_sku,
    )  # fmt: skip


class _Names:
    """Brands and categories by name, created on first sight and remembered for the rest of the file."""

    def __init__(self) -> None:
        self.brands: dict[str, str] | None = None
        self.categories: dict[str, str] | None = None

    async def brand(self, uow: UnitOfWork, name: str) -> str:
        if self.brands is None:
            self.brands = {b.name: b.id for b in await taxonomy.list_brands(uow)}
        if name not in self.brands:
            made = await taxonomy.create_brand(uow, data=BrandCreate(name=name[:200]))
            self.brands[name] = made.id
        return self.brands[name]

    async def category(self, uow: UnitOfWork, name: str) -> str:
        if self.categories is None:
            self.categories = {c.name: c.id for c in await taxonomy.list_categories(uow)}
        if name not in self.categories:
            made = await taxonomy.create_category(uow, data=CategoryCreate(name=name[:200]))
            self.categories[name] = made.id
        return self.categories[name]


async def _import_one(
    new_uow: UowFactory, product: ImportedProduct, locations: dict[str, str], default_code: str | None,
    names: _Names, in_file: set[str] | None,
) -> tuple[bool, int]:  # fmt: skip
    """One product and its stock in one transaction; a failure leaves nothing of it behind. ``in_file``:
    the file's SKUs when variants are found by option values (another shop's file), else None."""
    brands, categories = dict(names.brands or {}), dict(names.categories or {})
    uow = new_uow()
    try:
        async with uow:
            brand_id = await names.brand(uow, product.brand) if product.brand else None
            category_ids = [await names.category(uow, name) for name in product.category_names()]
            if in_file is not None:
                await _settle_taken_skus(uow, product, _stored_handle(product), in_file)
            saved, created = await catalog.upsert_product(
                uow, data=_product_spec(product, brand_id, category_ids),
                match_variants_by="sku" if in_file is None else "options",
            )  # fmt: skip
            by_sku = {v.sku: v.id for v in saved.variants}
            stocked = 0
            for variant in product.variants:
                if variant.quantity is None:
                    continue
                code = variant.location_code or default_code or ""
                await inventory.set_on_hand(
                    uow, variant_id=by_sku[variant.sku], location_id=locations[code], quantity=variant.quantity,
                    reference=f"import:{product.handle}",
                )  # fmt: skip
                stocked += 1
            await uow.commit()
    except BaseException:
        names.brands, names.categories = brands, categories  # what this product created was rolled back
        raise
    return created, stocked


def _product_spec(product: ImportedProduct, brand_id: str | None, category_ids: list[str]) -> ProductCreate:
    """Validated as one document, so a refused value names its place (``variants.3.barcode``) and its row."""
    english = {"name": product.name_en, "description": product.description_en}
    return ProductCreate.model_validate(
        {
            "handle": _stored_handle(product) or None,
            "name": product.name[:200],
            "description": product.description,
            "translations": {"en": english} if any(english.values()) else {},
            "status": product.status,
            "brand_id": brand_id,
            "category_ids": category_ids,
            "tags": product.tags[:50],
            "attributes": product.attributes | _shipping_and_tax(product),
            "options": [
                {"name": name, "values": list(dict.fromkeys(v.options[i] for v in product.variants))}
                for i, name in enumerate(product.option_names)
            ],
            "images": [{"url": url, "alt": alt[:200]} for _, url, alt in sorted(product.images, key=lambda i: i[0])],
            "variants": [
                {
                    "sku": v.sku,
                    "source_sku": v.source_sku,
                    "barcode": v.barcode,
                    "options": v.options,
                    "price": v.price,
                    "compare_at_price": v.compare_at_price,
                    "weight_grams": v.weight_grams,
                    "image_url": v.image,
                }
                for v in product.variants
            ],
        }
    )


async def _settle_taken_skus(uow: UnitOfWork, product: ImportedProduct, handle: str, in_file: set[str]) -> None:
    """Each variant whose SKU another product of the shop holds gets the first free suffix, asking the
    shop about more suffixes while the ones asked about are taken (``skus.renames_for_taken``)."""
    checked = {v.sku for v in product.variants}
    holders = await catalog.sku_holders(uow, skus=checked)
    while True:
        try:
            renames = skus.renames_for_taken(product, handle, holders, checked, in_file)
        except skus.Unchecked as more:
            holders |= await catalog.sku_holders(uow, skus=more.skus)
            checked.update(more.skus)
        else:
            skus.apply_renames(product, renames)
            return


def _stored_handle(product: ImportedProduct) -> str:
    """The handle the catalog stores the product under: the file's, made a valid slug when it is not."""
    if catalog_rules.is_valid_handle(product.handle):
        return product.handle
    return catalog_rules.slugify(product.handle) or catalog_rules.slugify(product.name[:200])


def _shipping_and_tax(product: ImportedProduct) -> dict[str, bool]:
    """The catalog has no per-variant shipping or tax flags yet; a product none of whose variants ship
    (or are taxed) keeps that fact as an attribute rather than losing it."""
    facts = {
        "requires_shipping": any(v.requires_shipping for v in product.variants),
        "taxable": any(v.taxable for v in product.variants),
    }
    return {key: False for key, value in facts.items() if product.variants and not value}


async def _locations(new_uow: UowFactory, products: list[ImportedProduct], code: str | None) -> dict[str, str]:
    """Location ids by code for every code the file needs; ``""`` is the default location."""
    wanted = {v.location_code for p in products for v in p.variants if v.quantity is not None}
    if not wanted:
        return {}
    known = await inventory.list_locations(new_uow())
    by_code = {loc.code: loc.id for loc in known}
    for needed in {c for c in wanted if c} | ({code} if code else set()):
        if needed not in by_code:
            raise UnknownLocation(code=needed)
    if code:
        by_code[""] = by_code[code]
    elif None in wanted:
        warehouses = sorted((loc for loc in known if loc.kind == "warehouse"), key=lambda loc: loc.priority)
        by_code[""] = warehouses[0].id if warehouses else await _default_warehouse(new_uow)
    return by_code


async def _default_warehouse(new_uow: UowFactory) -> str:
    made = await inventory.create_location(
        new_uow(),
        data=LocationCreate(code="DEFAULT", kind="warehouse", name="默认仓库",
                            name_translations={"zh-CN": "默认仓库", "en": "Default warehouse"}, priority=1),
    )  # fmt: skip
    return made.id


def _refusal(product: ImportedProduct, exc: ShoalError | ValidationError) -> RowError:
    """The catalog's refusal, on the row of the variant it names when it names one."""
    if isinstance(exc, ShoalError):
        return RowError(product.first_row, product.handle, exc.code, exc.render("en"), exc.render("zh-CN"))
    first = exc.errors()[0]
    loc = first.get("loc", ())
    where = ".".join(str(p) for p in loc)
    in_variant = len(loc) > 1 and loc[0] == "variants" and isinstance(loc[1], int) and loc[1] < len(product.variants)
    row = product.variants[loc[1]].row if in_variant else product.first_row
    return RowError(
        row, product.handle, "invalid_product",
        f"{where}: {first.get('msg', 'invalid')}", f"{where}：字段无效（{first.get('msg', '')}）",
    )  # fmt: skip


async def export_products_csv(new_uow: UowFactory) -> str:
    """Every product of the shop in Shoal's CSV format (re-importable as it is)."""
    rows: list[dict[str, str]] = []
    cursor: str | None = None
    brands = {b.id: b.name for b in await taxonomy.list_brands(new_uow())}
    categories = {c.id: c.name for c in await taxonomy.list_categories(new_uow())}
    while True:
        page = await catalog.list_products(new_uow(), limit=100, cursor=cursor, sort="created_at")
        for summary in page.items:
            product = await catalog.get_product(new_uow(), product_id=summary.id)
            rows.extend(_export_rows(product, brands, categories))
        if not page.next_cursor:
            return shoal_csv.write(rows)
        cursor = page.next_cursor


def _export_rows(product: ProductRead, brands: dict[str, str], categories: dict[str, str]) -> list[dict[str, str]]:
    english = product.translations.get("en", {}) or {}
    head = {
        "handle": product.handle, "name_zh": product.name, "name_en": english.get("name") or "",
        "description_zh": product.description, "description_en": english.get("description") or "",
        "status": product.status, "brand": brands.get(product.brand_id or "", ""),
        "category": shoal_csv.CATEGORY_SEPARATOR.join(categories[c] for c in product.category_ids if c in categories),
        "tags": ",".join(product.tags), "images": " ".join(image.url for image in product.images),
    }  # fmt: skip
    for i, option in enumerate(product.options, start=1):
        head[f"option{i}_name"] = option.name
    images = {image.id: image.url for image in product.images}
    rows = []
    for variant in product.variants:
        row = dict(head)
        for i, value in enumerate(variant.options, start=1):
            row[f"option{i}_value"] = value
        row.update(
            sku=variant.sku, barcode=variant.barcode or "", weight_grams=str(variant.weight_grams),
            price=format_yuan(variant.price), compare_at_price=format_yuan(variant.compare_at_price),
            image=images.get(variant.image_id or "", ""),
        )  # fmt: skip
        rows.append(row)
    return rows


def format_yuan(amount: int | None) -> str:
    return format_amount(amount) if amount is not None else ""
