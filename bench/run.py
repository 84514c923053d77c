"""Run the scale benchmark of issue 6 and print one line per figure (name, median, p95, unit).

    python bench/run.py [--events N] [--json OUT] [--samples K] [--import-rows R]

Data sets are generated once (seeded) and cached under bench/data/. The import is measured
in this process; the first frame in fresh processes (bench/first_frame.py); frames, queries,
pan/zoom, raw paint, export and RSS in one child process (bench/frames.py), so the RSS is
that of a process that only opened the file.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from datagen import dataset  # noqa: E402
from figures import Figure, from_dict, header, measured, to_json  # noqa: E402
from importing import import_rates, sqlite_floor_rates  # noqa: E402

ORDER = (
    "import_rows_per_s", "import_sqlite_floor_rows_per_s", "open_first_frame_s", "open_ready_s",
    "frame_ms_fit",
    "frame_ms_1pct", "frame_ms_day",
    "frame_ms_hour", "frame_ms_panzoom", "frame_sql_ms_fit", "frame_sql_ms_1pct",
    "frame_sql_ms_day", "frame_sql_ms_hour", "frame_preview_ms_fit", "frame_preview_ms_1pct",
    "frame_preview_ms_day", "frame_preview_ms_hour", "query_ms_fit", "query_ms_1pct",
    "query_ms_day", "query_ms_hour", "query_sql_ms_fit", "query_sql_ms_1pct", "query_sql_ms_day",
    "query_sql_ms_hour", "index_load_s", "index_mb", "rss_mb", "export_png_10000px_s",
    "export_png_10000px_s_fit",
    "export_png_10000px_s_day", "raw_paint_ms", "raw_paint_ms_fit", "raw_paint_ms_1pct",
    "raw_paint_ms_day", "raw_paint_ms_hour", "ratio_to_raw_fit", "ratio_to_raw_1pct",
    "ratio_to_raw_day", "ratio_to_raw_hour",
)  # fmt: skip


def first_frames(path: Path, runs: int) -> tuple[list[float], list[float]]:
    """Seconds from spawning a fresh process to its first painted frame and to ready, `runs` times.

    Timed when the child's lines arrive (not when it exits: closing the window and the
    interpreter is not part of opening a file).
    """
    painted, ready = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        with subprocess.Popen(
            [sys.executable, str(HERE / "first_frame.py"), str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        ) as child:
            assert child.stdout is not None
            for line in child.stdout:
                if line.startswith("painted"):
                    painted.append(time.perf_counter() - t0)
                elif line.startswith("ready"):
                    ready.append(time.perf_counter() - t0)
        if child.returncode or len(painted) != len(ready):
            raise RuntimeError(f"first_frame.py failed ({child.returncode}) or did not paint")
    return painted, ready


def frame_figures(path: Path, samples: int) -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="bench-frames-") as tmp:
        out = Path(tmp) / "frames.json"
        subprocess.run(
            [sys.executable, str(HERE / "frames.py"), str(path), "--samples", str(samples),
             "--json", str(out)],
            check=True,
        )  # fmt: skip
        return from_dict(json.loads(out.read_text(encoding="utf-8")))


def run(
    events: int,
    *,
    samples: int,
    import_rows: int,
    import_runs: int,
    import_floor_runs: int = 1,
    first_frame_runs: int = 3,
    log=print,
    skipped: list[str] | None = None,
) -> list[Figure]:
    """Every figure for a data set of `events` events.

    A measurement given 0 runs has no samples: its figures are left out and their names
    added to `skipped` (when given), so the run still reports everything else.
    """
    skipped = [] if skipped is None else skipped
    ctl = dataset(events, "ctl", log=log)
    figures: list[Figure] = []
    rates: list[float] = []
    floor: list[float] = []
    if import_runs > 0:  # the CSV is only generated (~30 s at 1M) when it is read
        csv_path = dataset(min(events, import_rows), "csv", log=log)
        rates = import_rates(csv_path, import_runs)
        if import_floor_runs > 0:
            floor = sqlite_floor_rates(csv_path, import_floor_runs)
    figures += measured("import_rows_per_s", rates, "rows/s", skipped)
    figures += measured("import_sqlite_floor_rows_per_s", floor, "rows/s", skipped)
    painted, ready = first_frames(ctl, first_frame_runs) if first_frame_runs > 0 else ([], [])
    figures += measured("open_first_frame_s", painted, "s", skipped)
    figures += measured("open_ready_s", ready, "s", skipped)
    figures += frame_figures(ctl, samples)
    rank = {name: i for i, name in enumerate(ORDER)}
    return sorted(figures, key=lambda f: rank.get(f.name, len(ORDER)))


def _count(minimum: int):
    """An argparse type: an int of at least `minimum` (a negative run count is a typo)."""

    def parse(text: str) -> int:
        value = int(text)
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, not {value}")
        return value

    parse.__name__ = "int"  # argparse names the type in "invalid int value" messages
    return parse


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000, help="events in the data set")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    # frames.py needs at least one viewport per level (it warms up on the first).
    parser.add_argument("--samples", type=_count(1), default=30, help="frames per zoom level")
    parser.add_argument(
        "--import-rows", type=_count(1), default=100_000, help="rows of the CSV the import reads"
    )
    parser.add_argument("--import-runs", type=_count(0), default=3, help="0 skips the import")
    parser.add_argument(
        "--import-floor-runs", type=_count(0), default=1, help="SQLite alone: the import's INSERTs"
    )
    parser.add_argument(
        "--first-frame-runs", type=_count(0), default=3, help="fresh processes (0 skips them)"
    )
    args = parser.parse_args(argv)
    print(f"# {args.events:,} events, {os.cpu_count()} CPUs, {sys.platform}", flush=True)
    skipped: list[str] = []
    figures = run(
        args.events, samples=args.samples, import_rows=args.import_rows,
        import_runs=args.import_runs, import_floor_runs=args.import_floor_runs,
        first_frame_runs=args.first_frame_runs, skipped=skipped,
    )  # fmt: skip
    print(header())
    for f in figures:
        print(f.line())
    if skipped:  # said, so a missing figure is not mistaken for a broken measurement
        print(f"# skipped (0 runs asked): {', '.join(skipped)}")
    if args.json:
        to_json(figures, args.json)


if __name__ == "__main__":
    main()
