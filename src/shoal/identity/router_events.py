"""Failing outbox events for staff (``/api/v1/admin/events``): see what keeps failing, retry it now."""

from __future__ import annotations

from fastapi import APIRouter

from shoal.core.failing_events import EventRead, list_failing_events, retry_event
from shoal.core.http import CursorQuery, LimitQuery
from shoal.core.openapi import problem
from shoal.core.pagination import Page
from shoal.identity.deps import StaffContext

router = APIRouter(tags=["events"])
EVENTS = "/api/v1/admin/events"


@router.get(
    EVENTS + "/failing",
    response_model=Page[EventRead],
    summary="Events whose delivery keeps failing (e.g. the refund of a cancelled paid order), newest first",
)
async def failing_events(ctx: StaffContext, limit: LimitQuery = 20, cursor: CursorQuery = None) -> Page[EventRead]:
    return await list_failing_events(ctx.uow(), limit=limit, cursor=cursor)


@router.post(
    EVENTS + "/{event_id}/retry",
    response_model=EventRead,
    summary="Deliver an undelivered event now; answers with its state afterwards",
    responses={409: problem("event_not_retryable: already delivered, or being delivered")},
)
async def retry(event_id: str, ctx: StaffContext) -> EventRead:
    return await retry_event(ctx.uow(), event_id=event_id)
