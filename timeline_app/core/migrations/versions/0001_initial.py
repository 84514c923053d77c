"""Initial schema: events, sources, citations, categories, actors, tags, locations, meta.

Revision ID: 0001
Revises:
Create Date: 2024-11-25

Self-contained on purpose: never import timeline_app models here (they describe the newest
schema, this file describes the first one forever). Every name is spelled out and wrapped in
`op.f()` so a later change of the naming convention cannot rename anything here.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "meta",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_meta")),
    )
    op.create_table(
        "categories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("color", sa.String(9), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_categories")),
        sa.UniqueConstraint("name", name=op.f("uq_categories_name")),
    )
    op.create_table(
        "locations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(500), nullable=False),
        sa.Column("lat", sa.Double(), nullable=True),
        sa.Column("lon", sa.Double(), nullable=True),
        sa.Column("precision", sa.String(20), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_locations")),
        sa.CheckConstraint(
            "lat IS NULL OR (lat >= -90 AND lat <= 90)", name=op.f("ck_locations_lat_range")
        ),
        sa.CheckConstraint(
            "lon IS NULL OR (lon >= -180 AND lon <= 180)", name=op.f("ck_locations_lon_range")
        ),
    )
    for table in ("actors", "tags"):
        op.create_table(
            table,
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("name", sa.String(300 if table == "actors" else 200), nullable=False),
            sa.Column("color", sa.String(9), nullable=True),
            sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
            sa.UniqueConstraint("name", name=op.f(f"uq_{table}_name")),
        )
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("outlet", sa.String(300), nullable=False),
        sa.Column("title", sa.String(1000), nullable=False),
        sa.Column("url", sa.String(2000), nullable=True),
        sa.Column("author", sa.String(300), nullable=True),
        sa.Column("published_ms", sa.Integer(), nullable=True),
        sa.Column("published_tz", sa.String(64), nullable=True),
        sa.Column("accessed_ms", sa.Integer(), nullable=True),
        sa.Column("reliability", sa.String(1), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sources")),
        sa.CheckConstraint(
            "reliability IS NULL OR reliability IN ('A','B','C','D','E','F')",
            name=op.f("ck_sources_reliability"),
        ),
    )
    _create_events()
    _create_links()


def _time_columns(prefix: str, *, nullable: bool) -> list[sa.Column]:
    return [
        sa.Column(f"{prefix}_ms", sa.Integer(), nullable=nullable),
        sa.Column(f"{prefix}_earliest_ms", sa.Integer(), nullable=nullable),
        sa.Column(f"{prefix}_latest_ms", sa.Integer(), nullable=nullable),
        sa.Column(f"{prefix}_precision", sa.String(20), nullable=nullable),
        sa.Column(f"{prefix}_approx", sa.Boolean(), nullable=nullable),
        sa.Column(f"{prefix}_tz", sa.String(64), nullable=nullable),
        sa.Column(f"{prefix}_text", sa.String(500), nullable=nullable),
    ]


def _create_events() -> None:
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        *_time_columns("start", nullable=False),
        *_time_columns("end", nullable=True),
        sa.Column("lo_ms", sa.Integer(), nullable=False),
        sa.Column("hi_ms", sa.Integer(), nullable=False),
        sa.Column("source_count", sa.Integer(), nullable=False),
        sa.Column("contested", sa.Boolean(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=True),
        sa.Column("location_id", sa.Integer(), nullable=True),
        sa.Column("created_ms", sa.Integer(), nullable=False),
        sa.Column("updated_ms", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
        sa.CheckConstraint(
            "start_earliest_ms <= start_ms AND start_ms <= start_latest_ms",
            name=op.f("ck_events_start_bounds"),
        ),
        sa.CheckConstraint(
            "end_ms IS NULL OR end_ms >= start_ms", name=op.f("ck_events_end_after_start")
        ),
        sa.CheckConstraint("lo_ms <= hi_ms", name=op.f("ck_events_extent")),
        sa.CheckConstraint("kind IN ('point', 'span')", name=op.f("ck_events_kind")),
        sa.CheckConstraint(
            "status IN ('reported', 'confirmed', 'disputed', 'denied')",
            name=op.f("ck_events_status"),
        ),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["categories.id"],
            name=op.f("fk_events_category_id_categories"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["locations.id"],
            name=op.f("fk_events_location_id_locations"),
            ondelete="SET NULL",
        ),
    )
    op.create_index(op.f("ix_events_location_id"), "events", ["location_id"])
    op.create_index(op.f("ix_events_lo_hi"), "events", ["lo_ms", "hi_ms"])
    op.create_index(op.f("ix_events_hi"), "events", ["hi_ms"])
    op.create_index(op.f("ix_events_category_lo"), "events", ["category_id", "lo_ms"])


def _create_links() -> None:
    op.create_table(
        "citations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("credibility", sa.Integer(), nullable=True),
        sa.Column("stance", sa.String(20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_citations")),
        sa.CheckConstraint(
            "credibility IS NULL OR (credibility >= 1 AND credibility <= 6)",
            name=op.f("ck_citations_credibility"),
        ),
        sa.CheckConstraint(
            "stance IN ('supports', 'contradicts', 'context')", name=op.f("ck_citations_stance")
        ),
        sa.UniqueConstraint(
            "event_id", "source_id", "quote", name=op.f("uq_citations_event_source_quote")
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_citations_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["sources.id"],
            name=op.f("fk_citations_source_id_sources"),
            ondelete="RESTRICT",
        ),
    )
    op.create_index(op.f("ix_citations_event_id"), "citations", ["event_id"])
    op.create_index(op.f("ix_citations_source_id"), "citations", ["source_id"])
    op.create_table(
        "event_actors",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(100), nullable=False),
        sa.PrimaryKeyConstraint("event_id", "actor_id", "role", name=op.f("pk_event_actors")),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_event_actors_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["actors.id"],
            name=op.f("fk_event_actors_actor_id_actors"),
            ondelete="CASCADE",
        ),
    )
    op.create_index(op.f("ix_event_actors_actor_id"), "event_actors", ["actor_id"])
    op.create_table(
        "event_tags",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("event_id", "tag_id", name=op.f("pk_event_tags")),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_event_tags_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tag_id"], ["tags.id"], name=op.f("fk_event_tags_tag_id_tags"), ondelete="CASCADE"
        ),
    )
    op.create_index(op.f("ix_event_tags_tag_id"), "event_tags", ["tag_id"])


def downgrade() -> None:
    for table in (
        "event_tags",
        "event_actors",
        "citations",
        "events",
        "sources",
        "tags",
        "actors",
        "locations",
        "categories",
        "meta",
    ):
        op.drop_table(table)
