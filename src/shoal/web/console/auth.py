"""Console sign-in, sign-out and the language switch."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from shoal.core.errors import ShoalError
from shoal.core.http import client_address, get_db
from shoal.core.i18n import negotiate_locale
from shoal.identity import service as identity
from shoal.web.console.deps import ConsoleContext, keep_staff_tokens
from shoal.web.cookies import CONSOLE_PATH, STAFF_ACCESS, STAFF_REFRESH, drop
from shoal.web.forms import errors_of
from shoal.web.route import WebRoute
from shoal.web.templating import render

router = APIRouter(prefix="/console", route_class=WebRoute, include_in_schema=False)


def _safe_next(target: str | None) -> str:
    """Only ever send the user back into the console (no open redirect through ``next``)."""
    if target and target.startswith("/console") and not target.startswith("/console/login"):
        return target
    return "/console"


@router.get("/login", response_class=HTMLResponse)
async def login_page(request: Request, next: str | None = None) -> HTMLResponse:
    request.state.locale = negotiate_locale(request.headers.get("accept-language"))
    return render(request, "console/login.html", {"values": {"next": _safe_next(next)}, "errors": {}})


@router.post("/login", response_class=HTMLResponse)
async def login(request: Request) -> HTMLResponse:
    form = dict(await request.form())
    values = {key: str(form.get(key, "")) for key in ("tenant", "email", "next")}
    request.state.locale = negotiate_locale(request.headers.get("accept-language"))
    try:
        pair = await identity.sign_in(
            get_db(request).uow(),
            settings=request.app.state.settings,
            tenant_slug=values["tenant"].strip(),
            email=values["email"],
            password=str(form.get("password", "")),
            address=client_address(request),
        )
    except ShoalError as exc:
        context = {"values": values, "errors": errors_of(request, exc)}
        return render(request, "console/login.html", context, status=422, block="form")
    response = HTMLResponse("", headers={"HX-Redirect": _safe_next(values["next"])})
    keep_staff_tokens(request, response, pair)
    return response


@router.post("/logout")
async def logout(request: Request, ctx: ConsoleContext) -> Response:
    token = request.state.staff_token
    await identity.sign_out(ctx.uow(), settings=request.app.state.settings, access_token=token)
    response = Response(headers={"HX-Redirect": "/console/login"})
    drop(response, STAFF_ACCESS, path=CONSOLE_PATH)
    drop(response, STAFF_REFRESH, path=CONSOLE_PATH)
    return response


@router.post("/locale")
async def switch_locale(request: Request, ctx: ConsoleContext) -> Response:
    locale = str((await request.form()).get("locale", ""))
    await identity.set_locale(ctx.uow(), locale=locale)
    return Response(headers={"HX-Refresh": "true"})
