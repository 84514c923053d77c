"""The Timeline Project .timeline import, including hostile XML.

The peer files are from The Timeline Project (GPL-3.0-or-later), via the GitHub mirror
shutaozhenzhen/thetimelineproj: documentation/release/versions.timeline (commit
1d1ca9ff4db52dc375d551f1d4d35e0fed17d767) and examples/example.timeline (commit
0ab4a89a841155175c4c84be8ad183ff51f899d5); see /work/shared/peers/README.md. Tests that
need them are skipped when they are absent.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from timeline_app.core.timespec import Precision
from timeline_app.io.importers import ImportFormatError, read_import
from timeline_app.io.importers.thetimelineproj import hex_color, read_thetimelineproj

FIXTURES = Path(__file__).parent / "fixtures"
PEERS = Path(__file__).resolve().parents[2].parent / "shared" / "peers" / "thetimelineproj"


def peer(name: str) -> Path:
    path = PEERS / name
    if not path.exists():
        pytest.skip(f"peer sample {path} is not available")
    return path


def test_versions_timeline_imports_every_release() -> None:
    """The Timeline Project's own release history would lose events or category colours."""
    result = read_import(peer("versions.timeline"))
    assert len(result.events) == 59 and result.skipped == []
    assert result.categories == [
        ("Planned Release", "#80ff80"),
        ("Correction Release", "#ff80ff"),
        ("Future Release", "#80ffff"),
    ]
    first = result.events[0]
    assert first.title == "Timeline 0.20.0" and first.category == "Planned Release"
    assert first.start.best == datetime(2013, 3, 30, 11, 16, tzinfo=UTC)
    assert first.start.precision == Precision.MINUTE and first.end is None
    assert first.description.startswith("Timeline 0.20.0, released on 30 March 2013")
    whole_day = result.events[1]  # stored at 00:00:00: the tool's whole-day events
    assert whole_day.start.precision == Precision.DAY
    assert whole_day.start.latest == datetime(2013, 7, 8, tzinfo=UTC)


def test_format_1_example_without_timetype_imports() -> None:
    """Files from format version 1.0 (no <timetype>) would be refused."""
    result = read_import(peer("example.timeline"))
    assert [(e.title, e.category) for e in result.events] == [("Test", "Test")]
    assert result.categories == [("Test", "#ff0000")]


def test_features_fixture_containers_milestones_fuzzy_links_and_eras() -> None:
    """Containers, milestones, fuzzy times, hyperlinks or eras would be mapped wrongly."""
    result = read_thetimelineproj(FIXTURES / "features.timeline")
    events = {e.title: e for e in result.events}
    assert events["Siege"].tags == ["era"] and events["Siege"].end is not None
    assert events["Evacuation"].tags == ["container"]
    assert events["Buses leave"].tags == ["container: Evacuation"]  # listed before its container
    strikes = events["Air strikes resume"]
    assert strikes.start.approximate and strikes.start.precision == Precision.MINUTE
    assert strikes.start.earliest == datetime(2016, 12, 14, 5, 15, tzinfo=UTC)  # widened 15 min
    assert strikes.end is not None and strikes.end.approximate
    assert strikes.category == "Air strikes" and strikes.tags == ["Military"]  # parent category
    assert [c.source.url for c in strikes.citations] == ["https://example.org/strikes"]
    assert (
        strikes.description == "Strikes on Sukkari & Ansari.\n\nLink: file:///C:/notes/strikes.txt"
    )
    milestone = events["Ceasefire announced"]
    assert milestone.tags == ["milestone"] and milestone.end is None
    assert "(not a subevent) press conference" in events  # the tool's added space is removed
    assert ("Broken colour", None) in result.categories


def test_features_fixture_skips_unreadable_times() -> None:
    """An event with a foreign date format would be imported at a wrong time, or silently."""
    result = read_thetimelineproj(FIXTURES / "features.timeline")
    assert [str(s) for s in result.skipped] == [
        "event 6 \"Foreign date format\": '13/12/2016 10:00' is not a time like 2013-03-30 11:16:00"
    ]


def test_times_are_read_in_the_given_zone() -> None:
    """Wall-clock times of a file kept in Damascus time would be taken as UTC."""
    result = read_thetimelineproj(FIXTURES / "features.timeline", tz="Asia/Damascus")
    milestone = next(e for e in result.events if e.title == "Ceasefire announced")
    assert milestone.start.best == datetime(2016, 12, 13, 18, 15, tzinfo=UTC)


@pytest.mark.parametrize("name", ["billion_laughs.timeline", "xxe.timeline"])
def test_hostile_xml_is_refused_without_expansion(name: str) -> None:
    """A crafted file could exhaust memory (billion laughs) or read local files (XXE)."""
    with pytest.raises(ImportFormatError, match=r"refused: the file declares a DTD") as caught:
        read_import(FIXTURES / name)
    assert "root:" not in str(caught.value)  # nothing of /etc/passwd leaked into the message


def test_external_dtd_reference_is_refused(tmp_path: Path) -> None:
    """A file pointing at an external DTD could make the app fetch a URL or read a file."""
    path = tmp_path / "external.timeline"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE timeline SYSTEM "http://attacker.example/x.dtd">\n'
        "<timeline><version>2.3.0</version><categories/><events/></timeline>\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportFormatError, match="refused"):
        read_thetimelineproj(path)


def test_malformed_xml_names_the_line() -> None:
    """A truncated file would crash instead of saying where it breaks."""
    with pytest.raises(ImportFormatError, match=r"broken\.timeline: line 6, column 2"):
        read_thetimelineproj(FIXTURES / "broken.timeline")


def test_other_calendars_and_other_xml_are_refused(tmp_path: Path) -> None:
    """A numeric-time timeline or an unrelated XML file would import as nonsense dates."""
    with pytest.raises(ImportFormatError, match="'numtime' calendar"):
        read_thetimelineproj(FIXTURES / "numtime.timeline")
    other = tmp_path / "feed.timeline"
    other.write_text("<rss><channel/></rss>", encoding="utf-8")
    with pytest.raises(ImportFormatError, match=r"root element is <rss>"):
        read_thetimelineproj(other)


def test_hex_color() -> None:
    """Category colours would be shown wrong, or a bad colour would abort the import."""
    assert hex_color("128,255,0") == "#80ff00"
    assert hex_color("300,0,0") is None and hex_color(None) is None
