"""Console product pages: list with search and filter, create with variants, opening stock and an image,
detail with stock per location, publish and archive, and edit (prices, channel prices, new values of the
dimensions and the variants they give, one more image)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from pydantic import ValidationError
from starlette.datastructures import UploadFile

from shoal.catalog import rules
from shoal.catalog import service as catalog
from shoal.catalog import service_lookup as lookup
from shoal.catalog import service_taxonomy as taxonomy
from shoal.catalog import service_variants as variants
from shoal.catalog.errors import SkuTaken
from shoal.catalog.schemas import ImageIn, ProductRead, ProductUpdate
from shoal.catalog.schemas_taxonomy import CategoryRead
from shoal.core.context import RequestContext
from shoal.core.errors import ShoalError
from shoal.core.uow import UnitOfWork
from shoal.inventory import service as inventory
from shoal.inventory import service_stock as stock_service
from shoal.orders.service_report import units_sold
from shoal.web.console.deps import ConsoleContext
from shoal.web.console.product_edit_form import (
    ProductEdit,
    form_fields,
    initial_values,
    price_rows,
    prices_key,
    read_edit_form,
    step_errors,
    variant_key,
    with_image,
)
from shoal.web.console.product_edit_grid import EditGrid, read_edit_grid
from shoal.web.console.product_form import form_field_errors, form_values, read_product_form, sku_row
from shoal.web.console.product_grid import (
    MAX_DIMENSIONS,
    Grid,
    batch_fill,
    grid_fields,
    grid_values,
    read_grid,
)
from shoal.web.forms import FORM_ERROR, errors_of, place_errors
from shoal.web.i18n import translations
from shoal.web.media import ImageRejected, store_image
from shoal.web.route import WebRoute
from shoal.web.templating import render

router = APIRouter(prefix="/console/products", route_class=WebRoute, include_in_schema=False)
FORM_FIELDS = {
    "name",
    "name_en",
    "handle",
    "description",
    "status",
    "category_ids",
    "variants",
    "location_id",
    "image",
}


@router.get("", response_class=HTMLResponse)
async def product_list(
    request: Request, ctx: ConsoleContext, q: str | None = None, status: str | None = None, cursor: str | None = None
) -> HTMLResponse:
    page = await catalog.list_products(ctx.uow(), limit=20, cursor=cursor, status=status or None, q=q or None)
    product_ids = [p.id for p in page.items]
    facts = await lookup.product_facts(ctx.uow(), product_ids=product_ids)
    available = await inventory.availability(ctx.uow(), variant_ids=[v for f in facts.values() for v in f.variant_ids])
    context = {
        "page": page,
        "q": q or "",
        "status": status or "",
        "facts": facts,
        "stock": {pid: sum(available[v] for v in f.variant_ids) for pid, f in facts.items()},
        # Sales are an orders figure: staff who may not read orders see the list without them.
        "sold": await units_sold(ctx.uow(), product_ids=product_ids)
        if "orders.read" in ctx.actor.permissions
        else None,
    }
    return render(request, "console/products.html", context)


async def _form_context(
    ctx: RequestContext, values: dict[str, Any], grid: Grid, errors: dict[str, str]
) -> dict[str, Any]:
    """The new-product form; the grid's rows are drawn from ``grid``, with what was typed in them."""
    return {
        "values": {**values, **grid_values(grid)},
        "errors": place_errors(errors, FORM_FIELDS | grid_fields(grid)),
        "grid": grid,
        "slots": range(MAX_DIMENSIONS),
        "categories": await _categories(ctx),
        "location_options": [("", "—")] + [(loc.id, loc.name) for loc in await inventory.list_locations(ctx.uow())],
    }


@router.get("/new", response_class=HTMLResponse)
async def new_product(request: Request, ctx: ConsoleContext) -> HTMLResponse:
    ctx.actor.require("catalog.write")
    grid = read_grid({}, translations(ctx.locale).gettext)
    return render(request, "console/product_new.html", await _form_context(ctx, {"status": "draft"}, grid, {}))


@router.post("", response_class=HTMLResponse)
async def create_product(request: Request, ctx: ConsoleContext) -> HTMLResponse:
    form = await request.form()
    values = form_values(form)
    gettext = translations(ctx.locale).gettext
    parsed = read_product_form(form, ctx.tenant.currency, gettext)
    errors: dict[str, str] = {}
    if parsed.validation is not None:
        errors.update(form_field_errors(errors_of(request, parsed.validation), parsed.grid))
    # The reader's message ("Enter a price such as 19.90.") beats the schema's "required" for the same field.
    errors.update(parsed.errors)
    location_id = values.get("location_id") or None
    if any(parsed.stock) and not location_id:
        errors["location_id"] = gettext("Choose where the opening stock is.")
    saved = None
    if parsed.data is not None and not errors:
        saved = await _store_upload(request, form.get("image"), gettext, errors)
    if parsed.data is None or errors:
        return _invalid(request, await _form_context(ctx, values, parsed.grid, errors))
    data = parsed.data
    if saved:
        data = data.model_copy(update={"images": [ImageIn(url=saved[0], alt=data.name)]})
    try:
        product_id = await _create_with_stock(ctx, data, parsed.stock, location_id)
    except (ShoalError, ValidationError) as exc:
        if saved:
            saved[1].unlink(missing_ok=True)
        found = form_field_errors(errors_of(request, exc), parsed.grid)
        taken = sku_row(parsed.grid, str(exc.params.get("sku"))) if isinstance(exc, SkuTaken) else None
        if taken:
            found = {taken: found.pop(FORM_ERROR, ""), **found}
        return _invalid(request, await _form_context(ctx, values, parsed.grid, found))
    return HTMLResponse("", headers={"HX-Redirect": f"/console/products/{product_id}"})


@router.post("/grid", response_class=HTMLResponse)
async def product_grid(request: Request, ctx: ConsoleContext) -> HTMLResponse:
    """Redraw the variant grid from the dimensions typed, keeping what rows that still exist hold; with
    ``fill``, first copy the batch row into every row. Nothing is saved."""
    ctx.actor.require("catalog.write")
    form = await request.form()
    grid = read_grid(form, translations(ctx.locale).gettext, drafting=True)
    if form.get("fill"):
        batch_fill(grid, form)
    context = await _form_context(ctx, form_values(form), grid, grid.errors)
    return render(request, "console/product_new.html", context, block="grid")


async def _store_upload(
    request: Request, upload: Any, gettext: Callable[[str], str], errors: dict[str, str]
) -> tuple[str, Path] | None:
    """Store the chosen image (URL and file, so a failed save can remove it); a refused file is an error."""
    if not isinstance(upload, UploadFile) or not upload.filename:
        return None
    try:
        return await store_image(upload, request.app.state.settings.media_dir, "products")
    except ImageRejected:
        errors["image"] = gettext("Upload a JPEG, PNG, WebP or GIF image of at most 5 MB.")
        return None


def _invalid(request: Request, context: dict[str, Any]) -> HTMLResponse:
    return render(request, "console/product_new.html", context, status=422, block="form")


async def _create_with_stock(ctx: RequestContext, data: Any, stock: list[int], location_id: str | None) -> str:
    """The product and its opening stock in one transaction: if either fails, nothing is saved."""
    uow = ctx.uow()
    async with uow:
        product = await catalog.create_product(uow, data=data)
        for variant, quantity in zip(product.variants, stock, strict=False):
            if quantity and location_id:
                await stock_service.receive_stock(
                    uow, variant_id=variant.id, location_id=location_id, quantity=quantity, reference="opening"
                )
        await uow.commit()
    return product.id


@router.get("/{product_id}", response_class=HTMLResponse)
async def product_detail(request: Request, ctx: ConsoleContext, product_id: str) -> HTMLResponse:
    product = await catalog.get_product(ctx.uow(), product_id=product_id)
    variant_ids = [v.id for v in product.variants]
    by_location = await inventory.availability_by_location(ctx.uow(), variant_ids=variant_ids)
    locations = await inventory.list_locations(ctx.uow())
    context = {"product": product, "stock": by_location, "locations": locations}
    return render(request, "console/product_detail.html", context)


@router.post("/{product_id}/status", response_class=HTMLResponse)
async def set_status(request: Request, ctx: ConsoleContext, product_id: str) -> HTMLResponse:
    status = str((await request.form()).get("status", ""))
    await catalog.update_product(
        ctx.uow(), product_id=product_id, data=ProductUpdate.model_validate({"status": status})
    )
    return HTMLResponse("", headers={"HX-Refresh": "true"})


@router.get("/{product_id}/edit", response_class=HTMLResponse)
async def edit_product(request: Request, ctx: ConsoleContext, product_id: str) -> HTMLResponse:
    ctx.actor.require("catalog.write")
    product = await catalog.get_product(ctx.uow(), product_id=product_id)
    values = initial_values(product)
    grid = read_edit_grid(values, product, translations(ctx.locale).gettext)
    return render(request, "console/product_edit.html", await _edit_context(ctx, product, grid, values))


@router.post("/{product_id}/grid", response_class=HTMLResponse)
async def product_edit_grid(request: Request, ctx: ConsoleContext, product_id: str) -> HTMLResponse:
    """Redraw the edit form's grid from the dimensions typed (a value added gives new rows); nothing is saved."""
    ctx.actor.require("catalog.write")
    product = await catalog.get_product(ctx.uow(), product_id=product_id)
    form = await request.form()
    grid = read_edit_grid(form, product, translations(ctx.locale).gettext, drafting=True)
    context = await _edit_context(ctx, product, grid, form_values(form), grid.grid.errors)
    return render(request, "console/product_edit.html", context, block="grid")


@router.post("/{product_id}", response_class=HTMLResponse)
async def save_product(request: Request, ctx: ConsoleContext, product_id: str) -> HTMLResponse:
    """Check the whole form first (nothing is written while anything typed is wrong), then save it at once;
    a refusal from a service lands next to the input it concerns, with what the user typed kept."""
    ctx.actor.require("catalog.write")
    product = await catalog.get_product(ctx.uow(), product_id=product_id)
    form = await request.form()
    gettext = translations(ctx.locale).gettext
    edit = read_edit_form(form, product, gettext)
    errors = dict(edit.errors)
    for prefix, exc in edit.invalid:
        errors.update(step_errors(prefix, errors_of(request, exc)))
    saved = None if errors else await _store_upload(request, form.get("image"), gettext, errors)
    if errors:
        return await _invalid_edit(request, ctx, product, edit.grid, form_values(form), errors)
    try:
        await _save_edit(ctx, product.id, with_image(edit, product, saved[0]) if saved else edit)
    except StepFailed as failed:
        if saved:
            saved[1].unlink(missing_ok=True)
        found = step_errors(failed.prefix, errors_of(request, failed.error), getattr(failed.error, "code", None))
        return await _invalid_edit(request, ctx, product, edit.grid, form_values(form), found)
    return HTMLResponse("", headers={"HX-Redirect": f"/console/products/{product.id}"})


class StepFailed(Exception):
    """A save step refused its input; ``prefix`` says which part of the form it came from."""

    def __init__(self, prefix: str, error: ShoalError | ValidationError) -> None:
        super().__init__(prefix)
        self.prefix, self.error = prefix, error


async def _save_edit(ctx: RequestContext, product_id: str, edit: ProductEdit) -> None:
    """Every change in one transaction: a step that fails rolls back the steps before it, so nothing is saved."""
    uow = ctx.uow()
    async with uow:
        for prefix, step in _steps(uow, product_id, edit):
            try:
                await step()
            except (ShoalError, ValidationError) as exc:
                raise StepFailed(prefix, exc) from exc
        await uow.commit()


def _steps(uow: UnitOfWork, product_id: str, edit: ProductEdit) -> Iterator[tuple[str, Callable[[], Awaitable[Any]]]]:
    """The service calls of an edit, each with the form prefix its errors belong under."""
    if edit.product is not None:
        yield "", partial(catalog.update_product, uow, product_id=product_id, data=edit.product)
    for change in edit.variants:
        if change.update is not None:
            update = partial(variants.update_variant, uow, variant_id=change.variant_id, data=change.update)
            yield variant_key(change.variant_id), update
        if change.prices is not None:
            prices = partial(variants.set_channel_prices, uow, variant_id=change.variant_id, data=change.prices)
            yield prices_key(change.variant_id), prices
    for key, new_variant in edit.new_variants:
        yield key, partial(variants.add_variant, uow, product_id=product_id, data=new_variant)


async def _edit_context(
    ctx: RequestContext,
    product: ProductRead,
    grid: EditGrid,
    values: dict[str, Any],
    errors: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The edit form; the grid's new rows are drawn from ``grid``, with what was typed in them."""
    errors = errors or {}
    return {
        "product": product,
        "values": {**values, **grid_values(grid.grid)},
        "errors": errors,
        "grid": grid.grid,
        "existing": grid.existing,
        "slots": range(MAX_DIMENSIONS),
        "price_rows": price_rows(product),
        # Channel prices fold away, except where there are some or where something is wrong with them.
        "open_prices": {
            v.id for v in product.variants if v.channel_prices or any(k.startswith(prices_key(v.id)) for k in errors)
        },
        "categories": await _categories(ctx),
    }


async def _invalid_edit(
    request: Request,
    ctx: RequestContext,
    product: ProductRead,
    grid: EditGrid,
    values: dict[str, Any],
    errors: dict[str, str],
) -> HTMLResponse:
    context = await _edit_context(ctx, product, grid, values, place_errors(errors, form_fields(product, grid)))
    return render(request, "console/product_edit.html", context, status=422, block="form")


async def _categories(ctx: RequestContext) -> list[CategoryRead]:
    """The shop's categories for the product form, each named in the reader's language."""
    return [
        category.model_copy(update={"name": rules.localised(category.name, "", category.translations, ctx.locale)[0]})
        for category in await taxonomy.list_categories(ctx.uow())
    ]
