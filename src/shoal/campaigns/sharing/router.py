"""Share link routes: a shopper asks for a link (``POST /api/v1/store/share-links``), anyone follows one
(``GET /s/{token}``) or opens its poster (``GET /s/{token}/poster.png``), staff read the funnel
(``GET /api/v1/admin/reports/share-funnel``).

The token carries its shop, so ``/s/{token}`` needs no header. It is verified before anything is written:
a tampered or expired token answers a short page in the visitor's language and records nothing.
"""

from __future__ import annotations

import uuid
from html import escape
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from shoal.campaigns.sharing import funnel, kinds, rules, service  # noqa: F401  (kinds registers the targets)
from shoal.campaigns.sharing.poster import PosterContent, render_poster
from shoal.campaigns.sharing.schemas import ShareFunnel, ShareLinkCreate, ShareLinkRead
from shoal.core.actors import ANONYMOUS
from shoal.core.errors import NotFound, Unauthenticated
from shoal.core.http import get_db, get_locale
from shoal.core.i18n import pick
from shoal.core.money import format_amount
from shoal.customers.deps import ShopperContext
from shoal.customers.service_auth import authenticate
from shoal.customers.service_names import customer_names
from shoal.identity.deps import StaffContext

router = APIRouter(tags=["sharing"])
VISITOR_COOKIE = "shoal_visitor"
REFUSED = {
    "title": {"zh-CN": "分享链接已失效", "en": "This share link no longer works"},
    "body": {
        "zh-CN": "链接可能已过期或被修改。请向分享给你的朋友要一个新链接。",
        "en": "It may have expired or been altered. Ask the friend who shared it for a new link.",
    },
}
SHARED_BY = {"zh-CN": "{name} 分享给你", "en": "Shared by {name}"}
SCAN = {"zh-CN": "长按识别二维码，查看详情", "en": "Scan the code to see it in the shop"}


def _absolute(request: Request, path: str) -> str:
    return f"{str(request.base_url).rstrip('/')}{path}"


@router.post("/api/v1/store/share-links", response_model=ShareLinkRead, status_code=201,
             summary="A signed share link of a product, coupon or campaign, with its poster")  # fmt: skip
async def create_share_link(body: ShareLinkCreate, ctx: ShopperContext, request: Request) -> ShareLinkRead:
    settings = request.app.state.settings
    issued = await service.issue_link(
        ctx.uow(),
        target_type=body.target_type,
        target_id=body.target_id,
        secret_key=settings.secret_key,
        days=settings.share_link_days,
        locale=ctx.locale,
    )
    return ShareLinkRead(
        token=issued.token,
        url=_absolute(request, f"/s/{issued.token}"),
        poster_url=_absolute(request, f"/s/{issued.token}/poster.png"),
        expires_at=issued.link.expires_at,
    )


def _refused(request: Request) -> HTMLResponse:
    locale = get_locale(request)
    title, body = escape(pick(REFUSED["title"], locale)), escape(pick(REFUSED["body"], locale))
    page = (
        f'<!doctype html><html lang="{locale}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width,initial-scale=1"><title>{title}</title>'
        '<link rel="stylesheet" href="/static/shoal.css"></head>'
        f'<body><main class="container" data-share-refused><h1>{title}</h1><p>{body}</p></main></body></html>'
    )
    return HTMLResponse(page, status_code=404)


def _claim(request: Request, token: str) -> rules.ShareClaim | None:
    settings = request.app.state.settings
    try:
        return rules.verify(token, secret_key=settings.secret_key, now=get_db(request).clock.now())
    except rules.BadToken:
        return None


async def _signed_in_customer(request: Request, tenant_id: str) -> str | None:
    """The shopper of a bearer token for this shop (a mini-program or app following the link), if any."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        return None
    try:
        principal, _session = await authenticate(get_db(request), settings=request.app.state.settings, token=token)
    except Unauthenticated:
        return None
    return principal.actor.id if principal.tenant.id == tenant_id else None


@router.get("/s/{token}", response_class=RedirectResponse, status_code=302,
            summary="Follow a share link: records the visit, then redirects to the shop's page")  # fmt: skip
async def follow(token: str, request: Request) -> Response:
    claim = _claim(request, token)
    if claim is None:
        return _refused(request)
    db = get_db(request)
    visitor = request.cookies.get(VISITOR_COOKIE) or ""
    visitor = visitor if _is_uuid(visitor) else str(uuid.uuid4())
    customer = await _signed_in_customer(request, claim.tenant_id)
    try:
        visit = await service.record_visit(
            db.uow(tenant_id=claim.tenant_id, actor=ANONYMOUS),
            claim=claim,
            customer_id=customer,
            visitor_id=visitor,
            locale=get_locale(request),
        )
        slug = await service.tenant_slug(db, claim.tenant_id)
    except NotFound:
        return _refused(request)
    response = RedirectResponse(f"/shop/{slug}{visit.target.path}", status_code=302)
    response.set_cookie(VISITOR_COOKIE, visitor, max_age=365 * 24 * 3600, path="/", httponly=True, samesite="lax",
                        secure=request.url.scheme == "https")  # fmt: skip
    return response


def _price(amount: int | None, currency: str) -> str | None:
    if amount is None:
        return None
    return f"{'¥' if currency == 'CNY' else currency + ' '}{format_amount(amount, currency)}"


def _is_uuid(text: str) -> bool:
    try:
        return str(uuid.UUID(text)) == text
    except ValueError:
        return False


@router.get("/s/{token}/poster.png", response_class=Response, summary="The share link's poster (PNG)",
            responses={200: {"content": {"image/png": {}}}})  # fmt: skip
async def poster(token: str, request: Request) -> Response:
    claim = _claim(request, token)
    if claim is None:
        return _refused(request)
    media = Path(request.app.state.settings.media_dir)
    cached = media / "share-posters" / claim.tenant_id / f"{rules.poster_key(token)}.png"
    if not cached.is_file():
        locale = get_locale(request)
        uow = get_db(request).uow(tenant_id=claim.tenant_id, actor=ANONYMOUS)
        try:
            target = await service.link_target(uow, claim=claim, locale=locale)
        except NotFound:
            return _refused(request)
        names = await customer_names(get_db(request).uow(tenant_id=claim.tenant_id), ids={claim.sharer_id})
        content = PosterContent(
            name=target.name,
            price=_price(target.price, target.currency),
            badge=target.badge,
            sharer=pick(SHARED_BY, locale).format(name=names.get(claim.sharer_id, "")),
            caption=pick(SCAN, locale),
            link=_absolute(request, f"/s/{token}"),
            image=target.image,
        )
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_bytes(render_poster(content, media_dir=media))
    return Response(cached.read_bytes(), media_type="image/png", headers={"Cache-Control": "public, max-age=3600"})


@router.get("/api/v1/admin/reports/share-funnel", response_model=ShareFunnel, tags=["reports"],
            summary="Shares, visits, campaign steps, orders and paid GMV, per sharer")  # fmt: skip
async def share_funnel(
    ctx: StaffContext,
    campaign_type: Annotated[str | None, Query(max_length=20)] = None,
    campaign_id: Annotated[str | None, Query(max_length=36)] = None,
) -> ShareFunnel:
    return await funnel.share_funnel(ctx.uow(), campaign_type=campaign_type, campaign_id=campaign_id)
