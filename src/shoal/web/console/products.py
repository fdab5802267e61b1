"""Console product pages: list with search and filter, create with variants, opening stock and an image,
detail with stock per location, publish and archive."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from pydantic import ValidationError
from starlette.datastructures import UploadFile

from shoal.catalog import service as catalog
from shoal.catalog import service_taxonomy as taxonomy
from shoal.catalog.schemas import ImageIn, ProductUpdate
from shoal.core.context import RequestContext
from shoal.core.errors import ShoalError
from shoal.inventory import service as inventory
from shoal.inventory import service_stock as stock_service
from shoal.web.console.deps import ConsoleContext
from shoal.web.console.media import ImageRejected, store_image
from shoal.web.console.product_form import ROW_FIELDS, VARIANT_ROWS, read_product_form, row_field_errors
from shoal.web.forms import errors_of, place_errors
from shoal.web.i18n import translations
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
    "option_name",
    "variants",
    "location_id",
    "image",
    *(f"variants.{i}.{name}" for i in range(VARIANT_ROWS) for name in ROW_FIELDS),
}


@router.get("", response_class=HTMLResponse)
async def product_list(
    request: Request, ctx: ConsoleContext, q: str | None = None, status: str | None = None, cursor: str | None = None
) -> HTMLResponse:
    page = await catalog.list_products(ctx.uow(), limit=20, cursor=cursor, status=status or None, q=q or None)
    return render(request, "console/products.html", {"page": page, "q": q or "", "status": status or ""})


async def _form_context(ctx: RequestContext, values: dict[str, Any], errors: dict[str, str]) -> dict[str, Any]:
    return {
        "values": values,
        "errors": errors,
        "rows": range(VARIANT_ROWS),
        "categories": await taxonomy.list_categories(ctx.uow()),
        "location_options": [("", "—")] + [(loc.id, loc.name) for loc in await inventory.list_locations(ctx.uow())],
    }


@router.get("/new", response_class=HTMLResponse)
async def new_product(request: Request, ctx: ConsoleContext) -> HTMLResponse:
    ctx.actor.require("catalog.write")
    return render(request, "console/product_new.html", await _form_context(ctx, {"status": "draft"}, {}))


@router.post("", response_class=HTMLResponse)
async def create_product(request: Request, ctx: ConsoleContext) -> HTMLResponse:
    form = await request.form()
    values = {key: str(value) for key, value in form.items() if not isinstance(value, UploadFile)}
    values["category_ids"] = form.getlist("category_ids")  # type: ignore[assignment]
    gettext = translations(ctx.locale).gettext
    parsed = read_product_form(form, ctx.tenant.currency, gettext)
    errors = dict(parsed.errors)
    if parsed.validation is not None:
        errors.update(row_field_errors(errors_of(request, parsed.validation), values))
    location_id = values.get("location_id") or None
    if any(parsed.stock) and not location_id:
        errors["location_id"] = gettext("Choose where the opening stock is.")
    upload = form.get("image")
    saved = None
    if parsed.data is not None and not errors and isinstance(upload, UploadFile) and upload.filename:
        try:
            saved = await store_image(upload, request.app.state.settings.media_dir, "products")
        except ImageRejected:
            errors["image"] = gettext("Upload a JPEG, PNG, WebP or GIF image of at most 5 MB.")
    if parsed.data is None or errors:
        return _invalid(request, await _form_context(ctx, values, place_errors(errors, FORM_FIELDS)))
    data = parsed.data
    if saved:
        data = data.model_copy(update={"images": [ImageIn(url=saved[0], alt=data.name)]})
    try:
        product_id = await _create_with_stock(ctx, data, parsed.stock, location_id)
    except (ShoalError, ValidationError) as exc:
        if saved:
            saved[1].unlink(missing_ok=True)
        found = row_field_errors(errors_of(request, exc), values)
        return _invalid(request, await _form_context(ctx, values, place_errors(found, FORM_FIELDS)))
    return HTMLResponse("", headers={"HX-Redirect": f"/console/products/{product_id}"})


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
