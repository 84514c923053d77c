"""Where a frame's time goes: layout, paint (per paint helper) and the rest of the frame.

    python bench/profile_frames.py FILE [--samples K] [--levels fit,1pct,day,hour]
                                         [--cprofile LEVEL] [--settled]

Drives the real TimelineCanvas (1920x1080, offscreen) through the viewports `frames.py`
uses and times, per frame, `layout_timeline`, `paint_scene` and each `_paint_*` helper of
`render/paint.py` by wrapping them (perf_counter), and the garbage collector's pauses.
"rest (canvas, fetch)" is the remainder of the frame: set_viewport, the canvas's cache
look-ups and status signal, a fetch the paint makes itself, QPainter set-up, and any wait
for the GIL while the fetch worker runs ("after paintEvent" is the part of that after the
canvas's paintEvent has returned). With `--settled`, the paint after the worker's data
arrived is profiled instead of the first paint. `--cprofile LEVEL` adds a cProfile of that
level's frames (top functions by own time). The file is opened through the store, which may
write it (WAL, migrations): profile a copy of the benchmark data, not the cached file.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import os
import pstats
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from frames import Bench

import timeline_app.render.paint as paint_module
import timeline_app.ui.timeline_canvas as canvas_module
from timeline_app.layout.shapes import Scene
from timeline_app.layout.viewport import Viewport

PHASES: dict[str, list[float]] = defaultdict(list)
_RECORDING = [False]  # only the timed frame's calls count (not warm-ups or settling paints)


def _timed(name: str, fn: Callable) -> Callable:
    """`fn`, adding its wall time (ms) to PHASES[name] while recording."""

    def wrapper(*args, **kwargs):
        if not _RECORDING[0]:
            return fn(*args, **kwargs)
        t0 = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            PHASES[name].append((time.perf_counter() - t0) * 1000)

    return wrapper


_GC_START = [0.0]


def _gc_timer(phase: str, info: dict) -> None:
    """Record the garbage collector's pauses during a recorded frame (phase "gc (genN)")."""
    if phase == "start":
        _GC_START[0] = time.perf_counter()
    elif _RECORDING[0]:
        PHASES[f"gc (gen{info['generation']})"].append((time.perf_counter() - _GC_START[0]) * 1000)


def instrument() -> None:
    """Wrap layout, paint_scene and the paint helpers where the canvas and paint look them up."""
    gc.callbacks.append(_gc_timer)
    _watch_paint_end()
    canvas_module.layout_timeline = _timed("layout", canvas_module.layout_timeline)
    canvas_module.paint_scene = _timed("paint", canvas_module.paint_scene)
    for name in dir(paint_module):
        if name.startswith("_paint_") and callable(getattr(paint_module, name)):
            setattr(paint_module, name, _timed(f"  {name}", getattr(paint_module, name)))


_PAINT_END = [0.0]


def _watch_paint_end() -> None:
    """Note when the canvas's paintEvent returns (the rest of render() is Qt's, or waiting)."""
    paint_event = canvas_module.TimelineCanvas.paintEvent

    def wrapper(self, event):
        try:
            return paint_event(self, event)
        finally:
            _PAINT_END[0] = time.perf_counter()

    canvas_module.TimelineCanvas.paintEvent = wrapper


def _recorded_frame(
    bench: Bench, viewport: Viewport | None, profiler: cProfile.Profile | None
) -> float:
    """One frame (new viewport if given, then paint) with phases recorded; milliseconds."""
    _RECORDING[0] = True
    if profiler is not None:
        profiler.enable()
    try:
        ms = bench.frame(viewport)
        # after paintEvent until render() is back: the GIL, if the worker has just started
        PHASES["after paintEvent"].append((time.perf_counter() - _PAINT_END[0]) * 1000)
        return ms
    finally:
        if profiler is not None:
            profiler.disable()
        _RECORDING[0] = False


def profile_level(
    bench: Bench, level: str, *, settled: bool, profiler: cProfile.Profile | None
) -> list[float]:
    """Frame times of one level; the phases land in PHASES."""
    fetcher = bench.canvas._fetcher
    assert fetcher is not None
    bench.frame(bench.viewports(level)[0])
    bench.settled(time.perf_counter())
    fetcher.wait_for_index()
    PHASES.clear()
    frames = []
    for vp in bench.viewports(level):
        if level == "fit":
            fetcher.forget_viewport()
        if settled:  # the preview first (not recorded), then the frame with its data
            bench.frame(vp)
            bench.canvas.wait_for_data()
            frames.append(_recorded_frame(bench, None, profiler))
        else:
            frames.append(_recorded_frame(bench, vp, profiler))
            bench.settled(time.perf_counter())  # not recorded: the next jump starts settled
    return frames


def report(level: str, frames: list[float], scene: Scene) -> None:
    """Print one table for a level: frame, phases, canvas remainder, and the scene's size."""

    def stat(xs: list[float]) -> str:
        xs = sorted(xs)
        p95 = xs[max(0, round(0.95 * len(xs) + 0.5) - 1)] if xs else 0.0
        return f"{statistics.median(xs):7.2f} {p95:7.2f}" if xs else "      -       -"

    n = len(frames)
    print(f"\n## {level}: {n} frames; last scene: {len(scene.clusters)} clusters, "
          f"{len(scene.markers)} markers, {len(scene.labels)} labels, "
          f"{len(scene.axis.ticks)} ticks")  # fmt: skip
    print(f"{'phase':28} {'median':>7} {'p95':>7}  (ms)")
    print(f"{'frame':28} {stat(frames)}")
    per_frame = {k: v for k, v in PHASES.items() if len(v) == n}
    for name, xs in PHASES.items():
        if len(xs) != n:
            print(f"{name:28} {len(xs)} calls, {sum(xs) / n:.2f} ms a frame on average")
    for name, xs in sorted(per_frame.items(), key=lambda kv: -statistics.median(kv[1])):
        print(f"{name:28} {stat(xs)}")
    if "layout" in per_frame and "paint" in per_frame:
        phases = zip(frames, per_frame["layout"], per_frame["paint"], strict=True)
        rest = [frame - layout - paint for frame, layout, paint in phases]
        print(f"{'rest (canvas, fetch)':28} {stat(rest)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("file", type=Path)
    parser.add_argument("--samples", type=int, default=15)
    parser.add_argument("--levels", default="fit,1pct,day,hour")
    parser.add_argument("--cprofile", default="", help="a level to run under cProfile too")
    parser.add_argument("--settled", action="store_true", help="profile the settled frame")
    args = parser.parse_args()
    instrument()
    bench = Bench(args.file, args.samples)
    for level in args.levels.split(","):
        profiler = cProfile.Profile() if level == args.cprofile else None
        frames = profile_level(bench, level, settled=args.settled, profiler=profiler)
        report(level, frames, bench.canvas.shown_scene)
        if profiler is not None:
            print()
            stats = pstats.Stats(profiler)
            stats.sort_stats(os.environ.get("PROFILE_SORT", "tottime")).print_stats(25)
    bench.store.close()


if __name__ == "__main__":
    main()
