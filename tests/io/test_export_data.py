"""Data export: CSV (formula-safe, re-importable), JSON (round-trip exact), TimelineJS."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.io.exchange_builders import a_timeline, an_event_draft
from timeline_app.core import store as st
from timeline_app.core.drafts import CitationDraft, EventDraft, SourceDraft
from timeline_app.core.records import EventFilter
from timeline_app.core.timespec import Precision, TimeSpec, exact, parse_time
from timeline_app.io.data_export import export_data, write_csv, write_timelinejs
from timeline_app.io.example import create_example
from timeline_app.io.import_into import import_file
from timeline_app.io.importers import read_import
from timeline_app.io.importers.our_csv import COLUMNS
from timeline_app.io.json_export import document_dict, write_json


def normalised(store: st.TimelineStore) -> dict:
    """Everything a user sees in the file, without ids and time stamps of the copy."""
    with store.read() as session:
        data = document_dict(session)
    sources = {s["key"]: {k: v for k, v in s.items() if k != "key"} for s in data["sources"]}
    as_text = {key: json.dumps(value, sort_keys=True) for key, value in sources.items()}
    events = []
    for event in data["events"]:
        event = {k: v for k, v in event.items() if k not in ("id", "created", "updated")}
        event["citations"] = sorted(
            (dict(c, source=as_text[c["source"]]) for c in event["citations"]),
            key=lambda c: json.dumps(c, sort_keys=True),
        )
        event["actors"] = sorted(event["actors"])
        events.append(event)
    events.sort(key=lambda e: json.dumps(e, sort_keys=True))
    categories = [(c["name"], c["color"]) for c in data["categories"]]
    return {"categories": categories, "sources": sorted(as_text.values()), "events": events}


def tricky_drafts() -> list[EventDraft]:
    """Events using every field: uncertain times, spans, zones, places, actors, disputes."""
    ministry = SourceDraft(
        outlet="Ministry of Defence",
        title="Statement 14/12",
        url="https://mod.example.org/s/1",
        author="Spokesman",
        published=parse_time("14 December 2016 10:30", tz="Europe/Moscow"),
        reliability="D",
        notes="Official statement; party to the conflict.",
    )
    witness = SourceDraft(outlet="Witness", title="Phone call", reliability="C")
    evening = parse_time("late on Tuesday", reference=datetime(2016, 12, 14), tz="Asia/Damascus")
    stamp = datetime(2016, 12, 15, 6, 7, 8, 123000, tzinfo=UTC)
    return [
        EventDraft(
            title="Shelling resumes",
            start=evening,
            end=parse_time(
                "Wednesday morning", reference=datetime(2016, 12, 14), tz="Asia/Damascus"
            ),
            description='Line one\nline two, with a comma; and "quotes"',
            category="Shelling",
            status="disputed",
            location_name="Bustan al-Qasr",
            lat=36.18,
            lon=37.14,
            location_precision="town",
            actors=[("Government forces", "attacker"), ("Rebels", "")],
            tags=["ceasefire", "artillery"],
            citations=[
                CitationDraft(
                    ministry,
                    quote="Terrorists attacked",
                    credibility=4,
                    stance="contradicts",
                    note="denies",
                ),
                CitationDraft(witness, quote="Shells fell at 11pm", credibility=2),
            ],
        ),
        EventDraft(
            title='=HYPERLINK("http://evil")',
            start=exact(stamp, "UTC"),
            category=None,
            citations=[CitationDraft(ministry, quote="", stance="context")],
        ),
        EventDraft(
            title="About 5am: convoy",
            start=TimeSpec(stamp, stamp, stamp, Precision.MINUTE, True, "UTC+03:00", "about 5am"),
            category="Empty lane test",
        ),
    ]


@pytest.fixture
def tricky(tmp_path: Path):
    store = st.TimelineStore.create(tmp_path / "tricky.ctl")
    with store.write() as session:
        st.get_or_create_category(session, "Unused category", color="#123456")
        st.bulk_add_events(session, tricky_drafts(), skip_duplicates=False)
        from timeline_app.core.store_refs import source_id

        source_id(session, SourceDraft(outlet="Uncited archive", url="https://a.example.org"))
    yield store
    store.close()


@pytest.mark.parametrize("which", ["tricky", "aleppo"])
def test_json_round_trip_is_exact(which, tricky, tmp_path):
    """Exporting to JSON and importing into a new file would lose or change some data."""
    if which == "tricky":
        original = tricky
    else:
        original = st.TimelineStore.open(create_example(tmp_path / "aleppo.ctl"))
    try:
        out = tmp_path / f"{which}.json"
        assert write_json(original, out) >= 3
        copy = st.TimelineStore.create(tmp_path / f"{which}-copy.ctl")
        summary = import_file(copy, out)
        assert summary.skipped == [] and summary.duplicates == 0
        assert normalised(copy) == normalised(original)
        with original.read() as a, copy.read() as b:
            assert st.counts(a) == st.counts(b)
        copy.close()
    finally:
        if which != "tricky":
            original.close()


def test_json_document_is_version_2_and_documented_fields_are_there(tricky, tmp_path):
    """Other tools reading our JSON would find fields missing or renamed."""
    out = tmp_path / "doc.json"
    write_json(tricky, out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert (data["format"], data["version"]) == ("conflict-timeline", 2)
    event = next(e for e in data["events"] if e["title"] == "Shelling resumes")
    assert set(event) >= {"title", "start", "end", "category", "location", "actors", "tags",
                          "citations", "status", "description"}  # fmt: skip
    assert set(event["start"]) == {"best", "earliest", "latest", "precision", "approximate",
                                   "tz", "text"}  # fmt: skip
    assert event["start"]["tz"] == "Asia/Damascus" and event["start"]["text"] == "late on Tuesday"
    assert any(s["outlet"] == "Uncited archive" for s in data["sources"])


def test_csv_has_the_importer_columns_and_neutralises_formulas(tricky, tmp_path):
    """A CSV opened in a spreadsheet would run an imported formula, or not import back."""
    out = tmp_path / "events.csv"
    assert write_csv(tricky, out) == 3
    with open(out, encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    assert tuple(rows[0]) == COLUMNS
    titles = [row[1] for row in rows[1:]]
    assert '\'=HYPERLINK("http://evil")' in titles
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    back = read_import(out)
    assert back.skipped == []
    assert sorted(e.title for e in back.events) == sorted(d.title for d in tricky_drafts())
    shelling = next(e for e in back.events if e.title == "Shelling resumes")
    original = tricky_drafts()[0]
    assert shelling.start == original.start
    assert (shelling.end.best, shelling.end.latest) == (original.end.best, original.end.latest)
    assert sorted(shelling.actors) == sorted(original.actors)
    assert {c.stance for c in shelling.citations} == {"supports", "contradicts"}


def test_csv_round_trip_keeps_events_and_sources(tmp_path):
    """Exporting the Aleppo example to CSV and importing it would lose events or sources."""
    original = st.TimelineStore.open(create_example(tmp_path / "aleppo.ctl"))
    copy = st.TimelineStore.create(tmp_path / "copy.ctl")
    try:
        write_csv(original, tmp_path / "a.csv")
        summary = import_file(copy, tmp_path / "a.csv")
        assert (summary.imported, summary.skipped) == (8, [])
        with original.read() as a, copy.read() as b:
            assert st.counts(a) == st.counts(b)
    finally:
        original.close()
        copy.close()


def test_timelinejs_export_imports_back_with_our_timelinejs_reader(tricky, tmp_path):
    """A timeline published with TimelineJS would lose dates, groups or its credited source."""
    out = tmp_path / "web.json"
    assert write_timelinejs(tricky, out, title="Aleppo <draft>", zone="UTC") == 3
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["title"]["text"]["headline"] == "Aleppo &lt;draft&gt;"
    slide = next(e for e in data["events"] if e.get("group") == "Shelling")
    assert slide["start_date"] == {
        "year": 2016,
        "month": 12,
        "day": 13,
        "display_date": "late on Tuesday",
    }  # a part of the day: TimelineJS knows the day, the wording says when in it
    assert slide["media"]["credit"] == "Ministry of Defence"
    back = read_import(out, format="timelinejs-json", tz="UTC")
    assert back.skipped == [] and back.title == "Aleppo <draft>"
    assert sorted(e.title for e in back.events) == sorted(d.title for d in tricky_drafts())
    shelling = next(e for e in back.events if e.title == "Shelling resumes")
    assert shelling.category == "Shelling"
    assert shelling.citations[0].source.outlet == "Ministry of Defence"
    assert shelling.citations[0].source.url == "https://mod.example.org/s/1"
    assert shelling.start.best == datetime(2016, 12, 13, tzinfo=UTC)
    assert shelling.start.precision == Precision.DAY and shelling.start.text == "late on Tuesday"
    convoy = next(e for e in back.events if e.title == "About 5am: convoy")
    assert convoy.start.best == datetime(2016, 12, 15, 6, 7, tzinfo=UTC)
    assert "Line one\nline two" in shelling.description


def test_data_export_honours_filters(tmp_path):
    """Exporting one category would write every event of the file instead."""
    store = a_timeline(
        tmp_path / "f.ctl",
        [an_event_draft("A", 1, category="Shelling"), an_event_draft("B", 2, category="Diplomacy")],
    )
    try:
        only = EventFilter(category_names=frozenset({"Diplomacy"}))
        for fmt in ("csv", "json", "timelinejs"):
            assert export_data(store, tmp_path / f"out.{fmt}", fmt, filters=only) == 1
        data = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
        assert [e["title"] for e in data["events"]] == ["B"]
    finally:
        store.close()
