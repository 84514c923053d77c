"""The paint caches (bitmaps, laid-out texts, mixed fills) never show the user stale pixels.

`paint_scene` blits pre-drawn markers and count badges on the screen and reuses laid-out
texts and fills between frames. Each test here would catch a cache that keeps showing what
it drew before: an old count, an old lane colour or title, axis labels left where they were
before a pan, or a bitmap cut short of the vector drawing it stands for.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import count
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage, QPainter

from tests.layout.builders import LANES, a_viewport, an_event, an_event_at_ms, ms
from timeline_app.layout.lanes import LaneSpec
from timeline_app.layout.scene import layout_timeline
from timeline_app.layout.shapes import Scene
from timeline_app.layout.viewport import Viewport
from timeline_app.render import paint as paint_module
from timeline_app.render.badges import badge_origin, badge_width
from timeline_app.render.image_export import render_to_image, save_svg
from timeline_app.render.measure import style_text_measurer
from timeline_app.render.paint import paint_scene
from timeline_app.render.style import LIGHT, LruCache, RenderStyle, qt_kit, tint

BURST_AT = ms("14 Dec 2016 09:00")
_fresh_styles = count()


def lay(events, lanes=LANES, viewport: Viewport | None = None, **kw) -> Scene:
    return layout_timeline(
        events,
        lanes,
        viewport or a_viewport(width=900, height=420),
        measure_text=style_text_measurer(LIGHT),
        **kw,
    )


def burst(n: int, category: int = 3) -> list:
    """n events 20 s apart: one crowded pixel bin, so one cluster counting them."""
    return [an_event_at_ms(BURST_AT + i * 20_000, event_id=i, category=category) for i in range(n)]


def every_look() -> list:
    """A cluster and markers in every look: hollow, selected, disputed, spans of each kind."""
    return [
        *burst(37),
        an_event("13 Dec 2016 21:00", event_id=101, sources=0),
        an_event("14 Dec 2016 04:00", event_id=104),
        an_event("14 Dec 2016 06:00", event_id=106, sources=0),
        an_event("13 Dec 2016 23:00", event_id=102, disputed=True, category=2),
        an_event("14 Dec 2016 02:00", event_id=103, disputed=True, sources=0, category=2),
        an_event("14 Dec 2016 18:00", event_id=105, end="15 Dec 2016 06:00", disputed=True),
        an_event("15 Dec 2016 02:00", event_id=107, end="15 Dec 2016 09:00", sources=0),
    ]


def paint(scene: Scene, style: RenderStyle = LIGHT, dpr: float = 1.0) -> QImage:
    if dpr == 1.0:
        return render_to_image(scene, style, round(scene.width), round(scene.height))
    image = QImage(
        round(scene.width * dpr),
        round(scene.height * dpr),
        QImage.Format.Format_ARGB32_Premultiplied,
    )
    image.setDevicePixelRatio(dpr)
    image.fill(QColor(style.background))
    painter = QPainter(image)
    paint_scene(painter, scene, style)
    painter.end()
    return image


def fresh(style: RenderStyle = LIGHT) -> RenderStyle:
    """The same look under another name: its Qt kit, and so every cache, starts empty."""
    return replace(style, name=f"{style.name}-fresh-{next(_fresh_styles)}")


def max_difference(a: QImage, b: QImage) -> int:
    """Largest difference of any colour channel over the two images (same size)."""
    assert a.size() == b.size()
    a = a.convertToFormat(QImage.Format.Format_RGB32)
    b = b.convertToFormat(QImage.Format.Format_RGB32)
    worst = 0
    for y in range(a.height()):
        row_a, row_b = a.constScanLine(y), b.constScanLine(y)
        if row_a == row_b:
            continue
        worst = max(worst, max(abs(p - q) for p, q in zip(bytes(row_a), bytes(row_b), strict=True)))
    return worst


def rgb(image: QImage, x: float, y: float) -> tuple[int, int, int]:
    c = QColor(image.pixel(round(x), round(y)))
    return c.red(), c.green(), c.blue()


@pytest.mark.parametrize("dpr", [1.0, 2.0])
def test_bitmaps_match_the_vector_drawing(gui_app, monkeypatch, dpr: float) -> None:
    """The screen's pre-drawn markers and badges would differ from SVG/PDF, or be cut off."""
    scene = lay(every_look(), selected_ids={104, 106})
    assert scene.clusters and {m.event_id for m in scene.markers} >= {101, 102, 103, 104, 105}
    blitted = paint(scene, fresh(), dpr)
    monkeypatch.setattr(paint_module, "sprites_usable", lambda painter: False)
    drawn = paint(scene, fresh(), dpr)
    assert max_difference(blitted, drawn) <= 3  # rounding of the blend, nothing more


def test_badge_shows_a_changed_count(gui_app) -> None:
    """After more events arrive, the cluster would keep showing its old count."""
    before, after = lay(burst(37)), lay(burst(38))
    (was,), (now,) = before.clusters, after.clusters
    assert now.badge != was.badge and (now.x0, now.y0) == (was.x0, was.y0)
    old = paint(before)  # the caches now hold the old count's badge
    new = paint(after)
    assert max_difference(new, paint(after, fresh())) == 0
    c = after.clusters[0]
    left, top = badge_origin(c.x0, c.x1, c.y, badge_width(qt_kit(LIGHT), c.badge))
    digits = old.copy(left, top, 30, 16), new.copy(left, top, 30, 16)
    assert max_difference(*digits) > 64


def test_badge_and_band_follow_a_recoloured_category(gui_app) -> None:
    """After the analyst recolours a category, its clusters would keep the old colour."""
    green = LANES
    purple = [*LANES[:2], LaneSpec(3, "Humanitarian", "#8e44ad")]
    paint(lay(burst(37), green))  # warm the caches with the green badge and band
    scene = lay(burst(37), purple)
    image = paint(scene)
    assert max_difference(image, paint(scene, fresh())) == 0
    c = scene.clusters[0]
    left, top = badge_origin(c.x0, c.x1, c.y, badge_width(qt_kit(LIGHT), c.badge))
    badge_fill = tint("#8e44ad", 0.35)
    assert rgb(image, left + 3, top + 8) == (
        badge_fill.red(),
        badge_fill.green(),
        badge_fill.blue(),
    )
    band = rgb(image, c.x0 + 3, c.y0 + 3)
    assert band[2] > band[1] and band[0] > band[1]  # purple, not green


def test_lane_header_follows_a_renamed_category(gui_app) -> None:
    """After a rename, the lane header would keep showing the old (cached) title."""
    paint(lay(burst(3)))
    renamed = [LaneSpec(1, "Talks and mediation", "#3b7dd8"), *LANES[1:]]
    scene = lay(burst(3), renamed)
    assert max_difference(paint(scene), paint(scene, fresh())) == 0


def test_axis_labels_and_grid_follow_a_pan(gui_app) -> None:
    """After a pan, the axis would show labels or grid lines where they were before."""
    viewport = a_viewport(width=900, height=420)
    events = [an_event("14 Dec 2016 08:00", event_id=1)]
    paint(lay(events, viewport=viewport))
    style, kit = LIGHT, qt_kit(LIGHT)
    for dx in (0.4, 37.3, -120.75, 455.5):
        scene = lay(events, viewport=viewport.panned(dx), zone="Asia/Damascus")
        image = paint(scene)
        assert max_difference(image, paint(scene, fresh())) == 0
        row = scene.style.axis_coarse_height + scene.style.axis_fine_height / 2
        lane = scene.lanes[-1]
        for tick in scene.axis.ticks:
            assert rgb(image, int(tick.x), lane.y1 - 2) in (
                _rgb(kit.grid_pen.color()),
                _rgb(kit.grid_major_pen.color()),
            )
            if tick.label:
                assert abs(_ink_centre(image, tick.x, row) - tick.x) <= 1.5, (dx, tick.label)
        assert rgb(image, scene.time_left + 1, 2) == _rgb(QColor(style.axis_background))


def _rgb(color: QColor) -> tuple[int, int, int]:
    return color.red(), color.green(), color.blue()


def _ink_centre(image: QImage, x: float, y: float) -> float:
    """Centre of the dark pixels in a 40 px wide strip of the fine axis row around x."""
    xs = [
        px
        for px in range(round(x) - 20, round(x) + 21)
        for dy in range(-5, 6)
        if sum(rgb(image, px, y + dy)) < 450
    ]
    assert xs, f"no label ink near x={x}"
    return (min(xs) + max(xs)) / 2


def test_svg_keeps_cluster_counts_as_text(gui_app, tmp_path: Path) -> None:
    """An SVG for a report would carry badges as pixels (or not at all) instead of text."""
    scene = lay(burst(37))
    paint(scene)  # the screen's bitmaps exist: the SVG must not use them
    path = tmp_path / "clusters.svg"
    save_svg(scene, LIGHT, path)
    svg = path.read_text(encoding="utf-8")
    assert f">{scene.clusters[0].badge}<" in svg
    assert "<image" not in svg


def test_lru_cache_forgets_the_least_recently_used() -> None:
    """A long session would grow the paint caches without bound, or drop what is on screen."""
    cache: LruCache[str, int] = LruCache(3)
    for key in "abc":
        cache.put(key, ord(key))
    assert cache.get("a") == ord("a")  # now the most recent
    cache.put("d", 4)
    assert cache.get("b") is None and len(cache) == 3
    assert [cache.get(k) for k in "acd"] == [ord("a"), ord("c"), 4]
    weighed: LruCache[str, bytes] = LruCache(10, weigh=len)
    weighed.put("x", b"123456")
    weighed.put("y", b"12345")
    assert weighed.get("x") is None and weighed.get("y") == b"12345"


def test_titles_laid_out_without_isolate_marks_look_the_same(gui_app, monkeypatch) -> None:
    """Plain titles skip the costly isolate layout; they would then sit a pixel or two off."""
    events = [
        an_event("14 Dec 2016 08:00", title="A very long title that needs far more room"),
        an_event("14 Dec 2016 14:00", title="Raid (approx.) 12:30", disputed=True),
        an_event("14 Dec 2016 20:00", title="قصف على الأحياء", sources=0),
        an_event("15 Dec 2016 02:00", title="Überfall in Köln"),
    ]
    scene = lay(events, viewport=a_viewport(width=1000, height=90))  # one row: elided titles
    assert any(lb.elided.endswith("…") for lb in scene.labels)
    bare = paint(scene, fresh())
    monkeypatch.setattr(type(qt_kit(LIGHT)), "bidi_inert", lambda self, text: False)
    isolated = paint(scene, fresh())
    assert max_difference(bare, isolated) == 0
