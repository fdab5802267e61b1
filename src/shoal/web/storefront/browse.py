"""Storefront browsing: home, category listing, search and product detail with stock state, and its 门店库存 block:
which stores hold the chosen variant (有货 / 库存紧张 / 无货) and the nearest that has it, from the city the shopper
chooses or the point their browser gives (``static/shop.js``); loaded by HTMX after the page, so a shop without
stores pays nothing for it."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from shoal.campaigns.flash_sale.service_store import store_flash_sales
from shoal.marketing.service_queries import coupons_for_variants, running_promotions, shopper_coupons
from shoal.storefront import service as store
from shoal.stores import service as store_stock
from shoal.web.i18n import translations
from shoal.web.route import WebRoute
from shoal.web.storefront import campaigns
from shoal.web.storefront.coupon_cards import claimable_cards
from shoal.web.storefront.deps import ShopContext
from shoal.web.storefront.flash_sales import home_block, taken_percent
from shoal.web.templating import render

router = APIRouter(prefix="/shop/{tenant}", route_class=WebRoute, include_in_schema=False)
PAGE_SIZE = 20


@router.get("", response_class=HTMLResponse)
async def home(request: Request, ctx: ShopContext, cursor: str | None = None) -> HTMLResponse:
    """Banners, the 限时秒杀 block and campaign entrances (on the first page only), categories, then the newest
    products."""
    uow = ctx.uow()
    async with uow:  # one transaction for the page's reads (each would open its own)
        page = await store.product_page(uow, locale=ctx.locale, limit=PAGE_SIZE, cursor=cursor)
        categories = await store.categories(uow, locale=ctx.locale)
        context = {"page": page, "categories": categories, "q": "", "banners": [], "entrances": [], "flash": None,
                   "taken": taken_percent}  # fmt: skip
        if cursor is None:
            base = f"/shop/{ctx.tenant.slug}"
            promotions = await running_promotions(uow)
            claimable = (await shopper_coupons(uow, customer_id=None)).claimable
            context["banners"] = campaigns.banners(base, promotions, claimable, ctx.locale)
            context["entrances"] = campaigns.entrances(base, promotions, claimable, ctx.locale)
            context["flash"] = home_block(await store_flash_sales(uow))
    return render(request, "shop/home.html", context)


@router.get("/search", response_class=HTMLResponse)
async def search(request: Request, ctx: ShopContext, q: str = "", cursor: str | None = None) -> HTMLResponse:
    page = await store.product_page(ctx.uow(), locale=ctx.locale, limit=PAGE_SIZE, cursor=cursor, q=q or None)
    return render(request, "shop/listing.html", {"page": page, "q": q, "title": q, "base_query": f"search?q={q}"})


@router.get("/c/{category_id}", response_class=HTMLResponse)
async def category(request: Request, ctx: ShopContext, category_id: str, cursor: str | None = None) -> HTMLResponse:
    uow = ctx.uow()
    async with uow:
        page = await store.product_page(uow, locale=ctx.locale, limit=PAGE_SIZE, cursor=cursor, category_id=category_id)
        names = {c.id: c.name for c in _flatten(await store.categories(uow, locale=ctx.locale))}
    title = names.get(category_id, "")
    return render(
        request, "shop/listing.html", {"page": page, "q": "", "title": title, "base_query": f"c/{category_id}"}
    )


@router.get("/p/{product_id}", response_class=HTMLResponse)
async def product(request: Request, ctx: ShopContext, product_id: str) -> HTMLResponse:
    uow = ctx.uow()
    async with uow:
        detail = await store.product_detail(uow, product_id=product_id, locale=ctx.locale)
        templates = await coupons_for_variants(uow, variant_ids=[v.id for v in detail.variants])
        held = (await shopper_coupons(uow, customer_id=ctx.actor.id)).mine if ctx.actor.kind == "shopper" else []
    words = {"base": f"/shop/{ctx.tenant.slug}", "currency": ctx.tenant.currency, "locale": ctx.locale,
             "gettext": translations(ctx.locale).gettext}  # fmt: skip
    coupons = claimable_cards(templates, held, **words)
    return render(request, "shop/product.html", {"product": detail, "coupons": coupons})


@router.get("/p/{product_id}/stores", response_class=HTMLResponse)
async def product_stores(
    request: Request,
    ctx: ShopContext,
    product_id: str,
    variant_id: str = "",
    city: str = "",
    latitude: str = "",
    longitude: str = "",
) -> HTMLResponse:
    found = await store_stock.store_availability(
        ctx.uow(), product_id=product_id, locale=ctx.locale, variant_id=variant_id or None,
        origin=point(latitude, longitude), city=city.strip()[:60] or None,
    )  # fmt: skip
    return render(request, "shop/_store_stock.html", {"found": found, "city": city, "product_id": product_id})


def point(latitude: str, longitude: str) -> tuple[float, float] | None:
    """The browser's point when both numbers are there and on the globe; anything else is no point (the block
    then falls back to the chosen city), since a page must not fail over a stale or tampered field."""
    try:
        lat, lng = Decimal(latitude), Decimal(longitude)
    except InvalidOperation:
        return None
    if not (lat.is_finite() and lng.is_finite() and -90 <= lat <= 90 and -180 <= lng <= 180):
        return None
    return float(lat), float(lng)


def _flatten(nodes: list) -> list:  # type: ignore[type-arg]
    flat = []
    for node in nodes:
        flat.append(node)
        flat.extend(_flatten(getattr(node, "children", [])))
    return flat
