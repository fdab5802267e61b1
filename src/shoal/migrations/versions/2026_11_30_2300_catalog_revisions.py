"""Catalog revisions: a counter per tenant, bumped by the database on every write to a catalog table.

The storefront keys its read cache and its ETags by this counter (issue 13): a repeat reader revalidates
with one indexed read instead of the whole page. Triggers rather than service code do the bumping, so no
write path (service, import, demo loader, SQL by hand) can change what shoppers see without it.

On PostgreSQL the triggers run once per statement and read the statement's changed rows (transition
tables), so a bulk insert of a thousand products bumps each tenant's counter once, not a thousand times.
SQLite has row triggers only. A row whose tenant is being deleted bumps nothing (its counter goes too).

Revision ID: 0067_catalog_revisions
Revises: 0028_search_text
Create Date: 2026-11-30 23:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from shoal.core.rls import secure_tenant_tables

revision: str = "0067_catalog_revisions"
down_revision: str | Sequence[str] | None = "0028_search_text"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WATCHED = (
    "catalog_products",
    "catalog_variants",
    "catalog_channel_prices",
    "catalog_product_images",
    "catalog_product_options",
    "catalog_product_categories",
    "catalog_categories",
    "catalog_brands",
)
EVENTS = {"insert": "NEW", "update": "NEW", "delete": "OLD"}
BUMP = "ON CONFLICT (tenant_id) DO UPDATE SET revision = catalog_revisions.revision + 1"

PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION catalog_bump_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO catalog_revisions (tenant_id, revision)
    SELECT DISTINCT changed.tenant_id, 1 FROM changed_rows AS changed
    WHERE EXISTS (SELECT 1 FROM tenants WHERE tenants.id = changed.tenant_id)
    {BUMP};
    RETURN NULL;
END $$
"""


def _trigger_name(table: str, event: str) -> str:
    return f"{table}_revision_{event}"


def _pg_trigger(table: str, event: str, row: str) -> str:
    return (
        f"CREATE TRIGGER {_trigger_name(table, event)} AFTER {event.upper()} ON {table} "
        f"REFERENCING {row} TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION catalog_bump_revision()"
    )


def _sqlite_trigger(table: str, event: str, row: str) -> str:
    return (
        f"CREATE TRIGGER {_trigger_name(table, event)} AFTER {event.upper()} ON {table} BEGIN "
        f"INSERT INTO catalog_revisions (tenant_id, revision) SELECT {row}.tenant_id, 1 "
        f"WHERE EXISTS (SELECT 1 FROM tenants WHERE tenants.id = {row}.tenant_id) {BUMP}; END"
    )


def upgrade() -> None:
    op.create_table(
        "catalog_revisions",
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("revision", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_catalog_revisions_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", name=op.f("pk_catalog_revisions")),
    )
    secure_tenant_tables(op, ["catalog_revisions"])
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        op.execute(PG_FUNCTION)
    make = _pg_trigger if postgres else _sqlite_trigger
    for table in WATCHED:
        for event, row in EVENTS.items():
            op.execute(make(table, event, row))


def downgrade() -> None:
    for table in WATCHED:
        for event in EVENTS:
            op.execute(f"DROP TRIGGER IF EXISTS {_trigger_name(table, event)}" + _on(table))
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS catalog_bump_revision()")
    op.drop_table("catalog_revisions")


def _on(table: str) -> str:
    return f" ON {table}" if op.get_bind().dialect.name == "postgresql" else ""
