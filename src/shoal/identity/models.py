"""Staff accounts, their sign-in sessions, and what sign-in of staff and shoppers alike keeps: attempt
throttles and retired refresh tokens."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
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


class SignInThrottle(Base):
    """Sign-in attempts in the current window of one bucket (an account from one address, an account
    from anywhere, or one address). An attempt takes a slot with a guarded upsert before any password
    is checked, so parallel requests cannot check more than the bucket's limit (``identity.throttle``)."""

    __tablename__ = "identity_sign_in_throttles"

    tenant_id: Mapped[str] = mapped_column(String(36), ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True)
    bucket: Mapped[str] = mapped_column(String(400), primary_key=True)
    window_start: Mapped[datetime]
    attempts: Mapped[int] = mapped_column(Integer)
    locked_at: Mapped[datetime | None]


class RetiredRefreshToken(Base):
    """The digest of a refresh token already swapped for a new one, and the session it belonged to:
    presenting it again means it was copied, so the whole session is ended (``identity.sessions``)."""

    __tablename__ = "identity_retired_refresh_tokens"

    tenant_id: Mapped[str] = mapped_column(String(36), ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True)
    refresh_digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    session_id: Mapped[str] = mapped_column(String(36))
    expires_at: Mapped[datetime]
