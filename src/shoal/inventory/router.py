"""HTTP routes of the inventory domain (thin: parse, authorise, call one service function)."""

from fastapi import APIRouter

router = APIRouter(tags=["inventory"])
