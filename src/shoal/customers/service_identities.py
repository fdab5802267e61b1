"""One customer, many doors: staff list, link and unlink a customer's phones, emails, WeChat unionid and store
membership card numbers (``customers.identities``); a shopper links a phone by its SMS code. A door is unique
per shop and kind, so linking one that leads to another customer is refused (``identity_taken``): the two are
one person, and staff merge them."""

from __future__ import annotations

from sqlalchemy import delete, select

from shoal.config import Settings
from shoal.core.errors import NotFound
from shoal.core.uow import UnitOfWork
from shoal.customers import rules
from shoal.customers.errors import IdentityIsContact, IdentityTaken, InvalidIdentity
from shoal.customers.identities import link_door
from shoal.customers.models import CustomerIdentity, WeChatIdentity
from shoal.customers.schemas import CustomerRead, IdentityCreate, IdentityRead, PhoneLink
from shoal.customers.service import customer_row, phone_or_error, shopper_id
from shoal.customers.service_auth import consume_code


async def list_identities(uow: UnitOfWork, *, customer_id: str) -> list[IdentityRead]:
    async with uow:
        uow.actor.require("orders.read")
        await customer_row(uow, customer_id)
        doors = await uow.s.execute(
            select(CustomerIdentity)
            .where(CustomerIdentity.tenant_id == uow.tenant_id, CustomerIdentity.customer_id == customer_id)
            .order_by(CustomerIdentity.created_at, CustomerIdentity.id)
        )
        openids = await uow.s.execute(
            select(WeChatIdentity)
            .where(WeChatIdentity.tenant_id == uow.tenant_id, WeChatIdentity.customer_id == customer_id)
            .order_by(WeChatIdentity.created_at, WeChatIdentity.id)
        )
        found = [IdentityRead.model_validate(row) for row in doors.scalars()]
        return found + [
            IdentityRead(id=row.id, kind="openid", value=row.openid, created_at=row.created_at)
            for row in openids.scalars()
        ]


async def link_identity(uow: UnitOfWork, *, customer_id: str, data: IdentityCreate) -> IdentityRead:
    """Link a door (normalised: a phone typed with or without +86 is one door); linking one of theirs again
    answers it as it is. The customer's contact phone or email is set when they had none."""
    async with uow:
        uow.actor.require("orders.manage")
        customer = await customer_row(uow, customer_id)
        value = rules.normalise_identity(data.kind, data.value)
        if value is None:
            raise InvalidIdentity(kind=data.kind, value=data.value)
        if await link_door(uow, customer_id, data.kind, value) != customer_id:
            raise IdentityTaken(kind=data.kind, value=value)
        if data.kind in rules.CONTACT_KINDS and getattr(customer, data.kind) is None:
            setattr(customer, data.kind, value)
        row = await _door(uow, customer_id, kind=data.kind, value=value)
        uow.audit("customer.link_identity", "customer", customer_id, {"kind": data.kind, "value": value})
        await uow.commit()
        return IdentityRead.model_validate(row)


async def link_my_phone(uow: UnitOfWork, *, settings: Settings, data: PhoneLink) -> CustomerRead:
    """The signed-in shopper proves a phone by its SMS code and links it (a WeChat shopper adding their phone):
    signing in by that phone then finds this account. A phone of another account is ``identity_taken`` (the
    shop's staff merge the two); it becomes the contact phone when the shopper had none."""
    phone = phone_or_error(data.phone)
    async with uow:
        customer = await customer_row(uow, shopper_id(uow))
        await consume_code(uow, settings, phone, data.code)
        if await link_door(uow, customer.id, "phone", phone) != customer.id:
            raise IdentityTaken(kind="phone", value=phone)
        customer.phone = customer.phone or phone
        await uow.commit()
        return CustomerRead.model_validate(customer)


async def unlink_identity(uow: UnitOfWork, *, customer_id: str, identity_id: str) -> None:
    async with uow:
        uow.actor.require("orders.manage")
        customer = await customer_row(uow, customer_id)
        row = await _door(uow, customer_id, identity_id=identity_id)
        if row.kind in rules.CONTACT_KINDS and getattr(customer, row.kind) == row.value:
            raise IdentityIsContact(kind=row.kind, value=row.value)
        await uow.s.execute(delete(CustomerIdentity).where(CustomerIdentity.id == row.id))
        uow.audit("customer.unlink_identity", "customer", customer_id, {"kind": row.kind, "value": row.value})
        await uow.commit()


async def _door(uow: UnitOfWork, customer_id: str, **match: str) -> CustomerIdentity:
    conditions = [getattr(CustomerIdentity, "id" if key == "identity_id" else key) == v for key, v in match.items()]
    row = (
        await uow.s.execute(
            select(CustomerIdentity).where(
                CustomerIdentity.tenant_id == uow.tenant_id, CustomerIdentity.customer_id == customer_id, *conditions
            )
        )
    ).scalar_one_or_none()
    if row is None:
        raise NotFound("customer_identity")
    return row
