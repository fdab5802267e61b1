"""Console: background events that keep failing (a refund the provider keeps refusing), and retrying them."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from shoal.core.failing_events import list_failing_events, retry_event
from shoal.web.console.deps import ConsoleContext
from shoal.web.route import WebRoute
from shoal.web.templating import render

router = APIRouter(prefix="/console/events", route_class=WebRoute, include_in_schema=False)


@router.get("", response_class=HTMLResponse)
async def failing(request: Request, ctx: ConsoleContext) -> HTMLResponse:
    page = await list_failing_events(ctx.uow(), limit=100, cursor=None)
    return render(request, "console/events.html", {"page": page})


@router.post("/{event_id}/retry")
async def retry(request: Request, ctx: ConsoleContext, event_id: str) -> Response:
    """Deliver it now; the page reloads and shows whether it went through (it leaves the list) or not."""
    await retry_event(ctx.uow(), event_id=event_id)
    return Response(status_code=204, headers={"HX-Redirect": "/console/events"})
