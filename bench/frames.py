"""Child process: frames, queries, pan/zoom, raw paint floor, PNG export and RSS of one file.

Run as `python bench/frames.py FILE --samples K --json OUT`. Everything goes through the real
TimelineCanvas (a 1920x1080 widget, offscreen): a frame is `set_viewport` followed by
rendering the widget into an image, which runs the app's own paintEvent: the paint the user
sees right after the viewport change. That paint never waits for the database: when the
cache cannot serve the viewport it lays out the last data and the canvas fetches in a worker
thread. So nothing is hidden, `frame_settled_ms_<level>` times the same change until the
fetched data has been painted (set_viewport, paint, wait for the worker, paint again).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from figures import Figure, figure
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication
from raw_paint import RawPainter, extract

from timeline_app.core import store as st
from timeline_app.core.viewport_data import ViewportFetcher
from timeline_app.layout.viewport import MS_PER_DAY, Viewport
from timeline_app.render.image_export import save_png
from timeline_app.ui.timeline_canvas import TimelineCanvas
from timeline_app.ui.timeline_document import TimelineDocument

WIDTH, HEIGHT = 1920, 1080
HOUR = 3_600_000
PANZOOM_STEPS = 200


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


class Bench:
    def __init__(self, path: Path, samples: int) -> None:
        self.app = QApplication.instance() or QApplication([sys.argv[0]])
        self.store = st.TimelineStore.open(path)
        self.doc = TimelineDocument(self.store)
        self.canvas = TimelineCanvas()
        self.canvas.resize(WIDTH, HEIGHT)
        self.canvas.show()
        self.app.processEvents()
        self.canvas.set_document(self.doc)
        self.image = QImage(WIDTH, HEIGHT, QImage.Format.Format_ARGB32_Premultiplied)
        self.samples = samples
        self.rnd = random.Random(6)
        with self.store.read() as session:
            extent = st.time_extent(session)
        assert extent is not None, "the file holds no events"
        self.lo, self.hi = extent
        self.raw = RawPainter()
        self.figures: list[Figure] = []

    def frame(self, viewport: Viewport | None = None) -> float:
        """One frame through the canvas: new viewport (if any), then paint; milliseconds."""
        t0 = time.perf_counter()
        if viewport is not None:
            self.canvas.set_viewport(viewport)
        self.canvas.render(self.image)
        return (time.perf_counter() - t0) * 1000

    def settled(self, t0: float) -> float:
        """Milliseconds from `t0` until the frame shows the fetched data (waits, repaints)."""
        if self.canvas.data_pending:
            self.canvas.wait_for_data()
            self.canvas.render(self.image)
        return (time.perf_counter() - t0) * 1000

    def viewports(self, level: str) -> list[Viewport]:
        tw = self.canvas.time_width()
        if level == "fit":
            fit = Viewport.fit(self.lo, self.hi, tw, HEIGHT)
            return [fit] * self.samples
        span = {"1pct": (self.hi - self.lo) / 100, "day": MS_PER_DAY, "hour": HOUR}[level]
        out = []
        for _ in range(self.samples):
            centre = self.rnd.uniform(self.lo + span, self.hi - span)
            out.append(Viewport(centre - span / 2, span / tw, tw, HEIGHT))
        return out

    def levels(self) -> None:
        fetcher = self.canvas._fetcher
        assert fetcher is not None
        query = ViewportFetcher(self.store.read)  # the fetch alone, with the same index
        query.load_index(self.doc.generation, background=False)
        for level in ("fit", "1pct", "day", "hour"):
            frames, settled, queries, raws = [], [], [], []
            self.frame(self.viewports(level)[0])  # warm-up: fonts, sprites, SQLite pages
            self.settled(time.perf_counter())
            fetcher.wait_for_index()  # loaded in the background after the first big view
            for vp in self.viewports(level):
                if level == "fit":  # a cold fetch every time, as after Home from elsewhere
                    fetcher.forget_viewport()
                t0 = time.perf_counter()
                frames.append(self.frame(vp))
                settled.append(self.settled(t0))
                query.forget_viewport()
                t0 = time.perf_counter()
                query.fetch(vp.start_ms, vp.end_ms, vp.ms_per_px, filters=self.doc.filters,
                            generation=self.doc.generation)  # fmt: skip
                queries.append((time.perf_counter() - t0) * 1000)
                shapes = extract(self.canvas.scene)
                self.raw.paint(self.image, shapes)  # warm its text and image caches
                raws.append(self.raw.paint(self.image, shapes))
            self.figures += [
                figure(f"frame_ms_{level}", frames, "ms"),
                figure(f"frame_settled_ms_{level}", settled, "ms"),
                figure(f"query_ms_{level}", queries, "ms"),
                figure(f"raw_paint_ms_{level}", raws, "ms"),
            ]
            ratio = [f / r for f, r in zip(frames, raws, strict=True)]
            self.figures.append(figure(f"ratio_to_raw_{level}", ratio, "x"))
            if level == "1pct":
                self.figures.append(figure("raw_paint_ms", raws, "ms"))

    def panzoom(self, *, settle: bool = False) -> None:
        """200 scripted steps: wheel zoom about a random pointer, and drags, in then out.

        The user's frames come back without waiting for fetches (which run meanwhile, as
        they would between input events); with `settle`, each step also waits for its data
        and paints it (`frame_settled_ms_panzoom`, the same script with the same seed).
        """
        canvas = self.canvas
        canvas.fit_all()
        self.frame()
        self.settled(time.perf_counter())
        left, tw = canvas.layout_style.header_width, canvas.time_width()
        steps = []
        for i in range(PANZOOM_STEPS):
            going_in = i < PANZOOM_STEPS // 2
            t0 = time.perf_counter()
            if self.rnd.random() < 0.5:
                inward = self.rnd.random() < (0.85 if going_in else 0.15)
                canvas.zoom_by(1.25 if inward else 0.8, left + self.rnd.uniform(0, tw))
            else:
                canvas.pan_by(self.rnd.choice((-1, 1)) * self.rnd.uniform(0.05, 0.3) * tw)
            canvas.render(self.image)
            steps.append(self.settled(t0) if settle else (time.perf_counter() - t0) * 1000)
        name = "frame_settled_ms_panzoom" if settle else "frame_ms_panzoom"
        self.figures.append(figure(name, steps, "ms"))

    def export(self) -> None:
        """PNG 10,000 px wide of fit-all and of one day in the middle, scene built by the canvas."""
        canvas = self.canvas
        width = 10_000 - int(canvas.layout_style.header_width)
        mid = (self.lo + self.hi) / 2
        cases = {"fit": (self.lo, self.hi), "day": (mid, mid + MS_PER_DAY)}
        pooled = []
        with tempfile.TemporaryDirectory(prefix="bench-png-") as tmp:
            for name, (lo, hi) in cases.items():
                times = []
                for i in range(3):
                    t0 = time.perf_counter()
                    scene = canvas.build_scene(Viewport.fit(lo, hi, width, HEIGHT))
                    save_png(scene, canvas.render_style, Path(tmp) / f"{name}-{i}.png")
                    times.append(time.perf_counter() - t0)
                pooled += times
                self.figures.append(figure(f"export_png_10000px_s_{name}", times, "s"))
        self.figures.append(figure("export_png_10000px_s", pooled, "s"))
        canvas.set_viewport(canvas.viewport)  # the canvas's own frame again

    def run(self) -> list[Figure]:
        self.levels()
        script = self.rnd.getstate()
        self.panzoom()
        self.rnd.setstate(script)  # the same steps again, each waiting for its data
        self.panzoom(settle=True)
        rss = rss_mb()
        self.export()
        self.figures.append(Figure("rss_mb", rss, rss, "MB"))
        self.store.close()
        return self.figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("file", type=Path)
    parser.add_argument("--samples", type=int, default=30)
    parser.add_argument("--json", type=Path, required=True)
    args = parser.parse_args()
    figures = Bench(args.file, args.samples).run()
    data = {f.name: {"median": f.median, "p95": f.p95, "unit": f.unit} for f in figures}
    args.json.write_text(json.dumps(data), encoding="utf-8")


if __name__ == "__main__":
    main()
