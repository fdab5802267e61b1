"""Console suppliers (供应商): the list, the form that adds one, and a supplier's page with the SKUs it supplies
and their terms (supplier SKU, cost, case size, MOQ, lead time).

Staff type SKU codes and yuan; the page resolves the codes to variants (catalog's service) and the yuan to fen
before calling the supply services, which own every rule.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from shoal.catalog import service_variants as variants
from shoal.core.context import RequestContext
from shoal.core.errors import ShoalError
from shoal.supply import service_suppliers
from shoal.supply.schemas import SupplierCreate, SupplierItemIn
from shoal.web.console.deps import ConsoleContext
from shoal.web.console.marketing_forms import _Reader, compact
from shoal.web.forms import blank_to_none, errors_of, place_errors
from shoal.web.i18n import translations
from shoal.web.route import WebRoute
from shoal.web.templating import render

router = APIRouter(prefix="/console/supply/suppliers", route_class=WebRoute, include_in_schema=False)
HOME = "/console/supply/suppliers"
SUPPLIER_FIELDS = {"code", "name", "contact_name", "phone", "email", "payment_terms", "note"}
ITEM_FIELDS = {"sku", "supplier_sku", "cost_price", "pack_size", "min_order_quantity", "lead_time_days"}


async def _list_context(ctx: RequestContext, values: dict[str, str], errors: dict[str, str]) -> dict[str, Any]:
    return {"suppliers": await service_suppliers.list_suppliers(ctx.uow()), "values": values, "errors": errors}


@router.get("", response_class=HTMLResponse)
async def supplier_list(request: Request, ctx: ConsoleContext) -> HTMLResponse:
    return render(request, "console/supply_suppliers.html", await _list_context(ctx, {"payment_terms": "net_30"}, {}))


@router.post("", response_class=HTMLResponse)
async def create(request: Request, ctx: ConsoleContext) -> Response:
    """Add a supplier; a refused form comes back with each problem under its input and nothing saved."""
    values = {key: str(value).strip() for key, value in (await request.form()).items()}
    try:
        made = await service_suppliers.create_supplier(
            ctx.uow(), data=SupplierCreate.model_validate(blank_to_none(values))
        )
    except (ShoalError, ValidationError) as exc:
        errors = place_errors(errors_of(request, exc), SUPPLIER_FIELDS)
        return render(request, "console/supply_suppliers.html", await _list_context(ctx, values, errors), status=422)
    return Response(status_code=204, headers={"HX-Redirect": f"{HOME}/{made.id}"})


async def _supplier_context(
    ctx: RequestContext, supplier_id: str, values: dict[str, str], errors: dict[str, str]
) -> dict[str, Any]:
    supplier = await service_suppliers.get_supplier(ctx.uow(), supplier_id=supplier_id)
    items = await service_suppliers.list_items(ctx.uow(), supplier_id=supplier_id)
    snaps = await variants.variants_for_pricing(ctx.uow(), variant_ids=[i.variant_id for i in items])
    return {"supplier": supplier, "items": items, "snaps": snaps, "values": values, "errors": errors}


@router.get("/{supplier_id}", response_class=HTMLResponse)
async def supplier_page(request: Request, ctx: ConsoleContext, supplier_id: str) -> HTMLResponse:
    values = {"pack_size": "1", "min_order_quantity": "1", "lead_time_days": "7"}
    return render(request, "console/supply_supplier.html", await _supplier_context(ctx, supplier_id, values, {}))


@router.post("/{supplier_id}/items", response_class=HTMLResponse)
async def save_item(request: Request, ctx: ConsoleContext, supplier_id: str) -> Response:
    """Add the SKU to what the supplier supplies, or replace its terms."""
    values = {key: str(value).strip() for key, value in (await request.form()).items()}
    gettext = translations(ctx.locale).gettext
    sku = values.get("sku", "")
    ids = await variants.variant_ids_by_sku(ctx.uow(), skus=[sku] if sku else [])
    r = _Reader(values, ctx.tenant.currency, gettext)
    if not sku:
        r.errors["sku"] = gettext("This field is required.")
    elif sku not in ids:
        r.errors["sku"] = gettext("No variant has the SKU %(sku)s.") % {"sku": sku}
    payload = {
        "variant_id": ids.get(sku), "supplier_sku": r.text("supplier_sku") or None,
        "cost_price": r.fen("cost_price", required=True), "pack_size": r.whole("pack_size"),
        "min_order_quantity": r.whole("min_order_quantity"), "lead_time_days": r.whole("lead_time_days"),
    }  # fmt: skip
    form = r.finish(SupplierItemIn, compact(payload))
    invalid = errors_of(request, form.invalid) if form.invalid else {}
    errors = {("sku" if k == "variant_id" else k): m for k, m in invalid.items()} | form.errors
    if not errors and form.data is not None:
        try:
            await service_suppliers.save_item(ctx.uow(), supplier_id=supplier_id, data=form.data)
        except (ShoalError, ValidationError) as exc:
            errors = errors_of(request, exc)
        else:
            return Response(status_code=204, headers={"HX-Redirect": f"{HOME}/{supplier_id}"})
    context = await _supplier_context(ctx, supplier_id, values, place_errors(errors, ITEM_FIELDS))
    return render(request, "console/supply_supplier.html", context, status=422)
