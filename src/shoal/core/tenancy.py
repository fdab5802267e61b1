"""Tenants: the brands that share one Shoal. The tenant table itself is global (not row-secured),
because an anonymous storefront request has to find its tenant by slug before anything else."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import String, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from shoal.core.db import Base, id_column
from shoal.core.errors import NotFound


class TenantRow(Base):
    __tablename__ = "tenants"

    id: Mapped[str] = id_column()
    slug: Mapped[str] = mapped_column(String(63), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    currency: Mapped[str] = mapped_column(String(3), default="CNY")
    default_locale: Mapped[str] = mapped_column(String(10), default="zh-CN")
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")
    status: Mapped[str] = mapped_column(String(16), default="active")
    logo_url: Mapped[str | None] = mapped_column(String(500))
    service_phone: Mapped[str | None] = mapped_column(String(30))
    created_at: Mapped[datetime]


@dataclass(frozen=True, slots=True)
class Tenant:
    """What a request knows about its tenant: enough to scope, price and speak."""

    id: str
    slug: str
    name: str
    currency: str
    default_locale: str
    timezone: str
    logo_url: str | None = None
    service_phone: str | None = None  # 客服电话, shown in the storefront and the member centre

    @classmethod
    def of(cls, row: TenantRow) -> Tenant:
        return cls(
            row.id, row.slug, row.name, row.currency, row.default_locale, row.timezone, row.logo_url, row.service_phone
        )


class TenantNotFound(NotFound):
    code = "tenant_not_found"
    message = {
        "en": "No shop called {slug!r} exists. Check the X-Shoal-Tenant header.",
        "zh-CN": "店铺 {slug!r} 不存在，请检查 X-Shoal-Tenant 请求头。",
    }

    def __init__(self, slug: str) -> None:
        super().__init__(entity="tenant", slug=slug)


async def tenant_by_slug(session: AsyncSession, slug: str) -> Tenant:
    row = (await session.execute(select(TenantRow).where(TenantRow.slug == slug))).scalar_one_or_none()
    if row is None or row.status != "active":
        raise TenantNotFound(slug)
    return Tenant.of(row)


async def tenant_by_id(session: AsyncSession, tenant_id: str) -> Tenant | None:
    row = await session.get(TenantRow, tenant_id)
    return Tenant.of(row) if row else None
