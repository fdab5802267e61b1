"""One customer, many doors: ``customers_identities`` (a phone, an email, a WeChat unionid, a store membership
card number, unique per shop and kind), filled with every customer's phone and email and every WeChat unionid
(a unionid seen on two customers leads to the older one; staff merge them).

Revision ID: 0048_customer_identities
Revises: 0027_customer_tags
Create Date: 2026-11-30 23:00:00
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shoal.core.db
from shoal.core.rls import secure_tenant_tables

revision: str = "0048_customer_identities"
down_revision: str | Sequence[str] | None = "0027_customer_tags"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "customers_identities"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("value", sa.String(length=254), nullable=False),
        sa.Column("created_at", shoal.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers_customers.id"],
            name=op.f("fk_customers_identities_customer_id_customers_customers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_customers_identities_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customers_identities")),
        sa.UniqueConstraint("tenant_id", "kind", "value", name=op.f("uq_customers_identities_tenant_id_kind_value")),
    )
    op.create_index("ix_customers_identities_customer", TABLE, ["tenant_id", "customer_id"], unique=False)
    # Untyped columns: the values go back as they were read (SQLite's stored text, PostgreSQL's timestamps).
    doors = sa.table(TABLE, *(sa.column(name) for name in ("id", "tenant_id", "customer_id", "kind", "value",
                                                           "created_at")))  # fmt: skip
    op.bulk_insert(doors, _existing_doors())
    secure_tenant_tables(op, [TABLE])


def _existing_doors() -> list[dict[str, object]]:
    """Every tenant's doors, read tenant by tenant: on PostgreSQL the customers tables are row-secured (forced,
    for their owner too), so each tenant's rows are read with its ``app.tenant_id`` set."""
    bind = op.get_bind()
    rows: list[dict[str, object]] = []
    for (tenant,) in bind.execute(sa.text("SELECT id FROM tenants")).all():
        if bind.dialect.name == "postgresql":
            bind.execute(sa.text("SELECT set_config('app.tenant_id', :t, true)"), {"t": tenant})
        rows += _doors_of(bind, tenant)
    if bind.dialect.name == "postgresql":
        bind.execute(sa.text("SELECT set_config('app.tenant_id', '', true)"))
    return rows


def _doors_of(bind: sa.Connection, tenant: str) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for kind in ("phone", "email"):
        found = bind.execute(
            sa.text(
                f"SELECT id, {kind}, created_at FROM customers_customers WHERE tenant_id = :t AND {kind} IS NOT NULL"
            ),
            {"t": tenant},
        )
        rows += [_door(tenant, customer, kind, value, at) for customer, value, at in found]
    unionids = bind.execute(
        sa.text(
            "SELECT unionid, MIN(created_at) FROM customers_wechat_identities "
            "WHERE tenant_id = :t AND unionid IS NOT NULL GROUP BY unionid"
        ),
        {"t": tenant},
    ).all()
    for unionid, at in unionids:
        customer = bind.execute(
            sa.text(
                "SELECT customer_id FROM customers_wechat_identities WHERE tenant_id = :t AND unionid = :u "
                "ORDER BY created_at, id LIMIT 1"
            ),
            {"t": tenant, "u": unionid},
        ).scalar_one()
        rows.append(_door(tenant, customer, "unionid", unionid, at))
    return rows


def _door(tenant: str, customer: str, kind: str, value: str, at: object) -> dict[str, object]:
    return {"id": str(uuid.uuid4()), "tenant_id": tenant, "customer_id": customer, "kind": kind, "value": value,
            "created_at": at}  # fmt: skip


def downgrade() -> None:
    op.drop_table(TABLE)
