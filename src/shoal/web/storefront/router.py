"""All storefront pages, gathered for ``shoal.web.router``."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
