"""A shopper at a store's counter: the clerk finds the member by the phone number they tell, or the member card
(会员卡号) they show."""

from __future__ import annotations

from sqlalchemy import select

from shoal.core.uow import UnitOfWork
from shoal.customers.identities import customer_by_door
from shoal.customers.models import Customer
from shoal.customers.rules import normalise_identity
from shoal.customers.schemas import CustomerRead
from shoal.customers.service import phone_or_error


async def find_at_counter(uow: UnitOfWork, *, phone: str | None = None, card: str | None = None) -> CustomerRead | None:
    """The active customer whose phone (any of their phones) or member card this is exactly. A shopper who gives
    the clerk their number or card presents themselves, so the store scope of browsing members (``store_scope``)
    does not apply to this exact match. A malformed phone is 422 ``invalid_phone``; an unknown card is nobody."""
    async with uow:
        uow.actor.require("orders.read")
        if phone is not None:
            value = phone_or_error(phone)
            found = await customer_by_door(uow, "phone", value) or await _by_contact_phone(uow, value)
        else:
            value = normalise_identity("card", card or "")
            found = await customer_by_door(uow, "card", value) if value else None
        return CustomerRead.model_validate(found) if found is not None and found.status == "active" else None


async def _by_contact_phone(uow: UnitOfWork, phone: str) -> Customer | None:
    """The customer whose contact phone this is (every contact phone is a door too; this covers one that is not)."""
    query = select(Customer).where(Customer.tenant_id == uow.tenant_id, Customer.phone == phone)
    return (await uow.s.execute(query)).scalar_one_or_none()
