"""Share links in and out, and the share funnel."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field

from shoal.core.schemas import Input, Output

Kind = Annotated[str, Field(pattern=r"^[a-z_]{1,20}$", description="product, coupon, flash_sale, group, bargain")]


class ShareLinkCreate(Input):
    target_type: Kind
    target_id: Annotated[str, Field(min_length=1, max_length=36, pattern=r"^[^|]+$")]


class ShareLinkRead(Output):
    token: str
    url: str
    poster_url: str
    expires_at: datetime


class FunnelRow(Output):
    """One sharer's (or the campaign's whole) way from shares to paid money."""

    sharer_id: str | None = None  # None on the totals row
    sharer_name: str | None = None
    shares: int = 0
    visits: int = 0
    groups_opened: int = 0
    joins: int = 0
    cuts: int = 0
    orders: int = 0
    paid_orders: int = 0
    paid_gmv: int = 0


class ShareFunnel(Output):
    campaign_type: str | None
    campaign_id: str | None
    totals: FunnelRow
    sharers: list[FunnelRow]
