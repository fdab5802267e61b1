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
    table = op.create_table(
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
    op.bulk_insert(table, _existing_doors())
    secure_tenant_tables(op, [TABLE])


def _existing_doors() -> list[dict[str, object]]:
    bind = op.get_bind()
    rows: list[dict[str, object]] = []
    for kind in ("phone", "email"):
        found = bind.execute(
            sa.text(f"SELECT tenant_id, id, {kind}, created_at FROM customers_customers WHERE {kind} IS NOT NULL")
        )
        rows += [_door(tenant, customer, kind, value, at) for tenant, customer, value, at in found]
    unionids = bind.execute(
        sa.text(
            "SELECT tenant_id, unionid, MIN(created_at) FROM customers_wechat_identities "
            "WHERE unionid IS NOT NULL GROUP BY tenant_id, unionid"
        )
    ).all()
    for tenant, unionid, at in unionids:
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
