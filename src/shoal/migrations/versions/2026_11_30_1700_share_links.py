"""Share links, the visits through them and the orders attributed to their sharers.

Revision ID: 0033_share_links
Revises: 0030_flash_sales
Create Date: 2026-11-30 17:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import shoal.core.db
from shoal.core.rls import secure_tenant_tables

revision: str = "0033_share_links"
down_revision: str | Sequence[str] | None = "0030_flash_sales"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ["share_links", "share_visits", "share_attributions"]
AMOUNT = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _base(table: str) -> list[sa.SchemaItem]:
    return [
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f(f"fk_{table}_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    ]


def _shared() -> list[sa.SchemaItem]:
    return [
        sa.Column("sharer_id", sa.String(length=36), nullable=False),
        sa.Column("campaign_type", sa.String(length=20), nullable=True),
        sa.Column("campaign_id", sa.String(length=36), nullable=True),
    ]


def upgrade() -> None:
    at = shoal.core.db.UTCDateTime(timezone=True)
    op.create_table(
        "share_links",
        *_base("share_links"),
        *_shared(),
        sa.Column("target_type", sa.String(length=20), nullable=False),
        sa.Column("target_id", sa.String(length=36), nullable=False),
        sa.Column("expires_at", at, nullable=False),
        sa.Column("created_at", at, nullable=False),
    )
    op.create_index("ix_share_links_campaign", "share_links", ["tenant_id", "campaign_type", "campaign_id"])
    op.create_table(
        "share_visits",
        *_base("share_visits"),
        *_shared(),
        sa.Column("target_type", sa.String(length=20), nullable=False),
        sa.Column("target_id", sa.String(length=36), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=True),
        sa.Column("visitor_id", sa.String(length=36), nullable=True),
        sa.Column("visited_at", at, nullable=False),
    )
    op.create_index("ix_share_visits_customer", "share_visits", ["tenant_id", "customer_id", "visited_at"])
    op.create_index("ix_share_visits_visitor", "share_visits", ["tenant_id", "visitor_id"])
    op.create_index("ix_share_visits_campaign", "share_visits", ["tenant_id", "campaign_type", "campaign_id"])
    op.create_table(
        "share_attributions",
        *_base("share_attributions"),
        *_shared(),
        sa.Column("order_id", sa.String(length=36), nullable=False),
        sa.Column("visit_id", sa.String(length=36), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("placed_at", at, nullable=False),
        sa.Column("paid_amount", AMOUNT, nullable=False),
        sa.UniqueConstraint("tenant_id", "order_id", name=op.f("uq_share_attributions_tenant_id_order_id")),
    )
    op.create_index(
        "ix_share_attributions_campaign", "share_attributions", ["tenant_id", "campaign_type", "campaign_id"]
    )
    secure_tenant_tables(op, TABLES)


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table)
