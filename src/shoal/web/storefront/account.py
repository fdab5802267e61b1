"""Shopper sign-in, registration, sign-out and the language switch."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from shoal.core.errors import ShoalError
from shoal.core.i18n import SUPPORTED_LOCALES
from shoal.customers import service_auth as auth
from shoal.customers.schemas import RegisterRequest, TokenRequest
from shoal.web.cookies import LOCALE, SHOPPER_ACCESS, SHOPPER_REFRESH, YEAR, drop, put, shop_path
from shoal.web.forms import errors_of, place_errors
from shoal.web.route import WebRoute
from shoal.web.storefront.deps import ShopContext, SignedInShopper, keep_shopper_tokens
from shoal.web.templating import render

router = APIRouter(prefix="/shop/{tenant}", route_class=WebRoute, include_in_schema=False)
FIELDS = {"email", "password", "name"}


def _safe_next(slug: str, target: str | None) -> str:
    base = shop_path(slug)
    return target if target and target.startswith(base) and "/login" not in target else base


@router.get("/login", response_class=HTMLResponse)
async def login_page(request: Request, ctx: ShopContext, next: str | None = None, mode: str = "") -> HTMLResponse:
    values = {"next": _safe_next(ctx.tenant.slug, next), "mode": "register" if mode == "register" else "login"}
    return render(request, "shop/login.html", {"values": values, "errors": {}})


@router.post("/login", response_class=HTMLResponse)
async def login(request: Request, ctx: ShopContext) -> HTMLResponse:
    form = {key: str(value) for key, value in (await request.form()).items()}
    values = {"email": form.get("email", ""), "name": form.get("name", ""), "next": form.get("next", "")}
    values["mode"] = "register" if form.get("mode") == "register" else "login"
    credentials = {"email": values["email"], "password": form.get("password", "")}
    settings = request.app.state.settings
    try:
        if values["mode"] == "register":
            register = RegisterRequest.model_validate({**credentials, "name": values["name"] or None})
            tokens = await auth.register(ctx.uow(), settings=settings, data=register, locale=ctx.locale)
        else:
            token_request = TokenRequest.model_validate(credentials)
            tokens = await auth.sign_in(ctx.uow(), settings=settings, data=token_request, locale=ctx.locale)
    except (ShoalError, ValidationError) as exc:
        context = {"values": values, "errors": place_errors(errors_of(request, exc), FIELDS)}
        return render(request, "shop/login.html", context, status=422, block="form")
    response = HTMLResponse("", headers={"HX-Redirect": _safe_next(ctx.tenant.slug, values["next"])})
    keep_shopper_tokens(request, response, ctx.tenant.slug, tokens)
    return response


@router.post("/logout")
async def logout(request: Request, ctx: SignedInShopper) -> Response:
    await auth.sign_out(ctx.uow(), session_id=request.state.shopper_session)
    response = Response(headers={"HX-Redirect": shop_path(ctx.tenant.slug)})
    drop(response, SHOPPER_ACCESS, path=shop_path(ctx.tenant.slug))
    drop(response, SHOPPER_REFRESH, path=shop_path(ctx.tenant.slug))
    return response


@router.post("/locale")
async def switch_locale(request: Request, ctx: ShopContext) -> Response:
    """A cookie remembers the shopper's language (signed in or not) for this shop."""
    locale = str((await request.form()).get("locale", ""))
    response = Response(headers={"HX-Refresh": "true"})
    if locale in SUPPORTED_LOCALES:
        put(request, response, LOCALE, locale, path=shop_path(ctx.tenant.slug), max_age=YEAR)
    return response
