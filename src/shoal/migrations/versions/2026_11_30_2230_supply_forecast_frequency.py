"""Supply: each forecast point records its series' granularity (week, or day where the history is dense).

Revision ID: 0047_supply_forecast_frequency
Revises: 0035_supply
Create Date: 2026-11-30 22:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0047_supply_forecast_frequency"
down_revision: str | Sequence[str] | None = "0035_supply"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("supply_forecasts", sa.Column("frequency", sa.String(8), server_default="week", nullable=False))


def downgrade() -> None:
    op.drop_column("supply_forecasts", "frequency")
