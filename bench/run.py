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
from figures import Figure, figure, from_dict, header, to_json  # noqa: E402
from importing import import_rates, sqlite_floor_rates  # noqa: E402

ORDER = (
    "import_rows_per_s", "import_sqlite_floor_rows_per_s", "open_first_frame_s", "frame_ms_fit",
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


def first_frames(path: Path, runs: int) -> list[float]:
    """Seconds from starting a fresh process to its first painted frame, `runs` times."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        out = subprocess.run(
            [sys.executable, str(HERE / "first_frame.py"), str(path)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        if "painted" not in out:
            raise RuntimeError(f"first_frame.py did not paint: {out!r}")
        times.append(time.perf_counter() - t0)
    return times


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
) -> list:
    """Every figure for a data set of `events` events."""
    ctl = dataset(events, "ctl", log=log)
    figures = []
    if import_runs:
        csv_path = dataset(min(events, import_rows), "csv", log=log)
        figures.append(figure("import_rows_per_s", import_rates(csv_path, import_runs), "rows/s"))
        if import_floor_runs:
            floor = sqlite_floor_rates(csv_path, import_floor_runs)
            figures.append(figure("import_sqlite_floor_rows_per_s", floor, "rows/s"))
    figures.append(figure("open_first_frame_s", first_frames(ctl, first_frame_runs), "s"))
    figures += frame_figures(ctl, samples)
    rank = {name: i for i, name in enumerate(ORDER)}
    return sorted(figures, key=lambda f: rank.get(f.name, len(ORDER)))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000, help="events in the data set")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument("--samples", type=int, default=30, help="frames per zoom level")
    parser.add_argument(
        "--import-rows", type=int, default=100_000, help="rows of the CSV the import reads"
    )
    parser.add_argument("--import-runs", type=int, default=3, help="0 skips the import")
    parser.add_argument(
        "--import-floor-runs", type=int, default=1, help="SQLite alone: the import's INSERTs"
    )
    parser.add_argument("--first-frame-runs", type=int, default=3, help="fresh processes")
    args = parser.parse_args(argv)
    print(f"# {args.events:,} events, {os.cpu_count()} CPUs, {sys.platform}", flush=True)
    figures = run(
        args.events, samples=args.samples, import_rows=args.import_rows,
        import_runs=args.import_runs, import_floor_runs=args.import_floor_runs,
        first_frame_runs=args.first_frame_runs,
    )  # fmt: skip
    print(header())
    for f in figures:
        print(f.line())
    if args.json:
        to_json(figures, args.json)


if __name__ == "__main__":
    main()
