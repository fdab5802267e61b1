"""HTTP routes of the customers domain (thin: parse, authorise, call one service function)."""

from fastapi import APIRouter

router = APIRouter(tags=["customers"])
