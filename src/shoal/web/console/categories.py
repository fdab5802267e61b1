"""Console categories: the tree, adding a category (under a parent or at the top), renaming and deleting.

Renaming edits the shop's own name and the English one side by side; an error (a category that still holds
products cannot go) shows in the page's flash area."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from shoal.catalog import rules
from shoal.catalog import service_taxonomy as taxonomy
from shoal.catalog.schemas_taxonomy import CategoryCreate, CategoryUpdate
from shoal.core.errors import ShoalError
from shoal.web.console.deps import ConsoleContext
from shoal.web.forms import blank_to_none, errors_of, place_errors
from shoal.web.route import WebRoute
from shoal.web.templating import render

router = APIRouter(prefix="/console/categories", route_class=WebRoute, include_in_schema=False)
FIELDS = {"name", "name_en", "parent_id"}


@router.get("", response_class=HTMLResponse)
async def categories(request: Request, ctx: ConsoleContext) -> HTMLResponse:
    return render(request, "console/categories.html", await _context(ctx, {}, {}))


async def _context(ctx, values: dict[str, str], errors: dict[str, str]) -> dict:  # type: ignore[no-untyped-def, type-arg]
    tree = await taxonomy.category_tree(ctx.uow(), locale=ctx.locale)
    flat = await taxonomy.list_categories(ctx.uow())
    parents = [
        (category.id, rules.localised(category.name, "", category.translations, ctx.locale)[0]) for category in flat
    ]
    return {"tree": tree, "parents": parents, "categories": flat, "values": values, "errors": errors}


@router.post("", response_class=HTMLResponse)
async def add(request: Request, ctx: ConsoleContext) -> Response:
    form = {key: str(value).strip() for key, value in (await request.form()).items()}
    try:
        data = blank_to_none({"name": form.get("name", ""), "parent_id": form.get("parent_id", "")})
        if form.get("name_en"):
            data["translations"] = {"en": {"name": form["name_en"]}}
        await taxonomy.create_category(ctx.uow(), data=CategoryCreate.model_validate(data))
    except (ShoalError, ValidationError) as exc:
        errors = place_errors(errors_of(request, exc), FIELDS)
        return render(request, "console/categories.html", await _context(ctx, form, errors), status=422)
    return Response(status_code=204, headers={"HX-Redirect": "/console/categories"})


@router.post("/{category_id}", response_class=HTMLResponse)
async def rename(request: Request, ctx: ConsoleContext, category_id: str) -> Response:
    form = {key: str(value).strip() for key, value in (await request.form()).items()}
    data: dict[str, object] = {"name": form.get("name", "")}
    data["translations"] = {"en": {"name": form["name_en"]}} if form.get("name_en") else {}
    await taxonomy.update_category(ctx.uow(), category_id=category_id, data=CategoryUpdate.model_validate(data))
    return Response(status_code=204, headers={"HX-Redirect": "/console/categories"})


@router.post("/{category_id}/delete", response_class=HTMLResponse)
async def delete(ctx: ConsoleContext, category_id: str) -> Response:
    await taxonomy.delete_category(ctx.uow(), category_id=category_id)
    return Response(status_code=204, headers={"HX-Redirect": "/console/categories"})
