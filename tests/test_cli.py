"""The headless `timeline-app` commands, run in-process as a user would type them."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from timeline_app.cli import main

DAMASCUS = ZoneInfo("Asia/Damascus")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def utc_iso(local: datetime) -> str:
    return (
        local.replace(tzinfo=DAMASCUS)
        .astimezone(ZoneInfo("UTC"))
        .isoformat()
        .replace("+00:00", "Z")
    )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def aleppo(tmp_path, capsys) -> Path:
    path = tmp_path / "aleppo.ctl"
    code, out, _ = run(capsys, "new", path, "--example", "aleppo")
    assert code == 0, out
    return path


def events_json(capsys, *argv) -> list[dict]:
    code, out, err = run(capsys, "events", *argv, "--format", "json")
    assert code == 0, err
    return json.loads(out)


def test_example_has_the_headline_events_with_their_uncertain_times(aleppo, capsys):
    """The bundled Aleppo example shows the ceasefire, the shelling and the delayed evacuation."""
    events = {e["title"]: e for e in events_json(capsys, aleppo)}
    ceasefire = events["Ceasefire agreement announced for east Aleppo"]
    assert ceasefire["tz"] == "Asia/Damascus"
    assert ceasefire["time_text"] == "late on Tuesday"
    assert ceasefire["start_earliest"] >= utc_iso(datetime(2016, 12, 13, 12))
    assert ceasefire["start_latest"] <= utc_iso(datetime(2016, 12, 14, 0, 0))
    assert ceasefire["start_earliest"] < ceasefire["start_latest"]

    shelling = events["Shelling of eastern Aleppo resumes"]
    assert shelling["start_earliest"] >= utc_iso(datetime(2016, 12, 14, 0))
    assert shelling["start_latest"] <= utc_iso(datetime(2016, 12, 14, 13))

    evacuation = events["Evacuation of east Aleppo delayed"]
    assert evacuation["start"] == utc_iso(datetime(2016, 12, 14, 5))
    assert evacuation["end"] is not None
    assert evacuation["end_earliest"] >= utc_iso(datetime(2016, 12, 15, 0))
    assert evacuation["end_text"] == "possibly until Thursday"


def test_example_records_contradicting_accounts(aleppo, capsys):
    """Who broke the ceasefire is disputed, with a supporting and a contradicting source."""
    events = {e["title"]: e for e in events_json(capsys, aleppo)}
    broken = events["Ceasefire broken by pro-Assad forces"]
    stances = {s["stance"] for s in broken["sources"]}
    assert {"supports", "contradicts"} <= stances
    assert broken["disputed"] is True
    outlets = {s["outlet"] for s in broken["sources"] if s["stance"] == "contradicts"}
    assert "Russian military" in outlets


def test_json_listing_has_the_documented_fields(aleppo, capsys):
    """Scripts reading `events --format json` find every documented field on every event."""
    fields = {
        "id",
        "title",
        "start",
        "start_earliest",
        "start_latest",
        "precision",
        "end",
        "tz",
        "time_text",
        "category",
        "status",
        "location",
        "sources",
    }
    events = events_json(capsys, aleppo)
    assert len(events) >= 8
    for event in events:
        assert fields <= set(event)
        assert not any(key.startswith("_") for key in event)
        for source in event["sources"]:
            assert {"outlet", "url", "quote", "stance"} <= set(source)


def test_add_is_visible_after_reopening(tmp_path, capsys):
    """An event added from the command line is in the file when it is opened again."""
    path = tmp_path / "t.ctl"
    assert run(capsys, "new", path)[0] == 0
    code, _out, err = run(
        capsys,
        "add",
        path,
        "--title",
        "Convoy leaves",
        "--start",
        "5am local time",
        "--reference",
        "2016-12-15",
        "--tz",
        "Asia/Damascus",
        "--source-url",
        "https://example.org/report",
        "--source-outlet",
        "Example",
        "--quote",
        "the convoy left",
        "--category",
        "Evacuation",
    )
    assert code == 0, err
    events = events_json(capsys, path)
    assert [e["title"] for e in events] == ["Convoy leaves"]
    assert events[0]["start"] == utc_iso(datetime(2016, 12, 15, 5))
    assert events[0]["category"] == "Evacuation"
    assert events[0]["sources"][0]["url"] == "https://example.org/report"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--start", "the day after never"], "--start"),
        (["--start", "03/04/2016"], "ambiguous"),
        (["--start", "2016-12-14", "--end", "2016-12-01"], "before the start"),
        (["--start", "2016-12-14", "--source-url", "javascript:alert(1)"], "http"),
        (["--start", "2016-12-14", "--tz", "Mars/Olympus"], "Mars/Olympus"),
    ],
)
def test_bad_add_is_refused_and_changes_nothing(aleppo, capsys, extra, message):
    """A bad `add` prints one clear error line, exits non-zero and leaves the file as it was."""
    before = events_json(capsys, aleppo)
    code, _out, err = run(capsys, "add", aleppo, "--title", "Bad", *extra)
    assert code == 1
    assert err.startswith("error:") and message in err
    assert len(err.strip().splitlines()) == 1
    assert events_json(capsys, aleppo) == before


def test_add_with_empty_title_is_refused(aleppo, capsys):
    """An event needs a title; the error says so."""
    code, _, err = run(capsys, "add", aleppo, "--title", "  ", "--start", "2016-12-14")
    assert code == 1 and "title" in err


def test_events_filters_by_search_category_and_range(aleppo, capsys):
    """Listing can be narrowed by text, category and time range."""
    assert {e["title"] for e in events_json(capsys, aleppo, "--search", "OBSTRUCT")} == {
        "Turkey accuses Syrian government and 'others' of obstructing the evacuation deal"
    }
    by_actor = {e["title"] for e in events_json(capsys, aleppo, "--search", "turkey")}
    assert "Ceasefire agreement announced for east Aleppo" in by_actor  # Turkey brokered it
    evac = events_json(capsys, aleppo, "--category", "Evacuation")
    assert [e["category"] for e in evac] == ["Evacuation"]
    tuesday = events_json(
        capsys,
        aleppo,
        "--from",
        "2016-12-13",
        "--to",
        "2016-12-13T20:00",
    )
    assert [e["time_text"] for e in tuesday] == ["late on Tuesday"]


def test_check_reports_version_and_counts(aleppo, capsys):
    """`check` tells the analyst the file is sound and what it holds."""
    code, out, _ = run(capsys, "check", aleppo)
    assert code == 0
    assert "ok" in out and "schema version" in out and "events: 8" in out


def test_check_refuses_a_foreign_file_untouched(tmp_path, capsys):
    """A file that is not a timeline is reported and left byte-identical."""
    path = tmp_path / "notes.ctl"
    path.write_text("meeting notes, not a timeline\n")
    before = digest(path)
    for command in ("check", "events"):
        code, _, err = run(capsys, command, path)
        assert code == 1 and err.startswith("error:")
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.ctl"]


def test_new_refuses_to_overwrite(aleppo, capsys):
    """`new` never silently replaces an analyst's file."""
    before = digest(aleppo)
    code, _, err = run(capsys, "new", aleppo)
    assert code == 1 and "exists" in err
    assert digest(aleppo) == before


@pytest.mark.parametrize("command", ["new", "add", "events", "check"])
def test_every_subcommand_has_help(command, capsys):
    """`timeline-app SUBCOMMAND --help` explains the command and exits 0."""
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    assert "usage:" in capsys.readouterr().out


def test_module_entry_point_runs(tmp_path):
    """`python -m timeline_app` works like the `timeline-app` command."""
    result = subprocess.run(
        [sys.executable, "-m", "timeline_app", "new", str(tmp_path / "x.ctl")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "x.ctl").exists()
