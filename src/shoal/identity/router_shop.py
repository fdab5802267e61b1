"""The shop's own details over HTTP (``/api/v1/admin/shop``): every staff member reads them, owners and admins
change them."""

from __future__ import annotations

from fastapi import APIRouter

from shoal.identity import service_shop
from shoal.identity.deps import StaffContext
from shoal.identity.service_shop import ShopRead, ShopUpdate

router = APIRouter(prefix="/api/v1/admin/shop", tags=["identity"])


@router.get("", response_model=ShopRead, summary="The shop's name, logo and service phone")
async def get_shop(ctx: StaffContext) -> ShopRead:
    return await service_shop.get_shop(ctx.uow())


@router.patch("", response_model=ShopRead, summary="Change the shop's name, logo or service phone")
async def update_shop(body: ShopUpdate, ctx: StaffContext) -> ShopRead:
    return await service_shop.update_shop(ctx.uow(), data=body)
