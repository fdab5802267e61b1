"""Request and response bodies of sign-in, staff management and the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import Field

from shoal.core.schemas import Input, Output

Role = Literal["owner", "admin", "operator", "clerk"]


class TokenRequest(Input):
    tenant: str = Field(min_length=1, max_length=63, description="The shop's slug.")
    email: str = Field(min_length=3, max_length=254)
    password: str = Field(min_length=1, max_length=200)


class RefreshRequest(Input):
    refresh_token: str = Field(min_length=10, max_length=200)


class TokenPair(Output):
    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int


class StaffCreate(Input):
    email: str = Field(min_length=3, max_length=254, pattern=r"^[^@\s]+@[^@\s]+$")
    name: str = Field(min_length=1, max_length=120)
    password: str = Field(min_length=8, max_length=200)
    role: Role
    location_id: str | None = None
    locale: Literal["zh-CN", "en"] = "zh-CN"


class StaffUpdate(Input):
    """Partial. ``location_id: null`` frees a clerk from its store; ``status: disabled`` signs the user out
    everywhere and keeps them out until enabled again."""

    name: str = Field(default=None, min_length=1, max_length=120)
    role: Role = None
    location_id: str | None = Field(default=None, max_length=36)
    status: Literal["active", "disabled"] = None


class StaffRead(Output):
    id: str
    email: str
    name: str
    role: str
    location_id: str | None
    locale: str
    status: str
    created_at: datetime


class AuditEntryRead(Output):
    id: str
    actor: str
    action: str
    entity: str
    entity_id: str | None
    changes: dict[str, Any]
    at: datetime
