"""Staff accounts, their sign-in sessions and recent failed sign-ins (for rate limiting)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from shoal.core.db import Base, id_column, tenant_column


class StaffUser(Base):
    __tablename__ = "identity_staff_users"
    __table_args__ = (UniqueConstraint("tenant_id", "email"),)

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    email: Mapped[str] = mapped_column(String(254))
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    location_id: Mapped[str | None] = mapped_column(String(36))
    locale: Mapped[str] = mapped_column(String(10), default="zh-CN")
    status: Mapped[str] = mapped_column(String(16), default="active")
    created_at: Mapped[datetime]


class StaffSession(Base):
    """One sign-in. Access tokens name it (``sid``); revoking it signs every token of it out."""

    __tablename__ = "identity_staff_sessions"
    __table_args__ = (UniqueConstraint("tenant_id", "refresh_digest"),)

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    user_id: Mapped[str] = mapped_column(ForeignKey("identity_staff_users.id", ondelete="CASCADE"))
    refresh_digest: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class LoginFailure(Base):
    __tablename__ = "identity_login_failures"
    __table_args__ = (Index("ix_identity_login_failures_lookup", "tenant_id", "email", "at"),)

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    email: Mapped[str] = mapped_column(String(254))
    at: Mapped[datetime]
