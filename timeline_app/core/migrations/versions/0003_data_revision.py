"""A data revision in `meta`, bumped by every write, so summaries kept in the file can be trusted.

The per-day start summary (`core/store_summary.py`) lets a big file draw its first frame
without counting a million rows. It is valid only for the revision it was made at. A version
of the app that does not bump the revision could edit the file and leave a stale summary
behind, so this is a schema step: such versions refuse the file as newer than they know.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25

Self-contained: never import timeline_app models here.
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("INSERT INTO meta (key, value) VALUES ('data_revision', '0')")


def downgrade() -> None:
    op.execute("DELETE FROM meta WHERE key IN ('data_revision', 'start_summary')")
