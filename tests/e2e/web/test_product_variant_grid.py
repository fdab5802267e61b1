"""The new-product form's variant grid over HTTP: 颜色 × 尺码 give six rows, the batch row fills them, and
saving creates six variants with their prices and opening stock in one go (or nothing, with errors by row)."""

from __future__ import annotations

import json
import re

import httpx

from shoal.catalog import service as catalog
from shoal.catalog.schemas import ProductCreate
from shoal.inventory import service as inventory
from shoal.inventory.schemas import LocationCreate
from shoal.inventory.service import create_location
from tests.e2e.web.test_product_edit import HTMX, _read, _sign_in

DIMENSIONS = {"dims.0.name": "颜色", "dims.0.values": "红, 蓝", "dims.1.name": "尺码", "dims.1.values": "S, M, L"}
COMBINATIONS = [[c, s] for c in ("红", "蓝") for s in ("S", "M", "L")]


def _grid(*rows: tuple[str, str, str, str]) -> dict[str, str]:
    """The grid's fields for the six combinations: (SKU, price, compare-at price, stock) per row."""
    form: dict[str, str] = {}
    for i, (options, (sku, price, compare_at, stock)) in enumerate(zip(COMBINATIONS, rows, strict=True)):
        form[f"variants.{i}.options"] = json.dumps(options, ensure_ascii=False)
        form |= {f"variants.{i}.sku": sku, f"variants.{i}.price": price}
        form |= {f"variants.{i}.compare_at_price": compare_at, f"variants.{i}.stock": stock}
    return form


def _input(page: str, name: str) -> str:
    found = re.search(rf'name="{re.escape(name)}" value="([^"]*)"', page)
    assert found, name
    return found.group(1)


async def test_dimensions_draw_the_grid_and_the_batch_row_fills_it(web: httpx.AsyncClient, tenant) -> None:  # type: ignore[no-untyped-def]
    await _sign_in(web, tenant)
    blank = await web.get("/console/products/new")
    assert 'name="dims.0.name"' in blank.text and 'name="variants.0.price"' in blank.text
    typed = {"variants.0.options": '["红"]', "variants.0.sku": "T-R", "variants.0.price": "9"}
    drawn = await web.post("/console/products/grid", data={**DIMENSIONS, **typed}, headers=HTMX)
    assert drawn.status_code == 200 and drawn.text.count('data-variant="') == 6
    assert '<div id="variant-grid">' in drawn.text and "<form" not in drawn.text
    assert 'name="dims.0.name"' not in drawn.text  # the dimension inputs are left alone while being typed in
    batch = {"fill": "1", "batch.sku": "TEE", "batch.price": "59.90", "batch.stock": "5"}
    filled = await web.post(
        "/console/products/grid", data={**DIMENSIONS, **_grid(*[("", "", "", "")] * 6), **batch}, headers=HTMX
    )
    assert [_input(filled.text, f"variants.{i}.sku") for i in range(6)] == [
        "TEE-1-1", "TEE-1-2", "TEE-1-3", "TEE-2-1", "TEE-2-2", "TEE-2-3",
    ]  # fmt: skip
    assert {_input(filled.text, f"variants.{i}.price") for i in range(6)} == {"59.90"}


async def test_colour_by_size_makes_six_variants_with_their_stock(web, db, tenant, uow_factory) -> None:  # type: ignore[no-untyped-def]
    warehouse = await create_location(uow_factory(), data=LocationCreate(code="WH", kind="warehouse", name="仓库"))
    await _sign_in(web, tenant)
    rows = [(f"POLO-{n}", price, "99", str(n)) for n, price in enumerate(["59.90", "59.90", "69.90"] * 2, start=1)]
    form = {"name": "Polo 衫", "status": "active", "category_ids": [""], "location_id": warehouse.id}
    created = await web.post("/console/products", data={**form, **DIMENSIONS, **_grid(*rows)}, headers=HTMX)
    location = created.headers.get("hx-redirect", "")
    assert location.startswith("/console/products/"), created.text
    saved = await _read(db, tenant, location.rsplit("/", 1)[1])
    assert [(o.name, o.values) for o in saved.options] == [("颜色", ["红", "蓝"]), ("尺码", ["S", "M", "L"])]
    assert [(v.sku, v.options, v.price, v.compare_at_price) for v in saved.variants] == [
        (f"POLO-{n}", combo, 6990 if n % 3 == 0 else 5990, 9900) for n, combo in enumerate(COMBINATIONS, start=1)
    ]
    stock = await inventory.availability(uow_factory(), variant_ids=[v.id for v in saved.variants])
    assert [stock[v.id] for v in saved.variants] == [1, 2, 3, 4, 5, 6]


async def test_a_refused_grid_names_each_row_and_saves_nothing(web, tenant, uow_factory) -> None:  # type: ignore[no-untyped-def]
    await catalog.create_product(uow_factory(), data=ProductCreate(name="旧款", price=100, sku="TAKEN"))
    await _sign_in(web, tenant)
    form = {"name": "Polo 衫", "status": "draft", "category_ids": [""]}
    rows = [("A", "1", "", ""), ("A", "", "", ""), ("C", "1", "", ""), ("D", "1", "", ""), ("E", "1", "", "")]
    refused = await web.post(
        "/console/products", data={**form, **DIMENSIONS, **_grid(*rows, ("F", "1", "", "2"))}, headers=HTMX
    )
    assert refused.status_code == 422
    for field in ("variants.1.sku", "variants.1.price", "location_id"):
        assert f'data-error-for="{field}"' in refused.text, field
    assert _input(refused.text, "variants.2.sku") == "C"  # what was typed is kept
    fixed = [rows[0], ("B", "1", "", ""), *rows[2:4], ("TAKEN", "1", "", ""), ("F", "1", "", "")]
    taken = await web.post("/console/products", data={**form, **DIMENSIONS, **_grid(*fixed)}, headers=HTMX)
    assert taken.status_code == 422 and 'data-error-for="variants.4.sku"' in taken.text and "TAKEN" in taken.text
    page = await catalog.list_products(uow_factory(), limit=10, cursor=None, status=None, q="Polo")
    assert page.items == []
