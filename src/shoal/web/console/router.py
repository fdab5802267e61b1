"""All console pages, gathered for ``shoal.web.router``."""

from __future__ import annotations

from fastapi import APIRouter

from shoal.web.console import auth, dashboard, inventory, products

router = APIRouter()
for module in (auth, dashboard, products, inventory):
    router.include_router(module.router)
