"""Child process: frames, queries, pan/zoom, raw paint floor, PNG export and RSS of one file.

Run as `python bench/frames.py FILE --samples K --json OUT`. Everything goes through the real
TimelineCanvas (a 1920x1080 widget, offscreen). A frame (issue 6: data fetch + layout +
paint) is `set_viewport` followed by rendering the widget into an image, which runs the
app's own paintEvent, and, if that paint could not fetch the data itself and left it to the
worker thread, the wait for the data and the paint that shows it: the time until the view is
right. With the in-memory index loaded (unfiltered views), the first paint fetches and is
already right. `frame_sql_ms_<level>` times the same on the SQL path (filtered views, and
the time before the index has loaded), and `frame_preview_ms_<level>` its first paint (the
last data laid out at the new viewport while the worker fetches).
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
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication
from raw_paint import RawPainter, extract

from timeline_app.core import store as st
from timeline_app.core.viewport_data import ViewportFetcher, ViewRequest
from timeline_app.layout.shapes import Scene
from timeline_app.layout.viewport import MS_PER_DAY, Viewport
from timeline_app.render.image_export import save_png
from timeline_app.render.paint import paint_scene
from timeline_app.ui.gc_tuning import freeze_long_lived_objects
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
        # as the app does a few seconds after start-up (`ui.app.run_gui`)
        freeze_long_lived_objects()

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

    def query(self, fetcher: ViewportFetcher, vp: Viewport) -> float:
        """Milliseconds of `fetcher.fetch` alone for `vp`, with no cached viewport."""
        fetcher.forget_viewport()
        t0 = time.perf_counter()
        doc = self.doc
        fetcher.fetch(
            ViewRequest(vp.start_ms, vp.end_ms, vp.ms_per_px, doc.filters, doc.generation)
        )
        return (time.perf_counter() - t0) * 1000

    def sql_frames(self, viewports: list[Viewport], level: str) -> None:
        """The same viewports with the fetcher's index switched off (the SQL path)."""
        fetcher = self.canvas._fetcher
        assert fetcher is not None
        fetcher.use_index = False
        previews, frames = [], []
        for vp in viewports:
            if level == "fit":
                fetcher.forget_viewport()
            t0 = time.perf_counter()
            previews.append(self.frame(vp))
            frames.append(self.settled(t0))
        fetcher.use_index = True
        self.figures += [
            figure(f"frame_sql_ms_{level}", frames, "ms"),
            figure(f"frame_preview_ms_{level}", previews, "ms"),
        ]

    def paint(self, scene: Scene) -> float:
        """Milliseconds of `paint_scene` alone for a laid-out scene (painter set-up included,
        as in the raw floor): the frame's paint without its fetch and layout."""
        t0 = time.perf_counter()
        painter = QPainter(self.image)
        paint_scene(painter, scene, self.canvas.render_style)
        painter.end()
        return (time.perf_counter() - t0) * 1000

    def levels(self) -> None:
        fetcher = self.canvas._fetcher
        assert fetcher is not None
        query = ViewportFetcher(self.store.read)  # the fetch alone, with its own index
        t0 = time.perf_counter()
        query.load_index(background=False)
        self.figures.append(figure("index_load_s", [time.perf_counter() - t0], "s"))
        index = query.index()
        assert index is not None
        self.figures.append(figure("index_mb", [index.nbytes / 2**20], "MB"))
        query_sql = ViewportFetcher(self.store.read, use_index=False)
        for level in ("fit", "1pct", "day", "hour"):
            frames, queries, queries_sql, raws, paints = [], [], [], [], []
            viewports = self.viewports(level)
            self.frame(viewports[0])  # warm-up: fonts, sprites, SQLite pages
            self.settled(time.perf_counter())
            fetcher.wait_for_index()  # loaded in the background after the first fetch
            for vp in viewports:
                if level == "fit":  # a cold fetch every time, as after Home from elsewhere
                    fetcher.forget_viewport()
                t0 = time.perf_counter()
                self.frame(vp)
                frames.append(self.settled(t0))
                queries.append(self.query(query, vp))
                queries_sql.append(self.query(query_sql, vp))
                scene = self.canvas.scene
                shapes = extract(scene)
                self.raw.paint(self.image, shapes)  # warm its text and image caches
                raws.append(self.raw.paint(self.image, shapes))
                paints.append(self.paint(scene))  # the app's paint alone, caches warm too
            self.figures += [
                figure(f"frame_ms_{level}", frames, "ms"),
                figure(f"query_ms_{level}", queries, "ms"),
                figure(f"query_sql_ms_{level}", queries_sql, "ms"),
                figure(f"raw_paint_ms_{level}", raws, "ms"),
            ]
            self.sql_frames(viewports, level)
            ratio = [f / r for f, r in zip(frames, raws, strict=True)]
            self.figures.append(figure(f"ratio_to_raw_{level}", ratio, "x"))
            paint_ratio = [p / r for p, r in zip(paints, raws, strict=True)]
            self.figures += [
                figure(f"paint_ms_{level}", paints, "ms"),
                figure(f"paint_ratio_to_raw_{level}", paint_ratio, "x"),
            ]
            if level == "1pct":
                self.figures.append(figure("raw_paint_ms", raws, "ms"))

    def panzoom(self) -> None:
        """200 scripted steps: wheel zoom about a random pointer, and drags, in then out.

        Each step is a whole frame: the change, its paint (which fetches from the in-memory
        index when the cache misses) and, if the paint left the fetch to the worker, the
        wait for the data and the paint that shows it.
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
            steps.append(self.settled(t0))
        self.figures.append(figure("frame_ms_panzoom", steps, "ms"))

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
        self.panzoom()
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
