"""Big tabular imports (EventRows): the fast route stores exactly what drafts would store."""

from __future__ import annotations

import csv
import random
import sqlite3
from pathlib import Path

import pytest

from tests.io.exchange_builders import a_timeline, an_event_draft
from timeline_app.core import store as st
from timeline_app.core import store_bulk_write
from timeline_app.core.event_rows import EventRows
from timeline_app.core.validation import validate_event_draft
from timeline_app.io.import_into import ImportCancelled, import_file, read_input, store_import
from timeline_app.io.importers import read_import

HEADER = [
    "event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type", "actor1",
    "assoc_actor_1", "actor2", "country", "admin1", "location", "latitude", "longitude",
    "geo_precision", "source", "source_scale", "notes", "fatalities",
]  # fmt: skip
KINDS = [("Battles", "Armed clash"), ("Protests", ""), ("", ""), ("battles", "ARMED CLASH"),
         ("Battles", "Shelling")]  # fmt: skip
ACTORS = ["SAA", "saa", "Rebels", "Rebels; Rebels", "", "<b>HTS</b>", "x" * 301]
OUTLETS = ["SOHR", "sohr", "AFP; Reuters", "AFP; AFP", "", "SANA; SOHR; Step", "Bell\x07 News"]
PLACES = [
    ("Aleppo", "Aleppo", "36.2", "37.1"),
    ("aleppo", "Aleppo", "36.2", "37.1"),
    ("", "", "", ""),
    ("", "", "35.0", "36.0"),
    ("Idleb", "Idleb", "", ""),
    ("Douma", "Rural Damascus", "95.0", "36.4"),  # out of range: skipped
    ("Homs", "Homs", "north", "36.7"),  # not numbers: skipped
]


def messy_acled(path: Path, rows: int, seed: int = 7) -> Path:
    """ACLED rows mixing what makes an import hard: repeated rows (duplicates), names that
    differ only in case or markup, blanks, rows without title parts, places without names
    or coordinates, and rows that must be skipped (bad dates, places, control characters,
    names too long)."""
    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(HEADER)
        previous: list[object] | None = None
        for i in range(rows):
            if previous is not None and rng.random() < 0.05:
                writer.writerow(previous)  # an exact repeat: a duplicate
                continue
            kind, sub = rng.choice(KINDS)
            loc, admin1, lat, lon = rng.choice(PLACES)
            notes = rng.choice(["Clashes.", "", "Shelling\x07 reported.", "<i>Air strike</i>"])
            day = rng.choice(["2016-12-13", "14 December 2016", "2016-12-15", "2016-13-45"])
            row: list[object] = [
                f"SYR{i}", day, rng.choice("1123"), kind, sub, rng.choice(ACTORS),
                rng.choice(ACTORS), rng.choice(ACTORS), "Syria", admin1, loc, lat, lon,
                rng.choice("123"), rng.choice(OUTLETS), rng.choice(["National", ""]), notes,
                rng.choice(["", "0", "3"]),
            ]  # fmt: skip
            writer.writerow(row)
            previous = row
    return path


def dump(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table but the times of writing (created_ms, updated_ms)."""
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        found = {}
        for table in tables:
            columns = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]
            kept = ", ".join(f'"{c}"' for c in columns if c not in ("created_ms", "updated_ms"))
            rows = conn.execute(f'SELECT {kept} FROM "{table}" ORDER BY {kept}').fetchall()
            found[table] = [r for r in rows if table != "meta" or r[0] != "created_ms"]
        return found
    finally:
        conn.close()


def _existing() -> list:
    """Events already in the file: one duplicates an ACLED row, others share names and
    places (one without a precision, which an import may fill in)."""
    clash = an_event_draft("Armed clash in Aleppo", 0, category="Battles", outlet="SOHR")
    older = an_event_draft("Older", 5, category="Protests", outlet="sohr")
    clash.location_name, clash.lat, clash.lon = "aleppo, Aleppo, Syria", 36.2, 37.1
    older.location_name, older.lat, older.lon = "Syria", 35.0, 36.0
    idleb = an_event_draft("Idleb", 7, category=None, outlet="AFP")
    idleb.location_name, idleb.location_precision = "Idleb, Idleb, Syria", "region"
    return [clash, older, idleb]


def _import(target: Path, events, *, skip_duplicates: bool) -> st.BulkResult:
    with a_timeline(target, _existing()) as store, store.write() as session:
        return st.bulk_add_events(session, events, skip_duplicates=skip_duplicates)


@pytest.mark.parametrize("skip_duplicates", [True, False])
@pytest.mark.parametrize("big", [False, True], ids=["small", "big"])
def test_rows_store_exactly_what_their_drafts_store(tmp_path, monkeypatch, skip_duplicates, big):
    """The fast route would store other ids, names, links or counts than drafts do."""
    if big:  # index rebuild, many statements per table and rests of odd sizes
        monkeypatch.setattr(store_bulk_write, "REINDEX_MIN_ROWS", 5)
        monkeypatch.setattr(store_bulk_write, "ROWS_PER_INSERT", 7)
        monkeypatch.setattr(store_bulk_write, "CHUNK", 13)
        monkeypatch.setattr(store_bulk_write, "WRITE_EVERY", 50)
    rows = read_import(messy_acled(tmp_path / "in.csv", 600), format="acled-csv").events
    assert isinstance(rows, EventRows)
    by_drafts = _import(tmp_path / "drafts.ctl", list(rows), skip_duplicates=skip_duplicates)
    by_rows = _import(tmp_path / "rows.ctl", rows, skip_duplicates=skip_duplicates)
    assert by_rows.added == by_drafts.added and by_rows.added
    assert by_rows.duplicates == by_drafts.duplicates
    assert bool(by_rows.duplicates) == skip_duplicates
    assert dump(tmp_path / "rows.ctl") == dump(tmp_path / "drafts.ctl")


def test_bad_rows_are_skipped_with_the_reasons_of_their_drafts(tmp_path):
    """Validating parts once would lose or reorder the reasons a row is skipped."""
    result = read_import(messy_acled(tmp_path / "in.csv", 300), format="acled-csv")
    reasons = " ".join(s.reason for s in result.skipped)
    assert "2016-13-45" in reasons and "are not numbers" in reasons
    assert "latitude must be between -90 and 90" in reasons
    assert "description: contains a control character (U+0007" in reasons
    assert "actors: longer than 300 characters" in reasons
    assert "citations[0].source.outlet: contains a control character" in reasons
    assert len(result.events) + len(result.skipped) == 300
    assert all(validate_event_draft(e) == [] for e in result.events)


def test_rows_read_like_a_list_of_drafts(tmp_path):
    """The import preview (a slice, the count) would not see the events of an ACLED file,
    or the categories would be listed once per kind of event instead of once."""
    result = read_import(messy_acled(tmp_path / "in.csv", 200), format="acled-csv")
    rows = result.events
    drafts = list(rows)
    first_used = [name for name in dict.fromkeys(d.category for d in drafts) if name]
    assert result.categories == [(name, None) for name in first_used]
    assert len(drafts) == len(rows) > 0
    assert rows[:3] == drafts[:3] and rows[-1] == drafts[-1]
    assert rows[0] is not rows[0]  # built on demand: a caller may change its copy
    assert rows[0].citations[0].source is rows[0].citations[0].source  # sources shared


def test_cancel_while_storing_rows_changes_nothing(tmp_path, monkeypatch):
    """Cancelling a big import would keep the rows stored so far, or lose the indexes."""
    monkeypatch.setattr(store_bulk_write, "REINDEX_MIN_ROWS", 5)
    monkeypatch.setattr(store_bulk_write, "WRITE_EVERY", 100)  # rows written before cancel
    found = read_input(messy_acled(tmp_path / "in.csv", 3000), format="acled-csv")
    target = tmp_path / "t.ctl"
    a_timeline(target, _existing()).close()
    before = target.read_bytes()
    polls: list[int] = []

    def cancelled() -> bool:
        polls.append(1)
        return len(polls) > 1  # the second chunk: the first one is queued

    with st.TimelineStore.open(target) as store, pytest.raises(ImportCancelled):
        store_import(store, found, cancelled=cancelled)
    assert target.read_bytes() == before


def test_progress_of_a_rows_import_rises_to_the_end(tmp_path):
    """The progress bar would jump back or stop short while a big file is stored."""
    seen: list[int] = []
    with st.TimelineStore.create(tmp_path / "t.ctl") as store:
        summary = import_file(
            store,
            messy_acled(tmp_path / "in.csv", 3000),
            progress=lambda done, total: seen.append(done),
        )
    assert summary.imported > 0
    assert seen == sorted(seen) and seen[-1] == 1000
