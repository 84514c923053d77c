"""Exported images keep hostile titles as text (issue 7, point 14).

SVG: C0 control characters are removed (XML cannot hold them: the file would not parse) and
markup in a title stays escaped text, never an element. PNG/PDF/screen: every user text is
drawn inside a bidi isolate (FSI ... PDI), so a U+202E in one title cannot reorder the rest.
"""

from __future__ import annotations

from pathlib import Path

import defusedxml.ElementTree as SafeET
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize
from PySide6.QtGui import QFont, QImage, QPainter, QTextLayout
from PySide6.QtSvg import QSvgGenerator

from tests.layout.builders import LANES, a_viewport, an_event
from tests.render.conftest import gui_app  # noqa: F401 - fixture
from timeline_app.layout.scene import layout_timeline
from timeline_app.layout.text import FSI, PDI, isolate, strip_controls
from timeline_app.render import style as render_style
from timeline_app.render.decorations import Decorations, paint_figure
from timeline_app.render.image_export import save_pdf, save_png, save_svg
from timeline_app.render.measure import style_text_measurer
from timeline_app.render.style import LIGHT

HOSTILE = "Strike\x01 <script>alert(1)</script> \u202eevil"
ARABIC = "قصف على الأحياء الشرقية"


def a_scene(*titles: str):
    events = [
        an_event(f"{13 + n} Dec 2016 10:00", title=t, event_id=n + 1) for n, t in enumerate(titles)
    ]
    return layout_timeline(
        events, LANES, a_viewport(width=1400, height=420),
        measure_text=style_text_measurer(LIGHT), zone="UTC",
    )  # fmt: skip


def texts_of(svg: bytes) -> list[str]:
    root = SafeET.fromstring(svg)  # raises on DTDs, entities, or invalid XML (a raw \x01)
    tags = {element.tag.rsplit("}", 1)[-1] for element in root.iter()}
    assert "script" not in tags and "foreignObject" not in tags
    return ["".join(e.itertext()) for e in root.iter() if e.tag.endswith("text")]


def test_strip_controls_and_isolate():
    assert strip_controls("a\x00b\x01c\td\ne\x7f") == "abc d e"
    assert strip_controls("plain") == "plain"
    assert isolate("x") == f"{FSI}x{PDI}" and isolate("") == ""


def test_svg_export_of_a_hostile_title_parses_and_keeps_it_as_text(gui_app, tmp_path):  # noqa: F811
    """A raw \\x01 made the SVG unparseable; markup must never become an element."""
    path = tmp_path / "hostile.svg"
    save_svg(a_scene(HOSTILE, ARABIC), LIGHT, path, title=HOSTILE)
    data = path.read_bytes()
    assert b"\x01" not in data and b"<script" not in data
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in data
    texts = texts_of(data)
    assert any("<script>alert(1)</script>" in t for t in texts)  # shown, as text
    assert any(ARABIC in t for t in texts)


def test_svg_figure_decorations_are_stripped_and_escaped(gui_app):  # noqa: F811
    """The figure's title, legend and footnote are user text too."""
    scene = a_scene("quiet")
    deco = Decorations(
        title=HOSTILE, subtitle="sub\x02title", legend=(("lane\x03 <b>x</b>", "#336699"),),
        footnote="Sources: \x1b[31m<img src=x onerror=alert(1)>",
    )  # fmt: skip
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(QSize(1400, 700))
    generator.setViewBox(QRect(0, 0, 1400, 700))
    painter = QPainter(generator)
    try:
        paint_figure(painter, scene, LIGHT, deco, header=80.0)
    finally:
        painter.end()
    data = bytes(QByteArray(buffer.data()).data())
    assert not any(chr(c).encode() in data for c in range(0x20) if chr(c) not in "\t\n\r")
    joined = " ".join(texts_of(data))
    assert "<script>alert(1)</script>" in joined and "<img src=x onerror=alert(1)>" in joined


def test_every_title_is_drawn_in_a_bidi_isolate(gui_app, monkeypatch):  # noqa: F811
    """Without FSI/PDI, a U+202E in one title reverses whatever is drawn after it."""
    drawn: list[str] = []
    original = render_style.QtKit.static_text

    def spy(self, text, rtl=False):
        drawn.append(text)
        return original(self, text, rtl)

    monkeypatch.setattr(render_style.QtKit, "static_text", spy)
    scene = a_scene(HOSTILE, ARABIC, "plain")
    image = QImage(scene.width, scene.height, QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    try:
        from timeline_app.render.paint import paint_scene

        paint_scene(painter, scene, LIGHT)
    finally:
        painter.end()
    labels = [lb.elided for lb in scene.labels]
    assert labels and all(isolate(text) in drawn for text in labels)
    assert not any("\x01" in text for text in drawn)


def test_qt_keeps_an_override_inside_its_isolate(gui_app):  # noqa: F811
    """What the isolate buys: text after an isolated U+202E keeps its left-to-right order."""

    def positions(text: str) -> list[float]:
        layout = QTextLayout(text, QFont())
        layout.beginLayout()
        line = layout.createLine()
        layout.endLayout()
        return [line.cursorToX(i)[0] for i in range(len(text) + 1)]

    tail = " xyz"
    bare = positions("\u202eabc" + tail)
    sealed = positions(isolate("\u202eabc") + tail)
    assert bare[-3] > bare[-2] > bare[-1]  # the override reversed the tail
    assert sealed[-3] < sealed[-2] < sealed[-1]  # isolated: the tail reads left to right


def test_png_and_pdf_render_arabic_and_override_titles(gui_app, tmp_path: Path):  # noqa: F811
    scene = a_scene(ARABIC, HOSTILE, f"{ARABIC} \u202e123")
    png, pdf = tmp_path / "t.png", tmp_path / "t.pdf"
    save_png(scene, LIGHT, png)
    save_pdf(scene, LIGHT, pdf, title=HOSTILE)
    image = QImage(str(png))
    assert not image.isNull() and image.width() >= scene.width
    assert pdf.read_bytes().startswith(b"%PDF")
