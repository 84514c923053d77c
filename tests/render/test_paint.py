"""paint_scene: the marks mean what the legend says, on screen and in exports alike."""

from __future__ import annotations

from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QImage, QPainter

from tests.layout.builders import LANES, a_viewport, an_event_at_ms, ms
from timeline_app.core.records import BucketCount
from timeline_app.layout.metrics import DEFAULT_LAYOUT_STYLE
from timeline_app.layout.overview import layout_overview
from timeline_app.layout.scene import layout_timeline
from timeline_app.layout.shapes import Scene
from timeline_app.layout.viewport import Viewport
from timeline_app.render.image_export import render_to_image
from timeline_app.render.measure import style_text_measurer
from timeline_app.render.paint import paint_overview, paint_scene
from timeline_app.render.style import LIGHT, PRINT


def rgb(image: QImage, x: float, y: float) -> tuple[int, int, int]:
    c = QColor(image.pixel(round(x), round(y)))
    return c.red(), c.green(), c.blue()


def close(a: tuple[int, int, int], b: tuple[int, int, int] | str, tol: int = 6) -> bool:
    if isinstance(b, str):
        c = QColor(b)
        b = (c.red(), c.green(), c.blue())
    return all(abs(p - q) <= tol for p, q in zip(a, b, strict=True))


def paint(scene: Scene, style=LIGHT) -> QImage:
    return render_to_image(scene, style, round(scene.width), round(scene.height))


def mark(scene: Scene, event_id: int):
    return next(m for m in scene.markers if m.event_id == event_id)


def test_markers_are_painted_in_their_lane_colour(aleppo_scene: Scene) -> None:
    """Events would not show their category colour, so lanes could not be told apart."""
    image = paint(aleppo_scene)
    m = mark(aleppo_scene, 1)
    assert close(rgb(image, m.x, m.y), "#3b7dd8")
    assert close(rgb(image, m.x + 2, m.y + 1), "#3b7dd8")


def test_hollow_marker_for_unsourced_event(aleppo_scene: Scene) -> None:
    """An event nobody has sourced yet would look as solid as a sourced one."""
    image = paint(aleppo_scene)
    m = mark(aleppo_scene, 3)
    assert m.unsourced
    assert close(rgb(image, m.x, m.y), LIGHT.background, tol=2)
    ring = [rgb(image, m.x + dx, m.y) for dx in (-6, -5, 5, 6)]
    assert any(close(px, "#d84a4a", tol=40) for px in ring)


def test_disputed_marker_gets_a_red_badge(aleppo_scene: Scene) -> None:
    """A disputed event would look like an uncontested one."""
    image = paint(aleppo_scene)
    m = mark(aleppo_scene, 2)
    r = aleppo_scene.style.marker_radius
    bx, by = round(m.x) + r * 0.9, round(m.y) - r * 0.9  # markers snap to whole pixels
    badge = [rgb(image, bx + dx, by) for dx in (-2.6, 2.6)]
    assert all(close(px, LIGHT.disputed, tol=30) for px in badge)


def test_uncertainty_band_is_a_faded_lane_colour(aleppo_scene: Scene) -> None:
    """'Wednesday morning' would be drawn as precisely as a timestamp, or too loud."""
    image = paint(aleppo_scene)
    m = mark(aleppo_scene, 2)
    b1 = m.start_band[1]
    x = (m.x + b1) / 2 + 4  # inside the band, right of the marker
    px = rgb(image, x, m.y - 3)
    lane = QColor("#d84a4a")
    assert px != (255, 255, 255)
    assert lane.red() - 10 <= px[0] and px[1] > lane.green() + 40  # lighter than the lane colour


def test_span_is_a_bar_between_start_and_end(aleppo_scene: Scene) -> None:
    """A span (e.g. a siege) would not be visible as a bar over its duration."""
    image = paint(aleppo_scene)
    m = mark(aleppo_scene, 4)
    mid = rgb(image, (m.x + m.x1) / 2, m.y + 4)
    assert mid != (255, 255, 255) and mid[1] > mid[0]  # greenish (Humanitarian)


def test_lane_headers_show_the_lane_colour(aleppo_scene: Scene) -> None:
    """Lanes would have no visible colour key on the left."""
    image = paint(aleppo_scene)
    for lane in aleppo_scene.lanes:
        assert close(rgb(image, 2, (lane.y0 + lane.y1) / 2), lane.color)


def test_labels_are_drawn_inside_their_rectangles(aleppo_scene: Scene) -> None:
    """Titles (including right-to-left ones) would be missing or drawn off their place."""
    image = paint(aleppo_scene)
    for label in aleppo_scene.labels:
        inside = [
            rgb(image, label.x + dx, label.y + dy)
            for dx in range(1, int(label.w) - 1, 2)
            for dy in range(2, int(label.h) - 2)
        ]
        assert any(sum(px) < 400 for px in inside), label.text
    rtl = next(lb for lb in aleppo_scene.labels if lb.rtl)
    y = rtl.y + rtl.h / 2
    outside = [rgb(image, rtl.x - 2, y)] + [rgb(image, rtl.x + rtl.w + d, y) for d in range(2, 12)]
    assert all(sum(px) > 600 for px in outside)


def test_clusters_show_a_band_and_a_badge(gui_app) -> None:
    """A dense burst of events would show as nothing, with no count."""
    base = ms("14 Dec 2016 09:00")
    burst = [an_event_at_ms(base + i * 60_000, event_id=i, category=3) for i in range(37)]
    scene = layout_timeline(
        burst, LANES, a_viewport(width=900, height=420), measure_text=style_text_measurer(LIGHT)
    )
    (cluster,) = scene.clusters
    image = paint(scene)
    edge = rgb(image, cluster.x0 + 3, cluster.y0 + 4)
    assert edge != (255, 255, 255) and edge[1] > edge[0]
    badge_text = [rgb(image, x, cluster.y) for x in range(int(cluster.x0), int(cluster.x1))]
    assert any(sum(px) < 250 for px in badge_text)  # dark count digits


def test_sprites_match_the_vector_drawing(aleppo_scene: Scene) -> None:
    """The screen (bitmap markers) and SVG/PDF exports (vector markers) would look different."""
    fast = paint(aleppo_scene)
    vector = QImage(fast.size(), QImage.Format.Format_ARGB32_Premultiplied)
    vector.fill(QColor(LIGHT.background))
    painter = QPainter(vector)
    painter.scale(1.0 + 1e-9, 1.0)  # any scaling disables the sprite fast path
    paint_scene(painter, aleppo_scene, LIGHT)
    painter.end()
    for m in aleppo_scene.markers:
        if m.kind == "point":
            assert close(rgb(fast, m.x, m.y), rgb(vector, m.x, m.y), tol=12)
            assert close(rgb(fast, m.x - 3, m.y), rgb(vector, m.x - 3, m.y), tol=40)


def test_print_style_has_a_plain_white_background(aleppo_scene: Scene) -> None:
    """A report figure would carry the screen's tinted bands and grey axis."""
    image = paint(aleppo_scene, PRINT)
    lane = aleppo_scene.lanes[0]
    assert rgb(image, aleppo_scene.time_right - 3, lane.y1 - 3) == (255, 255, 255)
    assert rgb(image, aleppo_scene.time_right - 3, 3) == (255, 255, 255)


def test_overview_strip_draws_bars_and_the_window(gui_app) -> None:
    """The overview would not show where events are or which part is on screen."""
    day = 86_400_000
    start = ms("1 Dec 2016")
    buckets = [BucketCount(start + i * day, start + (i + 1) * day, 1, 5 + i) for i in range(31)]
    vp = a_viewport("13 Dec 2016", "15 Dec 2016")
    ov = layout_overview(
        buckets, lo_ms=start, hi_ms=start + 31 * day, viewport=vp, width=620, height=40
    )
    image = QImage(620, 40, QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    paint_overview(painter, ov, LIGHT)
    painter.end()
    bar = ov.bars[-1]
    assert close(rgb(image, bar.x + bar.w / 2, bar.bottom - 2), LIGHT.overview_bar)
    edge = QPointF(ov.window.x, ov.window.y + ov.window.h / 2)
    assert close(rgb(image, edge.x(), edge.y()), LIGHT.overview_window, tol=60)


def test_high_dpi_screen_draws_markers_in_place(aleppo_scene: Scene) -> None:
    """On a high-DPI screen markers would be blurry, half-sized or off their events."""
    image = QImage(round(aleppo_scene.width) * 2, 840, QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(2.0)
    image.fill(QColor(LIGHT.background))
    painter = QPainter(image)
    paint_scene(painter, aleppo_scene, LIGHT)
    painter.end()
    m = mark(aleppo_scene, 1)
    for dx in (-3, 0, 3):
        assert close(rgb(image, 2 * (round(m.x) + dx), 2 * round(m.y)), "#3b7dd8")


def test_a_cluster_reaching_in_from_the_left_shows_its_count_in_view(gui_app) -> None:
    """Spans that began before the view were counted under the lane headers, out of sight."""
    bin_px, mpp = DEFAULT_LAYOUT_STYLE.cluster_bin_px, 60_000.0
    grid = bin_px * mpp  # pixel bins are fixed in time: start 50 px into one
    vp = Viewport((ms("14 Dec 2016 09:00") // grid) * grid + 50 * mpp, mpp, 900, 420)
    before = int(vp.start_ms) - 3_600_000
    spans = [
        an_event_at_ms(before - i * 60_000, event_id=i, category=3, end=int(vp.end_ms))
        for i in range(40)
    ]
    scene = layout_timeline(spans, LANES, vp, measure_text=style_text_measurer(LIGHT))
    (cluster,) = scene.clusters
    assert cluster.x0 < scene.time_left - 40  # its bin begins well under the headers
    image = paint(scene)
    in_view = [rgb(image, x, cluster.y) for x in range(int(scene.time_left) + 1, int(cluster.x1))]
    assert any(sum(px) < 250 for px in in_view)  # the dark count digits, right of the headers
