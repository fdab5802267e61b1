"""Console 积分规则 (points rules): how many points and how much growth a yuan paid and a daily check-in earn,
the streak bonus, when points expire and what they are worth at checkout. One form, the shop's loyalty terms;
a shop that never saved it has the defaults, shown filled in."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from shoal.core.context import RequestContext
from shoal.loyalty import service_terms
from shoal.loyalty.schemas import TermsIn
from shoal.web.console.deps import ConsoleContext
from shoal.web.console.member_forms import attempt, form_of
from shoal.web.forms import blank_to_none
from shoal.web.route import WebRoute
from shoal.web.templating import render

router = APIRouter(prefix="/console/members/points-rules", route_class=WebRoute, include_in_schema=False)
FIELDS = set(TermsIn.model_fields)
PAGE = "console/members_terms.html"


async def _page(ctx: RequestContext, **extra: object) -> dict[str, object]:
    terms = await service_terms.get_terms(ctx.uow())
    values = {key: str(value) for key, value in terms.model_dump().items()}
    return {"values": values, "errors": {}, "done": None} | extra


@router.get("", response_class=HTMLResponse)
async def terms_page(request: Request, ctx: ConsoleContext, done: str = "") -> HTMLResponse:
    return render(request, PAGE, await _page(ctx, done=done or None))


@router.post("", response_class=HTMLResponse)
async def save_terms(request: Request, ctx: ConsoleContext) -> Response:
    values = await form_of(request)

    async def save() -> None:
        data = TermsIn.model_validate(blank_to_none({key: values.get(key, "") for key in FIELDS}))
        await service_terms.put_terms(ctx.uow(), data=data)

    errors = await attempt(request, FIELDS, save)
    if errors:
        return render(request, PAGE, await _page(ctx, values=values, errors=errors), status=422)
    return Response(status_code=204, headers={"HX-Redirect": "/console/members/points-rules?done=saved"})
