"""Saved views (named filters an analyst can return to); index on start time for the table.

The event table pages through a million events in start order; without an index on
start_ms every page sorted the whole table (3.5 s deep into a 1M-event file, now 25 ms).

Revision ID: 0002
Revises: 0001
Create Date: 2024-11-25

Self-contained: never import timeline_app models here.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "saved_views",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("filter_json", sa.Text(), nullable=False),
        sa.Column("created_ms", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_views")),
        sa.UniqueConstraint("name", name=op.f("uq_saved_views_name")),
    )
    op.create_index(op.f("ix_events_start"), "events", ["start_ms"])


def downgrade() -> None:
    op.drop_index(op.f("ix_events_start"), table_name="events")
    op.drop_table("saved_views")
