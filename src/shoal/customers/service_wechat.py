"""WeChat mini-program sign-in: one customer per openid, and one per unionid across the brand's apps (the unionid
is one of the customer's doors, ``customers.identities``).

The code is exchanged with WeChat before the transaction opens (no network call holds a database
transaction). The (tenant, appid, openid) unique key makes a concurrent first sign-in of the same
openid harmless: the loser's savepoint rolls back and it signs in to the winner's customer.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from shoal.config import Settings
from shoal.core.uow import UnitOfWork
from shoal.customers import rules
from shoal.customers.events import CustomerRegistered
from shoal.customers.identities import customer_by_door, link_door
from shoal.customers.models import Customer, WeChatIdentity
from shoal.customers.schemas import ShopperTokens
from shoal.customers.service import add_customer, customer_row
from shoal.customers.service_auth import finish_sign_in
from shoal.customers.wechat import WeChatAuth


class _UnionidTaken(Exception):
    """Leaves the savepoint of a first sign-in whose unionid leads to someone else by now."""


async def sign_in_wechat(
    uow: UnitOfWork, *, settings: Settings, wechat: WeChatAuth, code: str, cart_id: str | None, locale: str
) -> ShopperTokens:
    openid, unionid, _session_key = await wechat.code_to_session(code)
    async with uow:
        identity = await _identity(uow, wechat.appid, openid)
        if identity is None:
            customer = await _link(uow, wechat.appid, openid, unionid, locale)
        else:
            if unionid and identity.unionid is None:
                identity.unionid = unionid
                await link_door(uow, identity.customer_id, "unionid", unionid)
            customer = await customer_row(uow, identity.customer_id)
        return await finish_sign_in(uow, settings, customer, method="wechat", cart_id=cart_id)


async def _link(uow: UnitOfWork, appid: str, openid: str, unionid: str | None, locale: str) -> Customer:
    """Attach a new openid to the customer its unionid leads to, or to a new customer. The unionid is a door
    unique per shop: of two apps signing in one new person at once, one creates the customer and the other,
    refused the door, attaches its openid to the winner."""
    known = await customer_by_door(uow, "unionid", unionid) if unionid else None
    try:
        async with uow.s.begin_nested():
            customer = known or await add_customer(uow, name=rules.default_name(), locale=locale)
            if unionid and known is None and await link_door(uow, customer.id, "unionid", unionid) != customer.id:
                raise _UnionidTaken()  # a concurrent twin created its customer: ours rolls back
            uow.s.add(
                WeChatIdentity(
                    tenant_id=uow.tenant_id,
                    customer_id=customer.id,
                    appid=appid,
                    openid=openid,
                    unionid=unionid,
                    created_at=uow.clock.now(),
                )
            )
    except (IntegrityError, _UnionidTaken):
        twin = await _identity(uow, appid, openid)
        if twin is not None:
            return await customer_row(uow, twin.customer_id)
        if unionid and known is None and await customer_by_door(uow, "unionid", unionid) is not None:
            return await _link(uow, appid, openid, unionid, locale)
        raise
    if known is None:
        uow.emit(CustomerRegistered(customer_id=customer.id, method="wechat"))
    return customer


async def openid_of(uow: UnitOfWork, *, customer_id: str, appid: str) -> str | None:
    """The customer's openid in one WeChat app (a payout to them names it), if they signed in there."""
    return await uow.s.scalar(
        select(WeChatIdentity.openid).where(
            WeChatIdentity.tenant_id == uow.tenant_id,
            WeChatIdentity.customer_id == customer_id,
            WeChatIdentity.appid == appid,
        )
    )


async def _identity(uow: UnitOfWork, appid: str, openid: str) -> WeChatIdentity | None:
    return (
        await uow.s.execute(
            select(WeChatIdentity).where(
                WeChatIdentity.tenant_id == uow.tenant_id,
                WeChatIdentity.appid == appid,
                WeChatIdentity.openid == openid,
            )
        )
    ).scalar_one_or_none()
