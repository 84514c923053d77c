"""The benchmark machinery runs end to end on a tiny data set (no timing assertions)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import datagen  # noqa: E402
import run  # noqa: E402


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(datagen, "DATA_DIR", tmp_path)
    return tmp_path


def test_generator_is_seeded_and_matches_the_scenario() -> None:
    """The same seed gives the same events: 70% points, spans of 1 h to 30 days, 1-3 sources."""
    first, again = list(datagen.events(2000, seed=3)), list(datagen.events(2000, seed=3))
    assert first == again
    spans = [e for e in first if e.end is not None]
    assert 0.25 < len(spans) / len(first) < 0.35
    assert all(0 <= e.end - e.start <= 31 * 86_400_000 for e in spans)  # rounded to precision
    assert all(1 <= len(e.outlets) <= 3 for e in first)
    assert {e.category for e in first} == set(range(12))
    assert all(datagen.START_MS - 86_400_000 <= e.start < datagen.END_MS for e in first)


def test_bench_prints_every_figure_of_the_issue(data_dir: Path, tmp_path: Path, capsys) -> None:
    """`bench/run.py --events 2000 --json OUT` prints and writes all the named figures."""
    out = tmp_path / "figures.json"
    run.main(
        [
            "--events",
            "2000",
            "--samples",
            "2",
            "--import-runs",
            "1",
            "--first-frame-runs",
            "1",
            "--json",
            str(out),
        ]
    )
    figures = json.loads(out.read_text())
    for name in (
        "import_rows_per_s", "open_first_frame_s", "frame_ms_fit", "frame_ms_1pct",
        "frame_ms_day", "frame_ms_hour", "frame_ms_panzoom", "query_ms_fit", "query_ms_1pct",
        "query_ms_day", "query_ms_hour", "rss_mb", "export_png_10000px_s", "raw_paint_ms",
    ):  # fmt: skip
        assert figures[name]["median"] > 0 and figures[name]["p95"] >= figures[name]["median"]
    printed = capsys.readouterr().out
    assert "frame_ms_panzoom" in printed and "import_rows_per_s" in printed


def test_measurements_given_no_runs_are_skipped_not_fatal(
    data_dir: Path, tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--first-frame-runs 0 --import-runs 0` leaves those figures out and says so."""
    monkeypatch.setattr(run, "frame_figures", lambda _path, _samples: [])  # not under test here
    out = tmp_path / "figures.json"
    run.main(
        ["--events", "500", "--import-runs", "0", "--first-frame-runs", "0", "--json", str(out)]
    )
    assert json.loads(out.read_text()) == {}
    printed = capsys.readouterr().out
    assert "# skipped (0 runs asked): import_rows_per_s" in printed
    assert "open_first_frame_s, open_ready_s" in printed
    assert not list(data_dir.glob("*.csv"))  # the import's CSV is not even generated


def test_negative_run_counts_are_refused(capsys) -> None:
    with pytest.raises(SystemExit):
        run.main(["--first-frame-runs", "-1"])
    assert "must be at least 0" in capsys.readouterr().err
