"""Shop revisions: the catalog revision becomes the shop's, and each write sets a number never used before.

The catalog's counter (``0067_catalog_revisions``) keyed the storefront's caches; pricing now also caches the
promotions in force and the shipping rules, so the promotions and the shipping templates set it too (a
promotion's ``budget_used``, which pricing reads live, does not: the promotion triggers name the columns
that matter, which on PostgreSQL takes row triggers, promotions being few). It moves to core as
``core_shop_revisions`` and keeps each tenant's number.

A write no longer adds one: it sets a number never used before (a sequence on PostgreSQL, a random 63-bit
number on SQLite). With ``+ 1`` a transaction that wrote, read and cached under its own number, then rolled
back, left that number to the next commit, whose different content the cache would have served.

Revision ID: 0068_shop_revisions
Revises: 0067_catalog_revisions
Create Date: 2026-12-01 04:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from shoal.core.rls import secure_tenant_tables

revision: str = "0068_shop_revisions"
down_revision: str | Sequence[str] | None = "0067_catalog_revisions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CATALOG = (
    "catalog_products",
    "catalog_variants",
    "catalog_channel_prices",
    "catalog_product_images",
    "catalog_product_options",
    "catalog_product_categories",
    "catalog_categories",
    "catalog_brands",
)
BY_STATEMENT = (*CATALOG, "checkout_shipping_templates")
PROMOTIONS = "marketing_promotions"
PROMOTION_COLUMNS = "name, status, benefit, condition, mode, group_key, priority, budget"
EVENTS = {"insert": "NEW", "update": "NEW", "delete": "OLD"}
SEQUENCE = "core_shop_revision_seq"

SET_PG = "ON CONFLICT (tenant_id) DO UPDATE SET revision = EXCLUDED.revision"
PG_STATEMENT_FUNCTION = f"""
CREATE OR REPLACE FUNCTION core_set_shop_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO core_shop_revisions (tenant_id, revision)
    SELECT changed.tenant_id, nextval('{SEQUENCE}') FROM (SELECT DISTINCT tenant_id FROM changed_rows) AS changed
    WHERE EXISTS (SELECT 1 FROM tenants WHERE tenants.id = changed.tenant_id)
    {SET_PG};
    RETURN NULL;
END $$
"""
PG_ROW_FUNCTION = f"""
CREATE OR REPLACE FUNCTION core_set_shop_revision_of_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed_tenant varchar := CASE WHEN TG_OP = 'DELETE' THEN OLD.tenant_id ELSE NEW.tenant_id END;
BEGIN
    INSERT INTO core_shop_revisions (tenant_id, revision)
    SELECT changed_tenant, nextval('{SEQUENCE}')
    WHERE EXISTS (SELECT 1 FROM tenants WHERE tenants.id = changed_tenant)
    {SET_PG};
    RETURN NULL;
END $$
"""


def _name(table: str, event: str) -> str:
    return f"{table}_revision_{event}"


def _event_clause(table: str, event: str) -> str:
    columns = f" OF {PROMOTION_COLUMNS}" if table == PROMOTIONS and event == "update" else ""
    return f"AFTER {event.upper()}{columns} ON {table}"


def _pg_trigger(table: str, event: str, row: str) -> str:
    if table == PROMOTIONS:
        return (
            f"CREATE TRIGGER {_name(table, event)} {_event_clause(table, event)} "
            "FOR EACH ROW EXECUTE FUNCTION core_set_shop_revision_of_row()"
        )
    return (
        f"CREATE TRIGGER {_name(table, event)} {_event_clause(table, event)} "
        f"REFERENCING {row} TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION core_set_shop_revision()"
    )


def _sqlite_trigger(table: str, event: str, row: str) -> str:
    return (
        f"CREATE TRIGGER {_name(table, event)} {_event_clause(table, event)} BEGIN "
        f"INSERT INTO core_shop_revisions (tenant_id, revision) SELECT {row}.tenant_id, random() & 9223372036854775807 "
        f"WHERE EXISTS (SELECT 1 FROM tenants WHERE tenants.id = {row}.tenant_id) "
        "ON CONFLICT (tenant_id) DO UPDATE SET revision = excluded.revision; END"
    )


def _drop_triggers(tables: Sequence[str]) -> None:
    on_pg = op.get_bind().dialect.name == "postgresql"
    for table in tables:
        for event in EVENTS:
            op.execute(f"DROP TRIGGER IF EXISTS {_name(table, event)}" + (f" ON {table}" if on_pg else ""))


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    _drop_triggers(CATALOG)
    if postgres:
        op.execute("DROP FUNCTION IF EXISTS catalog_bump_revision()")
    op.create_table(
        "core_shop_revisions",
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("revision", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_core_shop_revisions_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", name=op.f("pk_core_shop_revisions")),
    )
    _copy_revisions("catalog_revisions", "core_shop_revisions")
    if postgres:
        start = "(SELECT coalesce(max(revision), 0) + 1 FROM core_shop_revisions)"
        op.execute(f"CREATE SEQUENCE {SEQUENCE}")
        op.execute(f"SELECT setval('{SEQUENCE}', {start}, false)")  # above every number already handed out
        op.execute(PG_STATEMENT_FUNCTION)
        op.execute(PG_ROW_FUNCTION)
    make = _pg_trigger if postgres else _sqlite_trigger
    for table in (*BY_STATEMENT, PROMOTIONS):
        for event, row in EVENTS.items():
            op.execute(make(table, event, row))


def downgrade() -> None:
    """Back to the catalog's counter (``0067``), each tenant keeping its current number."""
    postgres = op.get_bind().dialect.name == "postgresql"
    _drop_triggers((*BY_STATEMENT, PROMOTIONS))
    if postgres:
        op.execute("DROP FUNCTION IF EXISTS core_set_shop_revision()")
        op.execute("DROP FUNCTION IF EXISTS core_set_shop_revision_of_row()")
        op.execute(f"DROP SEQUENCE IF EXISTS {SEQUENCE}")
    op.create_table(
        "catalog_revisions",
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("revision", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_catalog_revisions_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", name=op.f("pk_catalog_revisions")),
    )
    _copy_revisions("core_shop_revisions", "catalog_revisions")
    _recreate_catalog_triggers()


def _copy_revisions(source: str, target: str) -> None:
    """Every tenant's number from ``source`` into the new ``target`` (read past row-level security, which would
    show a migration no tenant's rows), then ``target`` is row-secured and ``source`` dropped."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"ALTER TABLE {source} NO FORCE ROW LEVEL SECURITY")
    op.execute(f"INSERT INTO {target} (tenant_id, revision) SELECT tenant_id, revision FROM {source}")
    secure_tenant_tables(op, [target])
    op.drop_table(source)


def _recreate_catalog_triggers() -> None:
    """``0067``'s triggers, as that revision made them."""
    from importlib import import_module

    catalog_revisions = import_module("shoal.migrations.versions.2026_11_30_2300_catalog_revisions")
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        op.execute(catalog_revisions.PG_FUNCTION)
    make = catalog_revisions._pg_trigger if postgres else catalog_revisions._sqlite_trigger
    for table in CATALOG:
        for event, row in EVENTS.items():
            op.execute(make(table, event, row))
