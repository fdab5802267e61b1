"""All storefront pages, gathered for ``shoal.web.router``."""

from __future__ import annotations

from fastapi import APIRouter

from shoal.web.storefront import (
    account,
    aftersales,
    balance_pay,
    bargains,
    browse,
    cart,
    delivery_form,
    flash_sales,
    group_buys,
    member,
    points_pages,
    profile,
    promoter,
    share,
    shopping,
    wallet_pages,
)

router = APIRouter()
for module in (
    account,
    aftersales,
    balance_pay,
    bargains,
    browse,
    cart,
    delivery_form,
    flash_sales,
    group_buys,
    member,
    points_pages,
    profile,
    promoter,
    share,
    shopping,
    wallet_pages,
):
    router.include_router(module.router)
router.include_router(share.links)
