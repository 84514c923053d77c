"""What all importers share: format detection, dispatch, progress, cancel, HTML, periods."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from pathlib import Path

import pytest

from timeline_app.core.timespec import Precision
from timeline_app.io.importers import (
    FORMATS,
    ImportCancelled,
    ImportFormatError,
    detect_format,
    read_import,
)
from timeline_app.io.importers.common import period_spec
from timeline_app.io.importers.html_text import html_to_text, one_line

from .test_import_acled import write_acled

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("acled_small.csv", "acled-csv"),
        ("our_export.csv", "our-csv"),
        ("timelinejs_small.csv", "timelinejs-csv"),
        ("timelinejs_small.json", "timelinejs-json"),
        ("features.timeline", "thetimelineproj"),
    ],
)
def test_detect_format_by_content(name: str, expected: str, tmp_path: Path) -> None:
    """Opening a file would pick the wrong importer, e.g. after the user renamed it."""
    assert detect_format(FIXTURES / name) == expected
    renamed = tmp_path / "download.dat"
    renamed.write_bytes((FIXTURES / name).read_bytes())
    assert detect_format(renamed) == expected
    assert expected in FORMATS


def test_detect_format_recognises_our_json_document_and_refuses_it_here() -> None:
    """Our own JSON would be mistaken for TimelineJS instead of going to its own reader."""
    aleppo = REPO / "resources" / "examples" / "aleppo.json"
    assert detect_format(aleppo) == "native-json"
    with pytest.raises(ImportFormatError, match="Conflict Timeline document"):
        read_import(aleppo)


def test_unknown_files_are_refused_with_a_reason(tmp_path: Path) -> None:
    """A random file would be imported as garbage instead of being refused with a reason."""
    notes = tmp_path / "notes.csv"
    notes.write_text("when,what\n2016,x\n", encoding="utf-8")
    with pytest.raises(ImportFormatError, match=r"notes\.csv: not a CSV we can import"):
        detect_format(notes)
    empty = tmp_path / "empty.json"
    empty.write_text("  \n", encoding="utf-8")
    with pytest.raises(ImportFormatError, match="empty"):
        read_import(empty)
    with pytest.raises(ImportFormatError, match="cannot open"):
        detect_format(tmp_path / "missing.csv")
    with pytest.raises(ValueError, match="unknown import format 'docx'"):
        read_import(notes, format="docx")


def test_explicit_format_skips_detection() -> None:
    """Choosing a format in the import dialog would be ignored."""
    result = read_import(FIXTURES / "timelinejs_small.csv", format="timelinejs-csv")
    assert result.title == "Aleppo test"


def test_progress_reaches_the_total_and_cancel_stops(tmp_path: Path) -> None:
    """The progress bar would never fill, or Cancel would not stop a long import."""
    path = write_acled(tmp_path / "big.csv", 2_000)
    calls: list[tuple[int, int]] = []
    result = read_import(path, progress=lambda done, total: calls.append((done, total)))
    assert len(result.events) == 2_000
    assert len(calls) >= 4 and calls[-1][0] == calls[-1][1]
    assert all(a[0] <= b[0] for a, b in itertools.pairwise(calls))
    polls: list[int] = []

    def cancelled() -> bool:
        polls.append(1)
        return len(polls) >= 2

    with pytest.raises(ImportCancelled):
        read_import(path, cancelled=cancelled)
    assert len(polls) == 2


def test_cancel_works_for_formats_read_whole() -> None:
    """Cancel would be ignored by importers that read the whole file first."""
    with pytest.raises(ImportCancelled):
        read_import(FIXTURES / "timelinejs_small.json", cancelled=lambda: True)


def test_html_becomes_plain_text_with_links_kept_as_text() -> None:
    """Imported HTML would show tags, run scripts' text, or lose link targets."""
    text, links = html_to_text(
        '<p>Shelling near <a href="https://example.org/x">the bakery</a> &amp; school.'
        "<script>steal()</script><style>p{}</style></p><ul><li>one</li><li>two</li></ul>"
    )
    assert text == "Shelling near the bakery & school.\n\none\ntwo"
    assert links == [("https://example.org/x", "the bakery")]
    assert html_to_text("5 < 6 and R&D")[0] == "5 < 6 and R&D"  # not HTML: untouched
    assert html_to_text("line one\n\nline two")[0] == "line one\n\nline two"
    assert one_line("<b>A</b>\n<i>B</i>") == "A B"


def test_period_spec_precision_and_bounds() -> None:
    """Partial dates from other tools would get the wrong precision or bounds."""
    year = period_spec(1951)
    assert (year.precision, year.latest) == (Precision.YEAR, datetime(1952, 1, 1, tzinfo=UTC))
    december = period_spec(2016, 12)
    assert december.latest == datetime(2017, 1, 1, tzinfo=UTC)
    minute = period_spec(2016, 12, 13, 22, 30, approximate=True)
    assert minute.earliest == datetime(2016, 12, 13, 22, 15, tzinfo=UTC)
    assert minute.best == datetime(2016, 12, 13, 22, 30, tzinfo=UTC)
    local = period_spec(2016, 12, 13, tz="Asia/Damascus")
    assert local.best == datetime(2016, 12, 12, 22, tzinfo=UTC) and local.tz == "Asia/Damascus"
    with pytest.raises(ValueError, match="year 0 cannot be shown"):
        period_spec(0)
    with pytest.raises(ValueError, match="a minute is given without a hour"):
        period_spec(2016, 1, 1, None, 5)
