"""Tenancy's second wall: PostgreSQL row-level security hides other tenants even from a careless query."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from shoal.core.tenancy import TenantRow
from shoal.identity.models import StaffUser
from tests.conftest import new_tenant


@pytest.mark.pg_only
async def test_a_query_without_tenant_filter_sees_only_its_own_tenant(db) -> None:
    mine, theirs = await new_tenant(db), await new_tenant(db)
    async with db.uow(tenant_id=mine.id) as uow:
        emails = set((await uow.s.execute(select(StaffUser.email))).scalars())
    assert mine.owner_email in emails
    assert theirs.owner_email not in emails


@pytest.mark.pg_only
async def test_without_a_tenant_nothing_tenant_scoped_is_visible(db) -> None:
    await new_tenant(db)
    async with db.uow() as uow:
        assert (await uow.s.execute(select(StaffUser))).first() is None
        assert (await uow.s.execute(select(TenantRow))).first() is not None  # the tenant list itself is global


@pytest.mark.pg_only
async def test_writing_a_row_for_another_tenant_is_refused(db) -> None:
    mine, theirs = await new_tenant(db), await new_tenant(db)
    async with db.uow(tenant_id=mine.id) as uow:
        with pytest.raises(DBAPIError):
            await uow.s.execute(
                text("UPDATE identity_staff_users SET tenant_id = :other WHERE tenant_id = :mine"),
                {"other": theirs.id, "mine": mine.id},
            )


@pytest.mark.pg_only
async def test_every_tenant_table_forces_row_level_security_and_the_app_role_owns_none(db) -> None:
    async with db.uow() as uow:
        rows = (
            await uow.s.execute(
                text(
                    """
                    SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, pg_get_userbyid(c.relowner)
                    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = 'public' AND c.relkind = 'r' AND EXISTS (
                        SELECT 1 FROM information_schema.columns col
                        WHERE col.table_schema = 'public' AND col.table_name = c.relname
                          AND col.column_name = 'tenant_id')
                    """
                )
            )
        ).all()
        current_role = (await uow.s.execute(text("SELECT current_user"))).scalar_one()
    assert rows, "expected tenant-scoped tables"
    assert current_role == "shoal_app"
    unsecured = [name for name, enabled, forced, _ in rows if not (enabled and forced)]
    assert unsecured == []
    assert all(owner != "shoal_app" for *_, owner in rows)
