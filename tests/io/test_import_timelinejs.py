"""TimelineJS JSON and spreadsheet-template CSV import.

The peer files are from NUKnightLab/TimelineJS3 (MPL-2.0): contrib/women_in_computing.json
and src/template/my-own-timeline.csv, at commit 27f700ed365b675c6e38201130fc141e43f31f26;
see /work/shared/peers/README.md. Tests that need them are skipped when they are absent.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from timeline_app.core.timespec import Precision
from timeline_app.io.importers import ImportFormatError, read_import
from timeline_app.io.importers.timelinejs_json import read_timelinejs_json

FIXTURES = Path(__file__).parent / "fixtures"
PEERS = Path(__file__).resolve().parents[2].parent / "shared" / "peers" / "TimelineJS3"


def peer(name: str) -> Path:
    path = PEERS / name
    if not path.exists():
        pytest.skip(f"peer sample {path} is not available")
    return path


def test_women_in_computing_json_imports_every_slide() -> None:
    """The TimelineJS sample would lose slides, dates or media credits on import."""
    result = read_import(peer("women_in_computing.json"))
    assert result.title == "Women in Computing"
    assert len(result.events) == 10 and result.skipped == []
    ada = result.events[0]
    assert ada.title == "Ada Lovelace"
    assert ada.start.best == datetime(1815, 12, 10, tzinfo=UTC)
    assert ada.start.precision == Precision.DAY
    assert ada.end is not None and ada.end.best == datetime(1852, 11, 27, tzinfo=UTC)
    media = ada.citations[0].source
    assert media.outlet == "Wikimedia Commons" and media.title == "Portrait by Alfred Edward Chalon"
    assert media.url is not None and media.url.endswith("Ada_Lovelace_portrait.jpg")
    links = [c.source.url for c in ada.citations[1:]]
    assert "https://en.wikipedia.org/wiki/Ada_Lovelace" in links
    assert "<a" not in ada.description and "Take Ada Lovelace: Daughter" in ada.description


def test_women_in_computing_precision_follows_the_date_parts() -> None:
    """A slide dated only '1951' would show as an exact day instead of the whole year."""
    events = {e.title: e for e in read_import(peer("women_in_computing.json")).events}
    recursion = events["Rózsa Péter writes recursion"]
    assert recursion.start.precision == Precision.YEAR
    assert recursion.start.latest == datetime(1952, 1, 1, tzinfo=UTC)
    eniac = events["...And the women who made it work"]
    assert eniac.start.precision == Precision.MONTH and eniac.end is not None
    assert eniac.end.precision == Precision.YEAR
    quote = events["Edith Clarke: Bucking the Trend"]  # its media is a quote, not a link
    assert quote.citations == [] and "There is no demand for women engineers" in quote.description


def test_own_json_fixture_maps_fields_and_strips_html() -> None:
    """Headlines would keep their HTML, scripts would leak into text, groups would be lost."""
    result = read_timelinejs_json(FIXTURES / "timelinejs_small.json")
    assert result.title == "Siege of East Aleppo"
    first = result.events[0]
    assert first.title == "Ceasefire announced & welcomed"
    assert first.start.best == datetime(2016, 12, 13, 22, 30, tzinfo=UTC)
    assert first.start.precision == Precision.MINUTE
    assert first.start.text == "late on Tuesday 13 December"
    assert first.category == "Ceasefire & diplomacy"
    assert (
        first.description == "Reported by Middle East Eye and a dubious page.\n\nSecond paragraph."
    )
    urls = [(c.source.url, c.stance) for c in first.citations]
    assert urls == [
        ("https://example.org/photo.jpg", "supports"),
        ("https://www.middleeasteye.net/news/aleppo", "context"),
        ("https://example.org/agency", "context"),
    ]  # the javascript: link stayed text only
    assert result.categories == [("Ceasefire & diplomacy", None), ("Evacuation", None)]


def test_own_json_fixture_skips_what_cannot_be_shown() -> None:
    """Slides before year 1, without dates or with impossible dates would be imported wrongly."""
    result = read_timelinejs_json(FIXTURES / "timelinejs_small.json")
    reasons = {s.where: s.reason for s in result.skipped}
    assert reasons == {
        'events[2] "Big Bang"': (
            "start_date: year -13800000000 cannot be shown (only years 1 to 9998)"
        ),
        'events[3] "No date at all"': "no start_date",
        'events[4] "Thirteenth month"': "start_date: month must be in 1..12",
        'events[5] "Ends before it starts"': "end: is before the start",
        'events[6] "Day without month"': "start_date: a day is given without a month",
    }


def test_own_json_fixture_headline_fallback_media_text_and_eras() -> None:
    """An untitled slide would be dropped, quoted media lost, or eras silently ignored."""
    events = read_timelinejs_json(FIXTURES / "timelinejs_small.json").events
    untitled, era = events[1], events[2]
    assert untitled.title.startswith("Evacuations continued through the winter")
    assert "We left everything behind.\nMedia: A resident" in untitled.description
    assert era.title == "Battle of Aleppo" and era.tags == ["era"]
    assert era.end is not None and era.end.best == datetime(2016, 12, 22, tzinfo=UTC)


def test_template_csv_imports_like_the_json() -> None:
    """The TimelineJS spreadsheet template would import differently from its JSON twin."""
    result = read_import(peer("my-own-timeline.csv"))
    assert result.title == "MY OWN CSV"
    assert len(result.events) == 10 and result.skipped == []
    assert result.events[0].title == "Ada Lovelace"
    hopper = result.events[5]
    assert hopper.start.precision == Precision.YEAR
    assert hopper.citations[0].source.outlet == "Innovation Hub"


def test_own_template_csv_reads_clock_times_types_and_bad_rows() -> None:
    """Template rows with 12-hour times, eras or a bad Time cell would be mis-read."""
    result = read_import(FIXTURES / "timelinejs_small.csv")
    assert result.title == "Aleppo test"
    shelling, buses, era = result.events
    assert shelling.start.best == datetime(2016, 12, 14, 5, tzinfo=UTC)
    assert shelling.end is not None and shelling.end.best == datetime(
        2016, 12, 14, 14, 30, tzinfo=UTC
    )
    assert shelling.start.text == "Wednesday dawn" and shelling.category == "Military action"
    assert buses.start.precision == Precision.SECOND
    assert era.tags == ["era"]
    assert [str(s) for s in result.skipped] == [
        "row 5 \"Bad clock\": Time 'noon-ish' is not a clock time like 14:30 or 2:30 PM"
    ]


def test_malformed_json_names_the_line(tmp_path: Path) -> None:
    """A broken JSON file would crash with a traceback instead of pointing at the line."""
    path = tmp_path / "broken.json"
    path.write_text('{"events": [\n  {"start_date": }\n]}', encoding="utf-8")
    with pytest.raises(ImportFormatError, match=r"broken\.json: line 2: not valid JSON"):
        read_timelinejs_json(path)


def test_json_without_events_is_refused(tmp_path: Path) -> None:
    """Some other JSON would import as an empty timeline instead of an explanation."""
    path = tmp_path / "other.json"
    path.write_text('{"slides": []}', encoding="utf-8")
    with pytest.raises(ImportFormatError, match="not a TimelineJS file"):
        read_timelinejs_json(path)
