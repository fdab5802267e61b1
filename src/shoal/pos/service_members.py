"""A member at the till: found by the phone they tell the clerk or the member card they show, with what the till
needs (level, points, balance).

The phone is shown masked: the clerk confirms the last digits with the shopper, and a clerk cannot read the
shop's member list through the till."""

from __future__ import annotations

from shoal.core.errors import NotFound
from shoal.core.uow import UnitOfWork
from shoal.customers.hooks import member_level_of
from shoal.customers.service_counter import find_at_counter
from shoal.loyalty.service_points import points_balance
from shoal.loyalty.wallet.service import balance_of
from shoal.pos.schemas import MemberRead


def masked(phone: str) -> str:
    """``+8613800138000`` -> ``138****8000``: enough to confirm, not enough to copy."""
    digits = phone[3:] if phone.startswith("+86") else phone.lstrip("+")
    return digits[:3] + "****" + digits[-4:] if len(digits) >= 7 else "****"


async def find_member(uow: UnitOfWork, *, phone: str | None = None, card: str | None = None) -> MemberRead:
    """By the phone the shopper tells, or the member card (会员卡号) they show; 404 when it is nobody's."""
    async with uow:
        uow.actor.require("pos.sell")
        customer = await find_at_counter(uow, phone=phone, card=card)
        if customer is None:
            raise NotFound("member")
        return MemberRead(
            id=customer.id, name=customer.name, phone=masked(customer.phone or ""),
            level=await member_level_of(uow, customer_id=customer.id),
            points=await points_balance(uow, customer_id=customer.id),
            balance=await balance_of(uow, customer.id),
        )  # fmt: skip
