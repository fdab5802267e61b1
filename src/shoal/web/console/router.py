"""All console pages, gathered for ``shoal.web.router``."""

from __future__ import annotations

from fastapi import APIRouter

from shoal.web.console import (
    aftersales,
    auth,
    bargains,
    categories,
    customer_doors,
    customers,
    dashboard,
    dealers,
    distribution,
    events,
    flash_sales,
    group_buys,
    imports,
    inventory,
    locations,
    marketing,
    marketing_coupons,
    members_cards,
    members_levels,
    members_mall,
    members_terms,
    members_wallet,
    orders,
    pos,
    products,
    settings,
    share_funnel,
    shipping,
    staff,
    stores,
    supply_orders,
    supply_planning,
    supply_suppliers,
    transfers,
)

router = APIRouter()
for module in (
    auth,
    dashboard,
    products,
    categories,
    imports,
    transfers,
    inventory,
    supply_suppliers,
    supply_orders,
    supply_planning,
    orders,
    pos,
    stores,
    dealers,
    customer_doors,  # before customers, whose /{customer_id}/{ledger} would take its posts
    customers,
    members_cards,
    members_levels,
    members_mall,
    members_terms,
    members_wallet,
    bargains,  # before marketing, like flash_sales
    flash_sales,  # before marketing, whose /{entity}/{id}/publish would take its buttons
    group_buys,  # before marketing, like flash_sales
    distribution,  # before marketing, like flash_sales
    marketing,
    marketing_coupons,  # after marketing, as when marketing included it
    aftersales,
    share_funnel,
    events,
    staff,
    shipping,
    locations,
    settings,
):
    router.include_router(module.router)
