"""Storefront after-sales (售后): from a paid order, ask for a refund or a return and refund, line by line,
with a reason and up to three photos.

Shown on the order page with the order's earlier requests and their state. Exchanges need a replacement
variant chosen with the shop, so they go through the API and customer service, not this form.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import ValidationError
from starlette.datastructures import UploadFile

from shoal.aftersales import service as aftersales
from shoal.aftersales.rules import AFTER_SALES_PHOTOS
from shoal.aftersales.schemas import AfterSaleCreate
from shoal.core.errors import ShoalError
from shoal.core.media import upload_folder
from shoal.orders import service_queries as orders
from shoal.web.forms import errors_of, place_errors
from shoal.web.i18n import translations
from shoal.web.media import ImageRejected, discard, store_images
from shoal.web.route import WebRoute
from shoal.web.storefront.deps import SignedInShopper
from shoal.web.storefront.order_page import order_page
from shoal.web.templating import render

router = APIRouter(prefix="/shop/{tenant}/orders/{order_id}", route_class=WebRoute, include_in_schema=False)
FIELDS = {"kind", "reason_code", "reason", "lines", "photos"}
MAX_PHOTOS = 3


def read_request(form: Mapping[str, Any], line_ids: list[str]) -> dict[str, Any]:
    """The form as ``AfterSaleCreate`` input: a ``qty.<line id>`` field per order line, blank or 0 left out."""
    lines = []
    for line_id in line_ids:
        raw = str(form.get(f"qty.{line_id}", "")).strip()
        if raw and raw != "0":
            lines.append({"order_line_id": line_id, "quantity": raw})
    return {
        "kind": str(form.get("kind", "")),
        "reason_code": str(form.get("reason_code", "")),
        "reason": str(form.get("reason", "")).strip(),
        "lines": lines,
    }


@router.post("/after-sales", response_class=HTMLResponse)
async def request_after_sale(request: Request, ctx: SignedInShopper, order_id: str) -> Response:
    """Photos are stored first and their URLs sent with the request; if the request is refused, they go."""
    order = await orders.get_my_order(ctx.uow(), order_id=order_id)
    form = await request.form()
    payload = read_request(form, [line.id for line in order.lines])
    values = {key: str(value) for key, value in form.items() if not isinstance(value, UploadFile)}
    media_dir = request.app.state.settings.media_dir
    saved: list[tuple[str, Path]] = []
    try:
        folder = upload_folder(ctx.tenant.id, AFTER_SALES_PHOTOS)
        saved = await store_images(form.getlist("photos"), media_dir, folder, MAX_PHOTOS)
        payload["photos"] = [url for url, _path in saved]
        await aftersales.request_after_sale(ctx.uow(), order_id=order.id, data=AfterSaleCreate.model_validate(payload))
    except ImageRejected:
        message = translations(ctx.locale).gettext("Photos must be JPEG, PNG, WebP or GIF images of at most 5 MB.")
        return render(request, "shop/order.html", await order_page(ctx, order, values, {"photos": message}), status=422)
    except (ShoalError, ValidationError) as exc:
        discard(saved)
        found = errors_of(request, exc)
        placed = place_errors({("lines" if k.startswith("lines") else k): m for k, m in found.items()}, FIELDS)
        return render(request, "shop/order.html", await order_page(ctx, order, values, placed), status=422)
    return Response(status_code=204, headers={"HX-Redirect": f"/shop/{ctx.tenant.slug}/orders/{order.id}"})
