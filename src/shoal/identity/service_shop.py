"""The shop's own details (店铺信息): name, logo and service phone (客服电话), shown in the storefront header,
footer and member centre. The tenants table is global (an anonymous storefront finds its shop by slug before any
tenant is set), so every statement here names the unit of work's tenant itself; only ``settings.manage``
(owners and admins) changes them, and each change is audited."""

from __future__ import annotations

from pydantic import Field
from sqlalchemy import select, update

from shoal.core import tenant_cache
from shoal.core.media import ImageUrl
from shoal.core.schemas import Input, Output
from shoal.core.tenancy import TenantRow
from shoal.core.uow import UnitOfWork

PERMISSION = "settings.manage"
PHONE_PATTERN = r"^\+?[0-9][0-9 ()-]{4,28}$"  # 400-820-8820, 021-12345678, 13800138000, +86 21 1234 5678


class ShopUpdate(Input):
    """Only the fields sent change; ``null`` clears the logo or the phone."""

    name: str = Field(default=None, min_length=1, max_length=200)
    logo_url: ImageUrl | None = None
    service_phone: str | None = Field(default=None, max_length=30, pattern=PHONE_PATTERN)


class ShopRead(Output):
    id: str
    slug: str
    name: str
    logo_url: str | None
    service_phone: str | None
    currency: str
    default_locale: str
    timezone: str


async def get_shop(uow: UnitOfWork) -> ShopRead:
    async with uow:
        return ShopRead.model_validate(await _row(uow))


async def update_shop(uow: UnitOfWork, *, data: ShopUpdate) -> ShopRead:
    async with uow:
        uow.actor.require(PERMISSION)
        changes = data.model_dump(exclude_unset=True)
        if changes:
            await uow.s.execute(
                update(TenantRow)
                .where(TenantRow.id == uow.tenant_id)
                .values(**changes)
                .execution_options(synchronize_session=False)
            )
            uow.audit("shop.update", "tenant", uow.tenant_id, changes)
        row = await _row(uow)
        await uow.s.refresh(row)
        await uow.commit()
        tenant_cache.forget(uow.db, row.id)
        return ShopRead.model_validate(row)


async def _row(uow: UnitOfWork) -> TenantRow:
    return (await uow.s.execute(select(TenantRow).where(TenantRow.id == uow.tenant_id))).scalar_one()
