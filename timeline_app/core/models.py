"""The schema as SQLAlchemy 2.x typed ORM classes, and nothing else.

Times are integer epoch milliseconds (UTC) so a viewport query is an index range scan;
every uncertain time keeps best/earliest/latest, precision, approximate flag, the zone it
was reported in and the original wording. `lo_ms`/`hi_ms` are the event's whole extent
(earliest start .. latest end) kept by the store, so overlap with a window is two comparisons.
"""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

STATUSES = ("reported", "confirmed", "disputed", "denied")
STANCES = ("supports", "contradicts", "context")
RELIABILITIES = ("A", "B", "C", "D", "E", "F")
PRECISIONS = ("second", "minute", "hour", "part_of_day", "day", "month", "year")
KINDS = ("point", "span")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Meta(Base):
    """Key/value facts about the file: schema version, the app that wrote it."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Category(Base):
    __tablename__ = "categories"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    color: Mapped[str] = mapped_column(String(9), default="#607d8b")
    sort_order: Mapped[int] = mapped_column(default=0)


class Location(Base):
    __tablename__ = "locations"
    __table_args__ = (
        CheckConstraint("lat IS NULL OR (lat >= -90 AND lat <= 90)", name="lat_range"),
        CheckConstraint("lon IS NULL OR (lon >= -180 AND lon <= 180)", name="lon_range"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(500))
    lat: Mapped[float | None]
    lon: Mapped[float | None]
    # How exact the coordinates are: "exact", "town", "region", "country".
    precision: Mapped[str | None] = mapped_column(String(20))


class Actor(Base):
    __tablename__ = "actors"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    color: Mapped[str | None] = mapped_column(String(9))


class Tag(Base):
    __tablename__ = "tags"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    color: Mapped[str | None] = mapped_column(String(9))


class EventActor(Base):
    __tablename__ = "event_actors"
    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    actor_id: Mapped[int] = mapped_column(
        ForeignKey("actors.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role: Mapped[str] = mapped_column(String(100), primary_key=True, default="")
    actor: Mapped[Actor] = relationship(lazy="joined")


class EventTag(Base):
    __tablename__ = "event_tags"
    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    tag_id: Mapped[int] = mapped_column(
        ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    tag: Mapped[Tag] = relationship(lazy="joined")


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint(
            "start_earliest_ms <= start_ms AND start_ms <= start_latest_ms", name="start_bounds"
        ),
        CheckConstraint("end_ms IS NULL OR end_ms >= start_ms", name="end_after_start"),
        CheckConstraint("lo_ms <= hi_ms", name="extent"),
        CheckConstraint(f"kind IN {KINDS!r}", name="kind"),
        CheckConstraint(f"status IN {STATUSES!r}", name="status"),
        Index("ix_events_lo_hi", "lo_ms", "hi_ms"),
        Index("ix_events_hi", "hi_ms"),
        Index("ix_events_category_lo", "category_id", "lo_ms"),
        Index("ix_events_start", "start_ms"),  # the event table pages in start order
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(10), default="point")
    status: Mapped[str] = mapped_column(String(20), default="reported")

    start_ms: Mapped[int]
    start_earliest_ms: Mapped[int]
    start_latest_ms: Mapped[int]
    start_precision: Mapped[str] = mapped_column(String(20))
    start_approx: Mapped[bool] = mapped_column(default=False)
    start_tz: Mapped[str] = mapped_column(String(64), default="UTC")
    start_text: Mapped[str] = mapped_column(String(500), default="")

    end_ms: Mapped[int | None]
    end_earliest_ms: Mapped[int | None]
    end_latest_ms: Mapped[int | None]
    end_precision: Mapped[str | None] = mapped_column(String(20))
    end_approx: Mapped[bool | None]
    end_tz: Mapped[str | None] = mapped_column(String(64))
    end_text: Mapped[str | None] = mapped_column(String(500))

    # Whole extent of the event including uncertainty; maintained by the store.
    lo_ms: Mapped[int]
    hi_ms: Mapped[int]
    # Denormalised from citations by the store so a viewport query reads one table:
    # how many distinct sources cite the event, and whether some support it while others
    # contradict it.
    source_count: Mapped[int] = mapped_column(default=0)
    contested: Mapped[bool] = mapped_column(default=False)

    category_id: Mapped[int | None] = mapped_column(
        ForeignKey("categories.id", ondelete="SET NULL")
    )
    location_id: Mapped[int | None] = mapped_column(
        ForeignKey("locations.id", ondelete="SET NULL"), index=True
    )
    created_ms: Mapped[int]
    updated_ms: Mapped[int]

    category: Mapped[Category | None] = relationship(lazy="joined")
    location: Mapped[Location | None] = relationship(lazy="joined")
    actors: Mapped[list[EventActor]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )
    tags: Mapped[list[EventTag]] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    citations: Mapped[list[Citation]] = relationship(
        back_populates="event", cascade="all, delete-orphan", passive_deletes=True
    )


class Source(Base):
    __tablename__ = "sources"
    __table_args__ = (
        CheckConstraint(
            "reliability IS NULL OR reliability IN ('A','B','C','D','E','F')", name="reliability"
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    outlet: Mapped[str] = mapped_column(String(300), default="")
    title: Mapped[str] = mapped_column(String(1000), default="")
    url: Mapped[str | None] = mapped_column(String(2000))
    author: Mapped[str | None] = mapped_column(String(300))
    published_ms: Mapped[int | None]
    published_tz: Mapped[str | None] = mapped_column(String(64))
    accessed_ms: Mapped[int | None]
    reliability: Mapped[str | None] = mapped_column(String(1))
    notes: Mapped[str] = mapped_column(Text, default="")

    citations: Mapped[list[Citation]] = relationship(back_populates="source")


class Citation(Base):
    __tablename__ = "citations"
    __table_args__ = (
        CheckConstraint(
            "credibility IS NULL OR (credibility >= 1 AND credibility <= 6)", name="credibility"
        ),
        CheckConstraint(f"stance IN {STANCES!r}", name="stance"),
        UniqueConstraint("event_id", "source_id", "quote", name="uq_citations_event_source_quote"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    source_id: Mapped[int] = mapped_column(
        ForeignKey("sources.id", ondelete="RESTRICT"), index=True
    )
    quote: Mapped[str] = mapped_column(Text, default="")
    credibility: Mapped[int | None]
    stance: Mapped[str] = mapped_column(String(20), default="supports")
    note: Mapped[str] = mapped_column(Text, default="")

    event: Mapped[Event] = relationship(back_populates="citations")
    source: Mapped[Source] = relationship(back_populates="citations", lazy="joined")


class SavedView(Base):
    """A named filter the analyst can return to; `filter_json` is an EventFilter as JSON."""

    __tablename__ = "saved_views"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    filter_json: Mapped[str] = mapped_column(Text, default="{}")
    created_ms: Mapped[int]
