"""Shopper sign-in (email and password, or phone and a texted code), registration, sign-out and the language
switch."""

from __future__ import annotations

import re

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from shoal.core.errors import ShoalError
from shoal.core.http import client_address
from shoal.core.i18n import SUPPORTED_LOCALES
from shoal.customers import service_auth as auth
from shoal.customers.deps import SmsProviderDep
from shoal.customers.errors import InvalidPhone, InvalidSmsCode
from shoal.customers.schemas import RegisterRequest, TokenRequest
from shoal.web.cookies import CART, LOCALE, SHOPPER_ACCESS, SHOPPER_REFRESH, YEAR, drop, put, shop_path
from shoal.web.forms import errors_of, place_errors
from shoal.web.route import WebRoute
from shoal.web.storefront.deps import ShopContext, SignedInShopper, keep_shopper_tokens
from shoal.web.templating import render

router = APIRouter(prefix="/shop/{tenant}", route_class=WebRoute, include_in_schema=False)
FIELDS = {"email", "password", "name", "phone", "code"}
MODES = ("login", "register", "phone")
GUEST_CART = re.compile(r"[0-9a-f-]{36}")


# Sign-in refusals that concern one input are shown next to it rather than above the form.
FIELD_OF_ERROR: tuple[tuple[type[ShoalError], str], ...] = ((InvalidPhone, "phone"), (InvalidSmsCode, "code"))


def sign_in_errors(request: Request, exc: ShoalError | ValidationError) -> dict[str, str]:
    """A refusal of a sign-in or phone form: a wrong phone or code beside its input, the rest above the form."""
    found = errors_of(request, exc)
    for kind, field in FIELD_OF_ERROR:
        if isinstance(exc, kind):
            return {field: next(iter(found.values()))}
    return place_errors(found, FIELDS)


def _safe_next(slug: str, target: str | None) -> str:
    base = shop_path(slug)
    return target if target and target.startswith(base) and "/login" not in target else base


@router.get("/login", response_class=HTMLResponse)
async def login_page(request: Request, ctx: ShopContext, next: str | None = None, mode: str = "") -> HTMLResponse:
    values = {"next": _safe_next(ctx.tenant.slug, next), "mode": mode if mode in MODES else "login"}
    return render(request, "shop/login.html", {"values": values, "errors": {}})


@router.post("/login/code", response_class=HTMLResponse)
async def send_code(request: Request, ctx: ShopContext, sms: SmsProviderDep) -> HTMLResponse:
    """Text a sign-in code to the phone typed (the form stays, now asking for the code)."""
    form = {key: str(value) for key, value in (await request.form()).items()}
    values = {"phone": form.get("phone", ""), "next": form.get("next", ""), "mode": "phone"}
    try:
        sent = await auth.request_sms_code(
            ctx.uow(), settings=request.app.state.settings, sms=sms, phone=values["phone"], locale=ctx.locale
        )
    except (ShoalError, ValidationError) as exc:
        context = {"values": values, "errors": sign_in_errors(request, exc)}
        return render(request, "shop/login.html", context, status=422, block="form")
    context = {"values": values, "errors": {}, "code_sent": sent}
    return render(request, "shop/login.html", context, block="form")


@router.post("/login", response_class=HTMLResponse)
async def login(request: Request, ctx: ShopContext) -> HTMLResponse:
    form = {key: str(value) for key, value in (await request.form()).items()}
    values = {key: form.get(key, "") for key in ("email", "name", "next", "phone")}
    values["mode"] = form.get("mode", "") if form.get("mode") in MODES else "login"
    credentials = {"email": values["email"], "password": form.get("password", "")}
    if values["mode"] == "phone":
        credentials = {"phone": values["phone"], "code": form.get("code", "").strip()}
    # The cart filled before signing in joins the account's cart (checkout's sign-in hook merges it).
    guest_cart = request.cookies.get(CART, "")
    if GUEST_CART.fullmatch(guest_cart):
        credentials["cart_id"] = guest_cart
    settings = request.app.state.settings
    try:
        if values["mode"] == "register":
            register = RegisterRequest.model_validate({**credentials, "name": values["name"] or None})
            tokens = await auth.register(ctx.uow(), settings=settings, data=register, locale=ctx.locale)
        else:
            token_request = TokenRequest.model_validate(credentials)
            tokens = await auth.sign_in(
                ctx.uow(), settings=settings, data=token_request, locale=ctx.locale, address=client_address(request)
            )
    except (ShoalError, ValidationError) as exc:
        context = {"values": values, "errors": sign_in_errors(request, exc)}
        return render(request, "shop/login.html", context, status=422, block="form")
    response = HTMLResponse("", headers={"HX-Redirect": _safe_next(ctx.tenant.slug, values["next"])})
    keep_shopper_tokens(request, response, ctx.tenant.slug, tokens)
    drop(response, CART, path=shop_path(ctx.tenant.slug))
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
