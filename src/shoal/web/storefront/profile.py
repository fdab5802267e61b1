"""个人资料 in the member centre: the shopper sets their gender, birthday, region (省/市 by name) and whether they
agree to marketing messages, and links a phone by a texted code (a WeChat shopper adding their phone then signs
in by it to the same account; a phone of another account is refused in words).

The code is texted by the shop's SMS provider exactly as for signing in (``account``); in development and tests
it is the logging provider, which keeps the last code per phone.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from shoal.core.context import RequestContext
from shoal.core.errors import ShoalError
from shoal.customers import service as customers
from shoal.customers import service_auth as auth
from shoal.customers import service_identities as doors
from shoal.customers.deps import SmsProviderDep
from shoal.customers.errors import UnknownRegion
from shoal.customers.schemas import MeUpdate, PhoneLink
from shoal.web.forms import errors_of, place_errors
from shoal.web.i18n import translations
from shoal.web.profile_form import PROFILE_FIELDS, area_choice, profile_values, read_profile
from shoal.web.route import WebRoute
from shoal.web.storefront.account import sign_in_errors
from shoal.web.storefront.deps import ShopContext, SignedInShopper
from shoal.web.templating import render

router = APIRouter(prefix="/shop/{tenant}/me/profile", route_class=WebRoute, include_in_schema=False)
PAGE = "shop/profile.html"


async def _page(ctx: RequestContext, values: dict[str, str], errors: dict[str, str], **phone: Any) -> dict[str, Any]:
    """The page's context; ``phone`` carries the phone form's ``phone_values``, ``phone_errors`` or ``code_sent``."""
    me = await customers.get_me(ctx.uow())
    values = values or profile_values(me)
    url = f"/shop/{ctx.tenant.slug}/me/profile/regions"
    forms = {"phone_values": {}, "phone_errors": {}, "code_sent": None} | phone
    return {"me": me, "values": values, "errors": errors, "area": area_choice(values), "area_url": url} | forms


@router.get("", response_class=HTMLResponse)
async def profile(request: Request, ctx: SignedInShopper, done: str = "") -> HTMLResponse:
    return render(request, PAGE, await _page(ctx, {}, {}) | {"done": done})


@router.post("", response_class=HTMLResponse)
async def save(request: Request, ctx: SignedInShopper) -> Response:
    values = {key: str(value).strip() for key, value in (await request.form()).items()}
    fields, errors = read_profile(values, translations(ctx.locale).gettext)
    try:
        if not errors:
            await customers.update_me(ctx.uow(), data=MeUpdate.model_validate(fields))
    except UnknownRegion:
        errors = {"region": translations(ctx.locale).gettext("Choose a province and city from the list.")}
    except (ShoalError, ValidationError) as exc:
        found = errors_of(request, exc)
        errors = place_errors({"region" if k == "region_code" else k: v for k, v in found.items()}, PROFILE_FIELDS)
    if errors:
        return render(request, PAGE, await _page(ctx, values, errors), status=422)
    return Response(status_code=204, headers={"HX-Redirect": f"/shop/{ctx.tenant.slug}/me/profile?done=saved"})


@router.get("/regions", response_class=HTMLResponse)
async def area_picker(request: Request, ctx: ShopContext) -> HTMLResponse:
    """The 省/市 picker again for the province chosen (its cities)."""
    values = {key: request.query_params.get(key, "") for key in ("province_code", "city_code")}
    url = f"/shop/{ctx.tenant.slug}/me/profile/regions"
    return render(request, "_area_picker.html", {"area": area_choice(values), "url": url})


async def _phone_form(request: Request, ctx: RequestContext, **phone: Any) -> HTMLResponse:
    status = 422 if phone.get("phone_errors") else 200
    return render(request, PAGE, await _page(ctx, {}, {}, **phone), status=status, block="phone")


@router.post("/code", response_class=HTMLResponse)
async def send_code(request: Request, ctx: SignedInShopper, sms: SmsProviderDep) -> HTMLResponse:
    """Text a code to the phone typed; the form stays, now asking for the code."""
    values = {"phone": str((await request.form()).get("phone") or "").strip()}
    try:
        sent = await auth.request_sms_code(
            ctx.uow(), settings=request.app.state.settings, sms=sms, phone=values["phone"], locale=ctx.locale
        )
    except (ShoalError, ValidationError) as exc:
        return await _phone_form(request, ctx, phone_values=values, phone_errors=sign_in_errors(request, exc))
    return await _phone_form(request, ctx, phone_values=values, code_sent=sent)


@router.post("/phone", response_class=HTMLResponse)
async def link_phone(request: Request, ctx: SignedInShopper) -> Response:
    form = await request.form()
    values = {key: str(form.get(key) or "").strip() for key in ("phone", "code")}
    try:
        data = PhoneLink.model_validate(values)
        await doors.link_my_phone(ctx.uow(), settings=request.app.state.settings, data=data)
    except (ShoalError, ValidationError) as exc:
        return await _phone_form(request, ctx, phone_values=values, phone_errors=sign_in_errors(request, exc))
    return Response(status_code=204, headers={"HX-Redirect": f"/shop/{ctx.tenant.slug}/me/profile?done=phone"})
