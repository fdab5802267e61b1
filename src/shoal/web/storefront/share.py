"""Share links on the web: the 分享 button (a signed link and its poster for the signed-in shopper), following a
link (``/s/{token}``: the visit, then the shop's page) and the link's poster (``/s/{token}/poster.png``).

These are pages, not API: the token carries its shop, so ``/s/...`` needs no header, and it is verified before
anything is written: a tampered or expired token answers a short page in the visitor's language (404) and
records nothing. The shop's sign-in cookies never reach ``/s/``, so a browser's visits are kept against the
``shoal_visitor`` cookie (path ``/``) and given to the shopper by ``deps.shop_context`` once signed in.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from shoal.campaigns.sharing import rules, service
from shoal.campaigns.sharing.poster import PosterContent, render_poster
from shoal.core.actors import ANONYMOUS
from shoal.core.errors import NotFound, Unauthenticated
from shoal.core.http import get_db, get_locale
from shoal.customers.service_auth import authenticate
from shoal.customers.service_names import customer_names
from shoal.web.cookies import VISITOR, YEAR, put
from shoal.web.i18n import translations
from shoal.web.route import WebRoute
from shoal.web.storefront.deps import SignedInShopper
from shoal.web.templating import money, render

router = APIRouter(prefix="/shop/{tenant}", route_class=WebRoute, include_in_schema=False)
links = APIRouter(prefix="/s/{token}", include_in_schema=False)


def _absolute(request: Request, path: str) -> str:
    return f"{str(request.base_url).rstrip('/')}{path}"


@router.post("/share", response_class=HTMLResponse)
async def share(
    request: Request, ctx: SignedInShopper, target_type: str = Form(max_length=20), target_id: str = Form(max_length=36)
) -> HTMLResponse:
    """The 分享 button: a new link of this page's target for the signed-in shopper, its poster and the link."""
    settings = request.app.state.settings
    issued = await service.issue_link(ctx.uow(), target_type=target_type, target_id=target_id,
                                      secret_key=settings.secret_key, days=settings.share_link_days,
                                      locale=ctx.locale)  # fmt: skip
    url = _absolute(request, f"/s/{issued.token}")
    return render(request, "shop/_share.html", {"url": url, "poster": f"/s/{issued.token}/poster.png"})


def _refused(request: Request) -> HTMLResponse:
    request.state.locale = get_locale(request)
    return render(request, "shop/share_refused.html", status=404)


def _claim(request: Request, token: str) -> rules.ShareClaim | None:
    try:
        return rules.verify(token, secret_key=request.app.state.settings.secret_key, now=get_db(request).clock.now())
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


def _is_uuid(text: str) -> bool:
    try:
        return str(uuid.UUID(text)) == text
    except ValueError:
        return False


@links.get("")
async def follow(token: str, request: Request) -> Response:
    """Record the visit, then redirect (302) to the target's page in the shop."""
    claim = _claim(request, token)
    if claim is None:
        return _refused(request)
    db = get_db(request)
    visitor = request.cookies.get(VISITOR) or ""
    visitor = visitor if _is_uuid(visitor) else str(uuid.uuid4())
    customer = await _signed_in_customer(request, claim.tenant_id)
    try:
        visit = await service.record_visit(db.uow(tenant_id=claim.tenant_id, actor=ANONYMOUS), claim=claim,
                                           customer_id=customer, visitor_id=visitor,
                                           locale=get_locale(request))  # fmt: skip
        slug = await service.tenant_slug(db, claim.tenant_id)
    except NotFound:
        return _refused(request)
    response = RedirectResponse(f"/shop/{slug}{visit.target.path}", status_code=302)
    put(request, response, VISITOR, visitor, path="/", max_age=YEAR)  # "/" reaches /s/ and every /shop/ page
    return response


@links.get("/poster.png")
async def poster(token: str, request: Request) -> Response:
    """The link's poster, drawn once and kept under the media folder (the token fixes everything it shows)."""
    claim = _claim(request, token)
    if claim is None:
        return _refused(request)
    media = Path(request.app.state.settings.media_dir)
    cached = media / "share-posters" / claim.tenant_id / f"{rules.poster_key(token)}.png"
    if not cached.is_file():
        try:
            content = await _poster_content(request, claim, link=_absolute(request, f"/s/{token}"))
        except NotFound:
            return _refused(request)
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_bytes(render_poster(content, media_dir=media))
    return Response(cached.read_bytes(), media_type="image/png", headers={"Cache-Control": "public, max-age=3600"})


async def _poster_content(request: Request, claim: rules.ShareClaim, *, link: str) -> PosterContent:
    locale, db = get_locale(request), get_db(request)
    target = await service.link_target(db.uow(tenant_id=claim.tenant_id, actor=ANONYMOUS), claim=claim, locale=locale)
    names = await customer_names(db.uow(tenant_id=claim.tenant_id), ids={claim.sharer_id})
    _ = translations(locale).gettext
    return PosterContent(
        name=target.name,
        price=None if target.price is None else money(target.price, target.currency),
        badge=target.badge,
        sharer=_("%(name)s shared this with you") % {"name": names.get(claim.sharer_id, "")},
        caption=_("Scan the code to see it in the shop"),
        link=link,
        image=target.image,
    )
