"""Row-level security on PostgreSQL: the second wall between tenants.

Every table with a ``tenant_id`` column gets a policy that shows and accepts only rows of the tenant
set for the current transaction. ``FORCE`` makes it apply to the table owner too; the application
connects through a role that owns nothing (``SHOAL_DATABASE_APP_ROLE``), so even a query that forgets
its tenant filter sees nothing of another tenant.

Migrations call these functions; their SQL is part of history, so change it only with a new revision.
"""

from __future__ import annotations

from typing import Any

from shoal.config import get_settings

POLICY = "tenant_isolation"


def create_app_role_sql(role: str) -> str:
    return (
        "DO $$ BEGIN "
        f"IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') THEN "
        f'CREATE ROLE "{role}" NOLOGIN NOSUPERUSER NOBYPASSRLS; END IF; END $$'
    )


def grant_sql(role: str) -> list[str]:
    return [
        f'GRANT USAGE ON SCHEMA public TO "{role}"',
        f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "{role}"',
        f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "{role}"',
        f'ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "{role}"',
        f'ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO "{role}"',
    ]


def enable_rls_sql(table: str) -> list[str]:
    condition = "tenant_id = current_setting('app.tenant_id', true)"
    return [
        f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY",
        f"DROP POLICY IF EXISTS {POLICY} ON {table}",
        f"CREATE POLICY {POLICY} ON {table} USING ({condition}) WITH CHECK ({condition})",
    ]


def secure_tenant_tables(op: Any, tables: list[str]) -> None:
    """From a migration: on PostgreSQL, ensure the app role, grant it, and row-secure ``tables``.

    A no-op on SQLite, which has neither roles nor row-level security.
    """
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    role = get_settings().database_app_role
    statements = [create_app_role_sql(role), *grant_sql(role)] if role else []
    for table in tables:
        statements += enable_rls_sql(table)
    for statement in statements:
        op.execute(statement)
