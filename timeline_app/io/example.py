"""The bundled examples: build a timeline file from a document shipped in resources/."""

from __future__ import annotations

import importlib.resources
import json
from pathlib import Path

from timeline_app.core import store as st
from timeline_app.io.native_json import Document, parse_document

EXAMPLES = ("aleppo",)


def example_document(name: str = "aleppo") -> Document:
    """Parse a bundled example; the resource itself is only ever read."""
    if name not in EXAMPLES:
        raise ValueError(f"unknown example {name!r} (known: {', '.join(EXAMPLES)})")
    resource = importlib.resources.files("timeline_app.resources") / "examples" / f"{name}.json"
    return parse_document(json.loads(resource.read_text(encoding="utf-8")))


def write_document(store: st.TimelineStore, document: Document) -> int:
    """Add a document's categories and events in one transaction; return the events added."""
    with store.write() as session:
        for order, (name, color) in enumerate(document.categories):
            st.get_or_create_category(session, name, color=color, sort_order=order)
        for draft in document.events:
            st.add_event(session, draft)
    return len(document.events)


def create_example(path: Path, name: str = "aleppo") -> Path:
    """Create a new timeline file at `path` holding a bundled example."""
    document = example_document(name)
    store = st.TimelineStore.create(path)
    try:
        write_document(store, document)
    finally:
        store.close()
    return Path(path)
