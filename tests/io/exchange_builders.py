"""Builders for the export/import tests: small timeline files with known events."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from timeline_app.core import store as st
from timeline_app.core.drafts import CitationDraft, EventDraft, SourceDraft
from timeline_app.core.timespec import exact

T0 = datetime(2016, 12, 13, 0, 0, tzinfo=UTC)
COLORS = {"Shelling": "#d62728", "Diplomacy": "#1f77b4", "Evacuation": "#2ca02c"}


def an_event_draft(
    title: str,
    hours: float,
    *,
    category: str | None = "Shelling",
    outlet: str = "Reuters",
    url: str | None = None,
    quote: str = "",
) -> EventDraft:
    """A point event `hours` after 13 Dec 2016 00:00 UTC, cited by `outlet`."""
    source = SourceDraft(outlet=outlet, title=f"{outlet} report", url=url)
    return EventDraft(
        title=title,
        start=exact(T0 + timedelta(hours=hours)),
        category=category,
        category_color=COLORS.get(category or ""),
        citations=[CitationDraft(source, quote=quote)] if outlet else [],
    )


def a_timeline(path: Path, drafts: list[EventDraft]) -> st.TimelineStore:
    """A new timeline file holding `drafts` (categories created in COLORS order first)."""
    store = st.TimelineStore.create(path)
    with store.write() as session:
        for name, color in COLORS.items():
            st.get_or_create_category(session, name, color=color)
        st.bulk_add_events(session, drafts, skip_duplicates=False)
    return store


def dense_drafts(count: int, *, hours: float = 24 * 30) -> list[EventDraft]:
    """`count` events spread evenly over `hours`, round-robin over the three categories."""
    names = list(COLORS)
    return [
        an_event_draft(
            f"Event {i}", hours * i / count, category=names[i % 3], outlet=f"Outlet {i % 7}"
        )
        for i in range(count)
    ]
