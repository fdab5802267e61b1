"""Sharing a product: its link, and a poster (picture, name, price, QR code of the link) to save and send."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request, Response

from shoal.storefront import service as store
from shoal.web.i18n import translations
from shoal.web.route import WebRoute
from shoal.web.storefront.deps import ShopContext
from shoal.web.storefront.poster import image_data_uri, poster_svg
from shoal.web.templating import money

router = APIRouter(prefix="/shop/{tenant}", route_class=WebRoute, include_in_schema=False)
# Opened on its own, the SVG is a document: let it show inline styles and its data-URI picture, nothing else.
POSTER_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"


def share_link(request: Request, slug: str, product_id: str) -> str:
    """The product page's address without query or tracking, as the link and the QR code give it."""
    return f"{str(request.base_url).rstrip('/')}/shop/{slug}/p/{product_id}"


@router.get("/products/{product_id}/poster.svg")
async def poster(request: Request, ctx: ShopContext, product_id: str) -> Response:
    product = await store.product_detail(ctx.uow(), product_id=product_id, locale=ctx.locale)
    _ = translations(ctx.locale).gettext
    svg = poster_svg(
        shop=ctx.tenant.name,
        name=product.name,
        price=money(product.price, product.currency),
        caption=_("Scan to see it in the shop"),
        link=share_link(request, ctx.tenant.slug, product.id),
        image=image_data_uri(Path(request.app.state.settings.media_dir), product.image),
    )
    headers = {"Content-Security-Policy": POSTER_POLICY, "Cache-Control": "public, max-age=300"}
    return Response(svg, media_type="image/svg+xml", headers=headers)
