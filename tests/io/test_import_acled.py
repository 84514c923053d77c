"""ACLED CSV import (timeline_app.io.importers.acled_csv)."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from timeline_app.core.timespec import Precision
from timeline_app.core.validation import validate_event_draft
from timeline_app.io.importers import ImportFormatError, read_import
from timeline_app.io.importers.acled_csv import read_acled_csv

FIXTURES = Path(__file__).parent / "fixtures"
HEADER = [
    "data_id", "iso", "event_id_cnty", "event_date", "year", "time_precision", "disorder_type",
    "event_type", "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2",
    "assoc_actor_2", "inter2", "interaction", "civilian_targeting", "iso3", "region", "country",
    "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source",
    "source_scale", "notes", "fatalities", "tags", "timestamp",
]  # fmt: skip


def write_acled(path: Path, rows: int) -> Path:
    """A realistic ACLED export of `rows` rows (33 columns, as ACLED's current exports)."""
    kinds = [
        ("Battles", "Armed clash"),
        ("Explosions/Remote violence", "Air/drone strike"),
        ("Protests", "Peaceful protest"),
        ("Violence against civilians", "Attack"),
    ]
    places = [
        ("Aleppo", "Aleppo", 36.2021, 37.1343),
        ("Idleb", "Idleb", 35.9306, 36.6339),
        ("Douma", "Rural Damascus", 33.5711, 36.4019),
    ]
    outlets = ["SOHR", "Syrian Observatory for Human Rights; Step News Agency", "AFP; Reuters"]
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(HEADER)
        for i in range(rows):
            day = date(2016, 1, 1) + timedelta(days=i % 1500)
            kind, sub = kinds[i % 4]
            loc, admin1, lat, lon = places[i % 3]
            notes = f"On {day:%d %B %Y}, {sub.lower()} in {loc}; several buildings damaged."
            writer.writerow([
                i, 760, f"SYR{i}", day.isoformat(), day.year, "1123"[i % 4], "Political violence",
                kind, sub, "Military Forces of Syria (2000-)", "" if i % 3 else "Militia (Syria)",
                1, "Civilians (Syria)", "", 7, 17, "", "SYR", "Middle East", "Syria", admin1, "",
                "", loc, lat, lon, "1123"[i % 4], outlets[i % 3], "National", notes, i % 5, "",
                1700000000,
            ])  # fmt: skip
    return path


def test_acled_rows_become_events_with_reasons_for_the_rest() -> None:
    """Importing an ACLED file would lose good rows or keep broken ones without saying why."""
    result = read_import(FIXTURES / "acled_small.csv")
    assert len(result.events) == 4
    assert [s.where for s in result.skipped] == ["row 5", "row 6", "row 7", "row 10"]
    reasons = {s.where: s.reason for s in result.skipped}
    assert "2016-13-45" in reasons["row 5"]
    assert "time_precision must be 1, 2 or 3" in reasons["row 6"]
    assert "not numbers" in reasons["row 7"]
    assert "latitude must be between -90 and 90" in reasons["row 10"]
    assert result.categories[0] == ("Battles", None)
    assert all(validate_event_draft(e) == [] for e in result.events)


def test_acled_event_fields_map_as_documented() -> None:
    """An ACLED clash would show the wrong title, day, place, actors or sources."""
    clash = read_import(FIXTURES / "acled_small.csv").events[0]
    assert clash.title == "Armed clash in Aleppo"
    assert clash.start.best == datetime(2016, 12, 13, tzinfo=UTC)
    assert clash.start.latest == datetime(2016, 12, 14, tzinfo=UTC)
    assert clash.start.precision == Precision.DAY and not clash.start.approximate
    assert clash.category == "Battles" and clash.tags == ["Armed clash"]
    assert (clash.location_name, clash.lat, clash.lon) == ("Aleppo, Syria", 36.2021, 37.1343)
    assert clash.location_precision == "town"
    assert clash.actors == [
        ("Military Forces of Syria (2000-)", "actor1"),
        ("Hayat Tahrir al-Sham", "actor2"),
        ("Hezbollah", "associated with actor1"),
        ("Militia (Pro-Government)", "associated with actor1"),
    ]
    assert [c.source.outlet for c in clash.citations] == ["SOHR", "Step News Agency"]
    assert clash.citations[0].note == "source scale: National-International"
    assert "despite the ceasefire & evacuation deal" in clash.description  # HTML stripped
    assert "<b>" not in clash.description and "Fatalities: 12" in clash.description
    assert "ACLED id: SYR1001" in clash.description


def test_acled_week_and_month_precision_widen_the_bounds() -> None:
    """ACLED's 'within a week' or 'within the month' dates would look exact on the timeline."""
    events = read_import(FIXTURES / "acled_small.csv").events
    week, month = events[1], events[2]
    assert week.start.best == datetime(2016, 12, 14, tzinfo=UTC)  # "14 December 2016"
    assert week.start.earliest == datetime(2016, 12, 11, tzinfo=UTC)
    assert week.start.latest == datetime(2016, 12, 18, tzinfo=UTC)
    assert week.start.approximate and week.location_precision == "region"
    assert month.start.precision == Precision.MONTH
    assert month.start.earliest == datetime(2016, 12, 1, tzinfo=UTC)
    assert month.start.latest == datetime(2017, 1, 1, tzinfo=UTC)
    assert month.location_precision == "country"


def test_acled_title_falls_back_and_missing_columns_are_fine() -> None:
    """A row without sub-event type or location, or a trimmed export, would be rejected."""
    protest = read_import(FIXTURES / "acled_small.csv").events[3]
    assert protest.title == "Protests in Syria" and protest.citations == []
    minimal = read_acled_csv(FIXTURES / "acled_minimal.csv")
    assert [e.title for e in minimal.events] == ["Battles", "Protests"]
    assert minimal.skipped == []


def test_acled_dates_are_read_in_the_given_zone() -> None:
    """Dates of a Syrian dataset would start at UTC midnight instead of Damascus midnight."""
    event = read_acled_csv(FIXTURES / "acled_small.csv", tz="Asia/Damascus").events[0]
    assert event.start.best == datetime(2016, 12, 12, 22, tzinfo=UTC)  # EET is UTC+2
    assert event.start.tz == "Asia/Damascus"


def test_acled_huge_cell_skips_the_row_not_the_file(tmp_path: Path) -> None:
    """One enormous notes cell would abort the whole import instead of skipping its row."""
    path = tmp_path / "huge.csv"
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["event_date", "event_type", "notes"])
        writer.writerow(["2016-12-13", "Battles", "x" * 200_000])
        writer.writerow(["2016-12-14", "Battles", "fine"])
    result = read_acled_csv(path)
    assert len(result.events) == 1
    assert result.skipped[0].where == "row 2"
    assert "longer than 20,000 characters" in result.skipped[0].reason


def test_acled_file_without_event_date_is_refused(tmp_path: Path) -> None:
    """A wrong file would import as nothing, silently, instead of saying what is missing."""
    path = tmp_path / "other.csv"
    path.write_text("date,type\n2016-12-13,Battles\n", encoding="utf-8")
    with pytest.raises(ImportFormatError, match=r"other\.csv: no event_date column"):
        read_acled_csv(path)


def test_acled_binary_file_names_the_row(tmp_path: Path) -> None:
    """A corrupt file would crash with a raw decoding error instead of a readable message."""
    path = tmp_path / "bad.csv"
    path.write_bytes(b"event_date,event_type\n2016-12-13,Battles\n2016-12-14,\xff\xfe\n")
    with pytest.raises(ImportFormatError, match=r"bad\.csv: line 3: not UTF-8"):
        read_acled_csv(path)


def test_acled_large_file_imports_every_row(tmp_path: Path) -> None:
    """A large ACLED export is read completely, with nothing skipped (speed: see bench/)."""
    rows = 20_000
    path = write_acled(tmp_path / "big.csv", rows)
    result = read_acled_csv(path)
    assert len(result.events) == rows and result.skipped == []
