"""Share link API: a shopper asks for a link (``POST /api/v1/store/share-links``), staff read the funnel
(``GET /api/v1/admin/reports/share-funnel``). Following a link and its poster (``/s/{token}``) are pages, in
``shoal.web.storefront.share``: their texts are translated with every other page's.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from shoal.campaigns.sharing import funnel, kinds, service  # noqa: F401  (kinds registers the targets)
from shoal.campaigns.sharing.schemas import ShareFunnel, ShareLinkCreate, ShareLinkRead
from shoal.customers.deps import ShopperContext
from shoal.identity.deps import StaffContext

router = APIRouter(tags=["sharing"])


def _absolute(request: Request, path: str) -> str:
    return f"{str(request.base_url).rstrip('/')}{path}"


@router.post("/api/v1/store/share-links", response_model=ShareLinkRead, status_code=201,
             summary="A signed share link of a product, coupon or campaign, with its poster")  # fmt: skip
async def create_share_link(body: ShareLinkCreate, ctx: ShopperContext, request: Request) -> ShareLinkRead:
    settings = request.app.state.settings
    issued = await service.issue_link(
        ctx.uow(),
        target_type=body.target_type,
        target_id=body.target_id,
        secret_key=settings.secret_key,
        days=settings.share_link_days,
        locale=ctx.locale,
    )
    return ShareLinkRead(
        token=issued.token,
        url=_absolute(request, f"/s/{issued.token}"),
        poster_url=_absolute(request, f"/s/{issued.token}/poster.png"),
        expires_at=issued.link.expires_at,
    )


@router.get("/api/v1/admin/reports/share-funnel", response_model=ShareFunnel, tags=["reports"],
            summary="Shares, visits, campaign steps, orders and paid GMV, per sharer")  # fmt: skip
async def share_funnel(
    ctx: StaffContext,
    campaign_type: Annotated[str | None, Query(max_length=20)] = None,
    campaign_id: Annotated[str | None, Query(max_length=36)] = None,
) -> ShareFunnel:
    return await funnel.share_funnel(ctx.uow(), campaign_type=campaign_type, campaign_id=campaign_id)
