"""HTTP routes of the storefront domain (thin: parse, authorise, call one service function)."""

from fastapi import APIRouter

router = APIRouter(tags=["storefront"])
