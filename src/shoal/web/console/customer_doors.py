"""A member's doors (手机号, 邮箱, 会员卡号, 微信) on their console page: staff link a phone, an email or a store
membership card number, and unlink one. A door of another customer, or the contact phone or email, is refused
by the service (409) and said in words in the doors section; nothing is written.

Registered before ``customers``, whose ``/{customer_id}/{ledger}`` would otherwise take these posts.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from shoal.core.errors import NotFound, ShoalError
from shoal.customers import service_identities as doors
from shoal.customers.errors import InvalidIdentity
from shoal.customers.schemas import IdentityCreate
from shoal.web.console.customers import detail_context
from shoal.web.console.deps import ConsoleContext
from shoal.web.forms import errors_of, place_errors
from shoal.web.route import WebRoute
from shoal.web.templating import render

router = APIRouter(prefix="/console/customers/{customer_id}/doors", route_class=WebRoute, include_in_schema=False)


async def _refused(
    request: Request, ctx: ConsoleContext, customer_id: str, values: dict[str, str], exc: Exception
) -> Response:
    """The doors section again with the refusal next to the field it concerns (or above the form)."""
    if isinstance(exc, InvalidIdentity):
        errors = {"value": exc.render(ctx.locale)}
    else:
        errors = place_errors(errors_of(request, exc), {"kind", "value"})  # type: ignore[arg-type]
    context = await detail_context(ctx, customer_id, {}, {}, door_values=values, door_errors=errors)
    return render(request, "console/customer.html", context, status=422, block="doors")


def _done(customer_id: str, what: str) -> Response:
    return Response(status_code=204, headers={"HX-Redirect": f"/console/customers/{customer_id}?done={what}#doors"})


@router.post("", response_class=HTMLResponse)
async def link(request: Request, ctx: ConsoleContext, customer_id: str) -> Response:
    form = await request.form()
    values = {key: str(form.get(key) or "").strip() for key in ("kind", "value")}
    try:
        data = IdentityCreate.model_validate(values)
        await doors.link_identity(ctx.uow(), customer_id=customer_id, data=data)
    except NotFound:
        raise
    except (ShoalError, ValidationError) as exc:
        return await _refused(request, ctx, customer_id, values, exc)
    return _done(customer_id, "linked")


@router.post("/{identity_id}/unlink", response_class=HTMLResponse)
async def unlink(request: Request, ctx: ConsoleContext, customer_id: str, identity_id: str) -> Response:
    try:
        await doors.unlink_identity(ctx.uow(), customer_id=customer_id, identity_id=identity_id)
    except NotFound:
        raise
    except ShoalError as exc:
        return await _refused(request, ctx, customer_id, {}, exc)
    return _done(customer_id, "unlinked")
