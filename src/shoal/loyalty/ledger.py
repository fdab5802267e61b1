"""The statements every loyalty write is made of: an idempotent insert and a guarded balance move.

Kept apart from the services so that points, growth and (later) stored value append the same way: the
entry first, ``INSERT ... ON CONFLICT DO NOTHING RETURNING id`` on its unique reference (a replay appends
nothing and says so), then the balance with one guarded ``UPDATE``. Callers run inside a unit of work and
raise on a refused move, so the entry rolls back with it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite

from shoal.core.ids import new_id
from shoal.core.uow import UnitOfWork
from shoal.loyalty.models import Member


def insert_for(uow: UnitOfWork) -> Any:
    return postgresql.insert if uow.db.dialect == "postgresql" else sqlite.insert


async def append_once(uow: UnitOfWork, model: Any, values: dict[str, Any], keys: list[str]) -> str | None:
    """Insert one row unless its unique ``keys`` exist already: its id, or None for a replay."""
    statement = (
        insert_for(uow)(model)
        .values(id=new_id(), tenant_id=uow.tenant_id, **values)
        .on_conflict_do_nothing(index_elements=["tenant_id", *keys])
        .returning(model.id)
    )
    return (await uow.s.execute(statement)).scalar_one_or_none()


async def ensure_member(uow: UnitOfWork, customer_id: str) -> None:
    """The customer's loyalty account, created on first use (concurrent first uses create one)."""
    values = {"customer_id": customer_id, "growth": 0, "level_code": None, "points": 0, "created_at": uow.clock.now()}
    await append_once(uow, Member, values, ["customer_id"])
