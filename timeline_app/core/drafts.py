"""Plain drafts of what a user (dialog, CLI, importer) wants stored, validated before storing.

Dialogs read and write these objects; parsing and validation live in core so the CLI, the
importers and the GUI reject exactly the same input.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from timeline_app.core.timespec import TimeSpec


@dataclass(slots=True)
class SourceDraft:
    outlet: str = ""
    title: str = ""
    url: str | None = None
    author: str | None = None
    published: TimeSpec | None = None
    accessed: TimeSpec | None = None
    reliability: str | None = None  # Admiralty A-F
    notes: str = ""


@dataclass(slots=True)
class CitationDraft:
    source: SourceDraft
    quote: str = ""
    credibility: int | None = None  # Admiralty 1-6
    stance: str = "supports"  # supports | contradicts | context
    note: str = ""


@dataclass(slots=True)
class EventDraft:
    title: str
    start: TimeSpec
    end: TimeSpec | None = None
    description: str = ""
    category: str | None = None
    category_color: str | None = None
    status: str = "reported"
    location_name: str | None = None
    lat: float | None = None
    lon: float | None = None
    location_precision: str | None = None
    actors: list[tuple[str, str]] = field(default_factory=list)  # (name, role)
    tags: list[str] = field(default_factory=list)
    citations: list[CitationDraft] = field(default_factory=list)
