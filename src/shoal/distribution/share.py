"""A promoter's own link: the share target ``promoter`` (the shop's home page, with the promoter's name on the
poster). A visit through it, like through any link the promoter shares, binds the visitor (``ShareVisited``)."""

from __future__ import annotations

from sqlalchemy import select

from shoal.campaigns.sharing.targets import Target, shares
from shoal.core.i18n import pick
from shoal.core.uow import UnitOfWork
from shoal.distribution.errors import promoter_not_found
from shoal.distribution.models import Promoter

BADGE = {"zh-CN": "好店推荐", "en": "Recommended shop"}


@shares("promoter")
async def promoter_target(uow: UnitOfWork, target_id: str, locale: str) -> Target:
    """Only an active promoter's link opens; the sharer is checked by the link's signature, the target here."""
    async with uow:
        name = await uow.s.scalar(
            select(Promoter.name).where(
                Promoter.tenant_id == uow.tenant_id, Promoter.id == target_id, Promoter.status == "active"
            )
        )
    if name is None:
        raise promoter_not_found(target_id)
    return Target(path="", name=name, price=None, currency="CNY", badge=pick(BADGE, locale))
