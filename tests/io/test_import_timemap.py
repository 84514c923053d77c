"""Forensic Architecture TimeMap / datasheet-server workbook import.

The peer sample is forensic-architecture/datasheet-server data/timemap_data.xlsx (commit
407de003dbe9db647d02220e5317f7dd8e7e7756, "Do No Harm" licence); see
/work/shared/peers/README.md. Tests that need it are skipped when it is absent; the other
tests build their own small workbook.
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from pathlib import Path

import pytest
from openpyxl import Workbook

from timeline_app.core.timespec import Precision
from timeline_app.io.importers import ImportFormatError, detect_format, read_import
from timeline_app.io.importers.timemap_xlsx import read_timemap_xlsx

PEERS = Path(__file__).resolve().parents[2].parent / "shared" / "peers" / "timemap"


def build_workbook(path: Path) -> Path:
    """A small datasheet in the server's layout, with an EXPORT tab that must be ignored."""
    book = Workbook()
    events = book.active
    events.title = "Events"
    events.append(["Description", "Date", "Time", "Location", "Association 1", "Association 2",
                   "Source", "Comments"])  # fmt: skip
    events.append(["Shelling of the <b>market</b>. Many injured.", "10/21/2015", "07:05",
                   "Market", "shell", "story", "s1, s2", "Seen from two rooftops."])  # fmt: skip
    events.append(["Convoy passes.", datetime(2015, 10, 22), time(16, 20), "Unknown place",
                   "kind", "", "missing", None])  # fmt: skip
    events.append(["Day only.", "2015-10-23", None, None, None, None, None, None])
    events.append([" "] + [None] * 7)  # a blank row: skipped without a report
    events.append(["Bad date.", "21/10/2015", "07:00", None, None, None, None, None])
    sources = book.create_sheet("Sources")
    sources.append(["ID", "Title", "Thumbnail", "Description", "Path 1", "Path 2", "Type"])
    sources.append(["s1", "Rooftop video", "https://example.org/t.jpg", "Filmed by a resident",
                    "local/video.mp4", "https://example.org/video.mp4", "Video"])  # fmt: skip
    sources.append(["s2", "Witness", None, "Interview", None, None, "Testimony"])
    associations = book.create_sheet("Associations")
    associations.append(["ID", "Description", "Mode", "Filter Path", None, None])
    associations.append(["shell", "munitions", "FILTER", "Weapons", "Indirect", "Mortar"])
    associations.append(["story", "the market story", "NARRATIVE", None, None, None])
    associations.append(["kind", "Movement", "CATEGORY", None, None, None])
    sites = book.create_sheet("Sites")
    sites.append(["Location", "Lat", "Long"])
    sites.append(["Market", 36.2, 37.15])
    export = book.create_sheet("EXPORT_EVENTS")
    export.append(["description", "date"])
    export.append(["Derived row that must not be imported", "not a date"])
    book.save(path)
    return path


def test_workbook_events_sources_associations_and_sites(tmp_path: Path) -> None:
    """A TimeMap sheet would lose its sources, filters, narratives or coordinates on import."""
    path = build_workbook(tmp_path / "sheet.xlsx")
    assert detect_format(path) == "timemap-xlsx"
    result = read_import(path)
    assert len(result.events) == 3
    market = result.events[0]
    assert market.title == "Shelling of the market."
    assert market.description == "Shelling of the market. Many injured.\n\nSeen from two rooftops."
    assert market.start.best == datetime(2015, 10, 21, 7, 5, tzinfo=UTC)  # month first
    assert market.start.precision == Precision.MINUTE
    assert (market.location_name, market.lat, market.lon) == ("Market", 36.2, 37.15)
    assert market.tags == ["Mortar", "narrative: the market story"]
    video, witness = (c.source for c in market.citations)
    assert video.title == "Rooftop video" and video.url == "https://example.org/video.mp4"
    assert "Type: Video" in video.notes and "Path: local/video.mp4" in video.notes
    assert witness.url is None and "Interview" in witness.notes


def test_workbook_excel_dates_categories_and_unknown_ids(tmp_path: Path) -> None:
    """Excel-typed dates, CATEGORY associations or unlisted source IDs would be mishandled."""
    result = read_import(build_workbook(tmp_path / "sheet.xlsx"))
    convoy, day_only = result.events[1], result.events[2]
    assert convoy.start.best == datetime(2015, 10, 22, 16, 20, tzinfo=UTC)
    assert convoy.category == "kind" and convoy.lat is None
    assert convoy.citations[0].source.title == "missing"
    assert day_only.start.precision == Precision.DAY


def test_workbook_bad_dates_are_skipped_and_export_tabs_ignored(tmp_path: Path) -> None:
    """A day-first date would be guessed silently, or the EXPORT tab imported twice."""
    result = read_import(build_workbook(tmp_path / "sheet.xlsx"))
    assert [str(s) for s in result.skipped] == [
        "Events row 6: Date '21/10/2015': month must be in 1..12 (dates are month/day/year)"
    ]
    assert all("Derived" not in e.title for e in result.events)


def test_workbook_without_events_tab_is_refused(tmp_path: Path) -> None:
    """An unrelated workbook would import as nothing instead of saying what is missing."""
    book = Workbook()
    book.active.title = "Budget"
    book.save(tmp_path / "budget.xlsx")
    with pytest.raises(ImportFormatError, match=r"budget\.xlsx: no Events tab \(tabs: Budget\)"):
        read_timemap_xlsx(tmp_path / "budget.xlsx")


def test_not_a_workbook_is_refused(tmp_path: Path) -> None:
    """A renamed or corrupt file would crash instead of a clear message."""
    path = tmp_path / "fake.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip")
    with pytest.raises(ImportFormatError, match=r"fake\.xlsx: not a readable \.xlsx workbook"):
        read_timemap_xlsx(path)


def test_forensic_architecture_sample() -> None:
    """The datasheet-server's own sample sheet would not import, or import wrongly."""
    path = PEERS / "timemap_data.xlsx"
    if not path.exists():
        pytest.skip(f"peer sample {path} is not available")
    result = read_import(path)
    assert len(result.events) == 11 and result.skipped == []
    first = result.events[0]
    assert first.title == "Person A appears on the scene and sprays tear gas."
    assert first.start.best == datetime(2015, 10, 10, 16, 20, tzinfo=UTC)
    assert first.location_name == "Al Araqib" and first.lat == pytest.approx(31.3484783)
    assert first.tags == ["Tear Gas", "narrative: first narrative", "narrative_3"]
    assert first.citations[0].source.title == "Gaza"
    assert result.categories == [("alpha", None), ("beta", None)]
