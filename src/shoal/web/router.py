"""Everything the web pages serve, as one router for ``main.py``: console, storefront and static files."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse

from shoal.core.errors import NotFound
from shoal.core.i18n import negotiate_locale
from shoal.demo.loader import DEMO_SLUG
from shoal.web.console.router import router as console_router
from shoal.web.dealer.portal import router as dealer_router
from shoal.web.storefront.router import router as storefront_router
from shoal.web.templating import render

STATIC_DIR = (Path(__file__).parent / "static").resolve()

router = APIRouter(include_in_schema=False)
router.include_router(console_router)
router.include_router(storefront_router)
router.include_router(dealer_router)


@router.get("/static/{path:path}")
async def static(path: str) -> FileResponse:
    """Our CSS and the vendored scripts; never a file outside the static folder."""
    target = (STATIC_DIR / path).resolve()
    if not target.is_file() or STATIC_DIR not in target.parents:
        raise NotFound("file")
    media_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
    return FileResponse(target, media_type=media_type, headers={"Cache-Control": "public, max-age=86400"})


@router.get("/", response_class=HTMLResponse)
async def landing(request: Request) -> HTMLResponse:
    """Whoever opens the server's address finds the console and the shop (the default one, else the demo)."""
    request.state.locale = negotiate_locale(request.headers.get("accept-language"))
    slug = request.app.state.settings.default_tenant or DEMO_SLUG
    return render(request, "landing.html", {"shop_slug": slug})


@router.get("/favicon.ico")
async def favicon() -> FileResponse:
    """Browsers ask for ``/favicon.ico`` whatever the page says: the same picture as ``/static/favicon.svg``."""
    return FileResponse(
        STATIC_DIR / "favicon.svg", media_type="image/svg+xml", headers={"Cache-Control": "public, max-age=86400"}
    )
