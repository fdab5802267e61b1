"""All storefront pages, gathered for ``shoal.web.router``."""

from __future__ import annotations

from fastapi import APIRouter

from shoal.web.storefront import (
    account,
    aftersales,
    bargains,
    browse,
    cart,
    delivery_form,
    flash_sales,
    group_buys,
    member,
    promoter,
    share,
    shopping,
)

router = APIRouter()
for module in (
    account,
    aftersales,
    bargains,
    browse,
    cart,
    delivery_form,
    flash_sales,
    group_buys,
    member,
    promoter,
    share,
    shopping,
):
    router.include_router(module.router)
router.include_router(share.links)
