"""Image export headless (PNG, SVG, PDF): size, event pixels, text, pages, decorations, cancel."""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from tests.io.exchange_builders import COLORS, T0, a_timeline, an_event_draft, dense_drafts
from tests.render.conftest import gui_app  # noqa: F401  (the session's Qt application)
from timeline_app.core.timespec import to_ms
from timeline_app.io.export_image import ImageOptions, export_image
from timeline_app.io.export_scene import ExportCancelled, FigureOptions

HOUR = 3_600_000
pytestmark = pytest.mark.usefixtures("gui_app")


@pytest.fixture
def small(tmp_path: Path):
    """Three exact events in three categories, one per outlet."""
    store = a_timeline(
        tmp_path / "small.ctl",
        [
            an_event_draft("Shelling of Bustan al-Qasr", 6, category="Shelling", outlet="SANA"),
            an_event_draft("Talks in Ankara", 12, category="Diplomacy", outlet="Anadolu"),
            an_event_draft("Buses leave", 18, category="Evacuation", outlet="ICRC"),
        ],
    )
    yield store
    store.close()


def _close(color: QColor, hex_color: str, tolerance: int = 40) -> bool:
    want = QColor(hex_color)
    return all(
        abs(a - b) <= tolerance
        for a, b in zip(
            (color.red(), color.green(), color.blue()),
            (want.red(), want.green(), want.blue()),
            strict=True,
        )
    )


def _marker_pixels(
    report, image: QImage, start_ms: float, times: dict[int, int]
) -> list[tuple[int, str, bool]]:
    """(event id, lane colour, whether the pixel at the event's expected x has that colour)."""
    scene, scale = report.figure.scene, report.scale
    ms_per_px = scene.viewport.ms_per_px
    out = []
    for mark in scene.markers:
        x = scene.time_left + (times[mark.event_id] - start_ms) / ms_per_px
        y = report.figure.header + mark.y
        pixel = image.pixelColor(round(x * scale), round(y * scale))
        out.append((mark.event_id, mark.color, _close(pixel, mark.color)))
    return out


def _times(store) -> dict[int, int]:
    from timeline_app.core import store as st

    with store.read() as session:
        return {r.id: r.start_ms for r in st.events_in_window(session, -(2**62), 2**62)}


def test_png_has_the_requested_size_and_the_events_colours_at_their_times(small, tmp_path):
    """A PNG for a report would be the wrong size, or events would sit at the wrong times."""
    start, end = to_ms(T0), to_ms(T0) + 24 * HOUR
    out = tmp_path / "figure.png"
    report = export_image(
        small,
        out,
        options=FigureOptions(start_ms=start, end_ms=end, zone="UTC", title="Aleppo"),
        image=ImageOptions(width=1200, height=600),
    )
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1200, 600)
    pixels = _marker_pixels(report, image, start, _times(small))
    assert len(pixels) == 3
    assert {color for _, color, _ in pixels} == set(COLORS.values())
    assert all(ok for *_, ok in pixels), pixels


def test_png_dpi_scales_the_drawing_and_is_stored(small, tmp_path):
    """A 300 dpi PNG for print would have tiny text, a wrong size or no resolution set."""
    start, end = to_ms(T0), to_ms(T0) + 24 * HOUR
    out = tmp_path / "print.png"
    report = export_image(
        small,
        out,
        options=FigureOptions(start_ms=start, end_ms=end, style="print"),
        image=ImageOptions(width=2400, height=1200, dpi=192),
    )
    image = QImage(str(out))
    assert (image.width(), image.height()) == (2400, 1200)
    assert report.scale == 2.0
    assert abs(image.dotsPerMeterX() - 192 / 0.0254) < 2
    assert all(ok for *_, ok in _marker_pixels(report, image, start, _times(small)))
    assert image.pixelColor(2, 2) == QColor("#ffffff")


def test_a_10000_px_png_of_a_dense_timeline_works(tmp_path):
    """A very wide poster of a busy timeline would fail, be cut, or lose its events."""
    store = a_timeline(tmp_path / "dense.ctl", dense_drafts(3000))
    try:
        out = tmp_path / "wide.png"
        began = time.perf_counter()
        report = export_image(
            store,
            out,
            options=FigureOptions(title="Dense", sources_footnote=True),
            image=ImageOptions(width=10_000, height=1500),
        )
        seconds = time.perf_counter() - began
        image = QImage(str(out))
        assert (image.width(), image.height()) == (10_000, 1500)
        assert report.figure.event_count == 3000
        scene = report.figure.scene
        assert len(scene.markers) + sum(c.count for c in scene.clusters) >= 3000
        assert len(scene.markers) > 1000, "a 10,000 px figure should draw events one by one"
        pixels = _marker_pixels(report, image, scene.viewport.start_ms, _times(store))
        sample = pixels[:: max(1, len(pixels) // 200)]
        assert sum(ok for *_, ok in sample) >= 0.95 * len(sample)
        assert "Outlet 6" in report.figure.decorations.footnote
        assert seconds < 60
    finally:
        store.close()


def test_svg_keeps_titles_legend_and_footnote_as_text(small, tmp_path):
    """An SVG figure would hold its titles as pixels (not searchable) or lose the legend."""
    out = tmp_path / "figure.svg"
    export_image(
        small,
        out,
        options=FigureOptions(title="Aleppo, 13 Dec", subtitle="Draft <b>only</b>"),
        image=ImageOptions(width=1400, height=700),
    )
    text = out.read_text(encoding="utf-8")
    ET.fromstring(text.encode("utf-8"))  # well-formed XML
    for title in ("Shelling of Bustan al-Qasr", "Talks in Ankara", "Buses leave"):
        assert title in text
    assert "Aleppo, 13 Dec" in text and "Draft &lt;b&gt;only&lt;/b&gt;" in text
    assert "Evacuation" in text and "Times shown in" in text
    assert "Sources: Anadolu; ICRC; SANA." in text


def test_pdf_is_one_page_of_the_requested_paper_size(small, tmp_path):
    """A PDF for a briefing would not open, have several pages, or the wrong paper size."""
    landscape, portrait = tmp_path / "a4.pdf", tmp_path / "letter.pdf"
    export_image(small, landscape, image=ImageOptions(page="A4", landscape=True))
    export_image(small, portrait, image=ImageOptions(page="Letter", landscape=False))
    a4, letter = landscape.read_bytes(), portrait.read_bytes()
    assert a4.startswith(b"%PDF") and letter.startswith(b"%PDF")
    assert b"/MediaBox [0 0 842" in a4 and b" 595" in a4.split(b"/MediaBox")[1][:40]
    assert b"/MediaBox [0 0 612" in letter and b" 792" in letter.split(b"/MediaBox")[1][:40]
    assert a4.count(b"/Type /Page\n") + a4.count(b"/Type /Page ") + a4.count(b"/Type /Page/") == 1
    assert b"/FontFile2" in a4  # text is text (an embedded font), not pixels


def test_footnote_lists_only_outlets_of_the_events_shown(small, tmp_path):
    """The sources footnote would credit outlets whose events are not in the figure."""
    start = to_ms(T0) + 10 * HOUR
    report = export_image(
        small,
        tmp_path / "part.svg",
        options=FigureOptions(start_ms=start, end_ms=start + 4 * HOUR),
    )
    assert report.figure.decorations.footnote == "Sources: Anadolu."
    off = export_image(
        small,
        tmp_path / "bare.svg",
        options=FigureOptions(legend=False, sources_footnote=False, zone_note=False),
    )
    assert off.figure.decorations.footnote == "" and off.figure.decorations.legend == ()
    assert "Sources:" not in (tmp_path / "bare.svg").read_text(encoding="utf-8")


def test_cancel_writes_nothing_and_keeps_an_existing_file(small, tmp_path):
    """Cancelling a big export would leave a half-written or destroyed image behind."""
    out = tmp_path / "keep.png"
    out.write_bytes(b"old figure")
    with pytest.raises(ExportCancelled):
        export_image(small, out, cancelled=lambda: True)
    assert out.read_bytes() == b"old figure"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".keep")] == []  # no temp file


def test_bad_options_are_refused_with_a_clear_message(small, tmp_path):
    """A typo in the size or format would give a traceback or an empty file instead."""
    with pytest.raises(ValueError, match="png, svg or pdf"):
        export_image(small, tmp_path / "x.gif")
    with pytest.raises(ValueError, match="width and height"):
        export_image(small, tmp_path / "x.png", image=ImageOptions(width=0))
    with pytest.raises(ValueError, match="page size"):
        export_image(small, tmp_path / "x.pdf", image=ImageOptions(page="B5"))
    assert not list(tmp_path.glob("x.*"))
