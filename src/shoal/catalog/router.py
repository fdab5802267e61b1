"""HTTP routes of the catalog domain (thin: parse, authorise, call one service function)."""

from fastapi import APIRouter

router = APIRouter(tags=["catalog"])
