"""Our own CSV read back (timeline_app.io.importers.our_csv)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from timeline_app.core.timespec import Precision
from timeline_app.io.importers import ImportFormatError, read_import
from timeline_app.io.importers.our_csv import read_our_csv, unneutralise

FIXTURES = Path(__file__).parent / "fixtures"


def test_our_csv_rows_and_skipped_reasons() -> None:
    """Re-importing an export would lose rows, or drop bad ones without saying why."""
    result = read_import(FIXTURES / "our_export.csv")
    assert [e.title for e in result.events][::2] == [
        "Ceasefire agreement announced for east Aleppo",
        "Hand-written row",
    ]
    assert len(result.events) == 4
    reasons = {s.where: s.reason for s in result.skipped}
    assert list(reasons) == ["row 5", "row 6", "row 7", "row 8", "row 10"]
    assert "relative: a reference date" in reasons["row 5"]  # parse_time's message
    assert reasons["row 6"] == "approximate: 'perhaps' is not true or false"
    assert reasons["row 7"].startswith("sources: not a JSON array")
    assert reasons["row 8"].startswith("status: must be one of")
    assert reasons["row 10"] == "no start time (start, or time_text)"


def test_our_csv_exact_times_round_trip() -> None:
    """Exported bounds, precision, zone or wording would come back changed."""
    event = read_import(FIXTURES / "our_export.csv").events[0]
    assert event.start.best == datetime(2016, 12, 13, 16, tzinfo=UTC)
    assert event.start.latest == datetime(2016, 12, 13, 22, tzinfo=UTC)
    assert event.start.precision == Precision.PART_OF_DAY
    assert (event.start.tz, event.start.text) == ("Asia/Damascus", "late on Tuesday")
    assert event.end is None and event.status == "confirmed"
    assert event.category == "Ceasefire & diplomacy"
    assert (event.location_name, event.lat, event.lon) == ("East Aleppo", 36.205, 37.175)
    assert (
        event.description
        == "Rebels and government agree to a ceasefire.\nEvacuation to begin Wednesday."
    )
    assert event.tags == ["ceasefire", "diplomacy"]


def test_our_csv_actors_keep_names_ending_in_parentheses() -> None:
    """An actor like 'Hayat Tahrir al-Sham (HTS)' would lose '(HTS)' as if it were a role."""
    event = read_import(FIXTURES / "our_export.csv").events[0]
    assert event.actors == [
        ("Turkey", "broker"),
        ("Russia", "broker"),
        ("Hayat Tahrir al-Sham (HTS)", ""),
        ("Rebels", ""),
    ]


def test_our_csv_sources_come_from_the_json_cell() -> None:
    """Citations, their grades, quotes and stances would be lost on re-import."""
    supports, contradicts = read_import(FIXTURES / "our_export.csv").events[0].citations
    assert supports.source.outlet == "Middle East Eye"
    assert supports.source.url == "https://www.middleeasteye.net/"
    assert (supports.source.reliability, supports.credibility) == ("B", 2)
    assert supports.quote == "A ceasefire was agreed late on Tuesday"
    assert contradicts.stance == "contradicts" and contradicts.source.url is None


def test_our_csv_neutralised_cells_are_restored() -> None:
    """A title exported as "'=HYPERLINK(...)" would come back with the apostrophe."""
    event = read_import(FIXTURES / "our_export.csv").events[1]
    assert event.title == '=HYPERLINK("http://evil.example";"click")'
    assert event.category == "-Military action" and event.description == "@SUM(1+1)"
    assert event.start.approximate and event.start.tz == "UTC+02:00"
    assert event.end is not None and event.end.text == "11am"
    assert unneutralise("'plain") == "'plain"  # only formula-like cells were prefixed


def test_our_csv_hand_written_start_is_parsed_in_its_zone() -> None:
    """A hand-made CSV with only a start time would be rejected or read in the wrong zone."""
    event = read_import(FIXTURES / "our_export.csv").events[2]
    assert event.start.best == datetime(2016, 12, 14, 3, tzinfo=UTC)  # 05:00 in Damascus
    assert event.start.precision == Precision.MINUTE


def test_our_csv_links_that_are_not_http_stay_text() -> None:
    """A javascript: link would become a clickable source or be lost entirely."""
    event = read_import(FIXTURES / "our_export.csv").events[3]
    assert event.description == "Seen on a site"
    source = event.citations[0].source
    assert source.url is None and "javascript:alert(1)" in source.notes


def test_our_csv_without_title_column_is_refused(tmp_path: Path) -> None:
    """A CSV of another kind would import as nothing instead of a clear error."""
    path = tmp_path / "x.csv"
    path.write_text("name,when\nA,2016\n", encoding="utf-8")
    with pytest.raises(ImportFormatError, match=r"x\.csv: no title and start columns"):
        read_our_csv(path)


def test_our_csv_empty_file_is_refused(tmp_path: Path) -> None:
    """An empty file would crash or import silently instead of being reported."""
    path = tmp_path / "empty.csv"
    path.write_text("", encoding="utf-8")
    with pytest.raises(ImportFormatError, match="empty"):
        read_our_csv(path)
