"""Console shipping templates (运费模板): the list, a new template and editing one, by province with first and
additional fees and a free-over threshold. Reading the form is ``shipping_form`` (pure, unit-tested); every rule
and permission (``orders.manage``) is ``checkout.service_shipping``'s to check."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from shoal.checkout import service_shipping
from shoal.checkout.schemas import ShippingTemplateIn
from shoal.core.context import RequestContext
from shoal.core.errors import ShoalError
from shoal.web.console.deps import ConsoleContext
from shoal.web.console.product_form import form_values
from shoal.web.console.shipping_form import FIELDS, NEW_TEMPLATE, province_names, read_template, template_values
from shoal.web.forms import errors_of, place_errors
from shoal.web.i18n import translations
from shoal.web.route import WebRoute
from shoal.web.templating import render

BASE = "/console/settings/shipping"
router = APIRouter(prefix=BASE, route_class=WebRoute, include_in_schema=False)
EDIT = "console/shipping_edit.html"


@router.get("", response_class=HTMLResponse)
async def templates_page(request: Request, ctx: ConsoleContext) -> HTMLResponse:
    templates = await service_shipping.list_templates(ctx.uow())
    return render(request, "console/shipping.html", {"templates": templates})


@router.get("/new", response_class=HTMLResponse)
async def new_template(request: Request, ctx: ConsoleContext) -> HTMLResponse:
    await service_shipping.list_templates(ctx.uow())  # the permission check, before any form is shown
    return render(request, EDIT, _edit_context(None, dict(NEW_TEMPLATE), {}))


@router.get("/{template_id}", response_class=HTMLResponse)
async def edit_template(request: Request, ctx: ConsoleContext, template_id: str) -> HTMLResponse:
    template = await service_shipping.get_template(ctx.uow(), template_id=template_id)
    return render(request, EDIT, _edit_context(template_id, template_values(template, ctx.tenant.currency), {}))


@router.post("", response_class=HTMLResponse)
async def create(request: Request, ctx: ConsoleContext) -> Response:
    return await _save(request, ctx, None)


@router.post("/{template_id}", response_class=HTMLResponse)
async def replace(request: Request, ctx: ConsoleContext, template_id: str) -> Response:
    return await _save(request, ctx, template_id)


@router.post("/{template_id}/delete")
async def delete(ctx: ConsoleContext, template_id: str) -> Response:
    await service_shipping.delete_template(ctx.uow(), template_id=template_id)
    return Response(status_code=204, headers={"HX-Redirect": BASE})


async def _save(request: Request, ctx: RequestContext, template_id: str | None) -> Response:
    """Create or replace; nothing is saved when the form or the service refuses, and the form comes back with
    what was typed and each message beside its input."""
    form = await request.form()
    values = form_values(form) | {"regions": form.getlist("regions")}
    parsed = read_template(form, ctx.tenant.currency, translations(ctx.locale).gettext)
    schema_errors = errors_of(request, parsed.invalid) if parsed.invalid else {}
    errors = {path.split(".")[0]: message for path, message in schema_errors.items()} | parsed.errors
    if not errors and parsed.data is not None:
        try:
            await _store(ctx, template_id, parsed.data)
        except (ShoalError, ValidationError) as exc:
            errors = errors_of(request, exc)
    if errors:
        return render(request, EDIT, _edit_context(template_id, values, place_errors(errors, FIELDS)), status=422)
    return Response(status_code=204, headers={"HX-Redirect": BASE})


async def _store(ctx: RequestContext, template_id: str | None, data: ShippingTemplateIn) -> None:
    if template_id is None:
        await service_shipping.create_template(ctx.uow(), data=data)
    else:
        await service_shipping.replace_template(ctx.uow(), template_id=template_id, data=data)


def _edit_context(template_id: str | None, values: dict[str, Any], errors: dict[str, str]) -> dict[str, Any]:
    return {"template_id": template_id, "provinces": province_names(), "values": values, "errors": errors}
