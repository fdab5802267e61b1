"""The audit log: who changed what and when, for every admin write. Rows are append-only."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from shoal.core.db import Base, id_column, tenant_column


class AuditEntry(Base):
    __tablename__ = "core_audit_log"
    __table_args__ = (Index("ix_core_audit_log_tenant_at", "tenant_id", "at", "id"),)

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    actor: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(80))
    entity: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[str | None] = mapped_column(String(36))
    changes: Mapped[dict[str, Any]]
    at: Mapped[datetime]
