"""Import jobs: one row per file imported from the console, so its progress and report outlive the request
and any worker process can answer "how far along is it"."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from shoal.core.db import Base, id_column, tenant_column


class ImportJob(Base):
    __tablename__ = "imports_jobs"
    __table_args__ = (Index("ix_imports_jobs_recent", "tenant_id", "id"),)

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    filename: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(12))  # running | done | failed
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    report: Mapped[dict[str, Any] | None]
    error: Mapped[dict[str, Any] | None]
    created_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
