"""All console pages, gathered for ``shoal.web.router``."""

from __future__ import annotations

from fastapi import APIRouter

from shoal.web.console import (
    aftersales,
    auth,
    categories,
    dashboard,
    imports,
    inventory,
    marketing,
    orders,
    products,
)

router = APIRouter()
for module in (auth, dashboard, products, categories, imports, inventory, orders, marketing, aftersales):
    router.include_router(module.router)
