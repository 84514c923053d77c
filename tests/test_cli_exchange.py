"""`timeline-app export` and `timeline-app import`: files written, summaries, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from timeline_app.cli import main
from timeline_app.core import store as st
from timeline_app.core.quick_look import quick_look
from timeline_app.io.example import create_example

FIXTURES = Path(__file__).parent / "io" / "fixtures"


@pytest.fixture
def aleppo(tmp_path: Path) -> Path:
    return create_example(tmp_path / "aleppo.ctl")


@pytest.mark.parametrize(
    ("name", "extra", "magic"),
    [
        ("fig.png", ["--width", "1200", "--height", "500", "--title", "Aleppo"], b"\x89PNG"),
        ("fig.svg", ["--style", "print", "--no-legend"], b"<?xml"),
        ("fig.pdf", ["--page", "A3", "--portrait", "--no-sources-footnote"], b"%PDF"),
        ("events.csv", ["--category", "Evacuation"], b"\xef\xbb\xbfid,title"),
        ("doc.json", [], b"{"),
        ("web.json", ["--format", "timelinejs", "--zone", "Asia/Damascus"], b"{"),
    ],
)
def test_export_writes_each_format(aleppo, tmp_path, capsys, name, extra, magic):
    """`timeline-app export` would fail or write the wrong kind of file for some format."""
    out = tmp_path / name
    assert main(["export", str(aleppo), str(out), *extra]) == 0
    assert out.read_bytes().startswith(magic)
    assert capsys.readouterr().out.startswith(f"wrote {out}")


def test_export_range_and_filters_limit_the_events(aleppo, tmp_path, capsys):
    """--from/--to/--search would be ignored and every event exported."""
    out = tmp_path / "part.json"
    args = ["export", str(aleppo), str(out), "--from", "15 Dec 2016 00:00", "--to",
            "15 Dec 2016 23:00", "--zone", "Asia/Damascus"]  # fmt: skip
    assert main(args) == 0
    events = json.loads(out.read_text(encoding="utf-8"))["events"]
    assert 0 < len(events) < 8
    assert main(["export", str(aleppo), str(tmp_path / "s.csv"), "--search", "obstructing"]) == 0
    assert "(csv, 1 event(s))" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["{f}", "{d}/x.gif"], "cannot tell the format"),
        (["{f}", "{d}/x.png", "--from", "blursday"], "--from:"),
        (["{d}/missing.ctl", "{d}/x.png"], "no such file"),
        (["{f}", "{d}/no/such/dir/x.png"], "error:"),
        (["{f}", "{d}/x.png", "--width", "0"], "width and height"),
    ],
)
def test_export_errors_are_one_line_with_exit_code_1(aleppo, tmp_path, capsys, args, message):
    """A scripted export that fails would exit 0, or print a traceback instead of one line."""
    argv = [a.format(f=aleppo, d=tmp_path) for a in args]
    assert main(["export", *argv]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error:") and message in err and err.count("\n") == 1


def test_import_prints_the_summary_and_creates_a_new_file(tmp_path, capsys):
    """`timeline-app import` would not say what was skipped and why."""
    target = tmp_path / "new.ctl"
    assert main(["import", str(target), str(FIXTURES / "acled_small.csv")]) == 0
    out = capsys.readouterr().out
    assert "4 imported" in out and "0 duplicate(s) skipped" in out and "4 skipped:" in out
    look = quick_look(target)  # the window's first frame of the new file needs no counting
    assert look is not None and look.summary.total == 4
    assert "  row 5: " in out
    with st.TimelineStore.open(target, read_only=True) as store, store.read() as session:
        assert st.counts(session)["events"] == 4
    assert main(["import", str(target), str(FIXTURES / "acled_small.csv")]) == 0
    assert "0 imported\n4 duplicate(s) skipped" in capsys.readouterr().out
    args = ["import", str(target), str(FIXTURES / "acled_small.csv"), "--keep-duplicates"]
    assert main(args) == 0
    assert "4 imported" in capsys.readouterr().out


def test_import_errors_leave_no_file_behind(tmp_path, capsys):
    """A failed import into a new file would leave an empty timeline file lying around."""
    target = tmp_path / "new.ctl"
    assert main(["import", str(target), str(FIXTURES / "broken.timeline")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: broken.timeline") and err.count("\n") == 1
    assert not target.exists()
    assert main(["import", str(target), str(tmp_path / "nothing.csv")]) == 1
    assert "no such file" in capsys.readouterr().err
    args = ["import", str(target), str(FIXTURES / "acled_small.csv"), "--tz", "Mars/Olympus"]
    assert main(args) == 1
    assert "unknown time zone" in capsys.readouterr().err


def test_export_then_import_json_round_trips_through_the_cli(aleppo, tmp_path, capsys):
    """Moving a timeline between machines via JSON would lose events."""
    out = tmp_path / "doc.json"
    assert main(["export", str(aleppo), str(out)]) == 0
    assert main(["import", str(tmp_path / "copy.ctl"), str(out)]) == 0
    assert "8 imported" in capsys.readouterr().out


def test_an_import_that_cannot_store_its_summary_is_still_an_import(tmp_path, capsys, monkeypatch):
    """The summary is a speed-up: a full disk while writing it must not undo the import."""
    import sqlite3

    def full(self):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(st.TimelineStore, "refresh_start_summary", full)
    target = tmp_path / "new.ctl"
    assert main(["import", str(target), str(FIXTURES / "acled_small.csv")]) == 0
    assert "4 imported" in capsys.readouterr().out
    with st.TimelineStore.open(target) as store, store.read() as session:
        assert st.count_events(session) == 4
