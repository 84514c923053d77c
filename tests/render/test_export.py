"""Image export: PNG, SVG and PDF are the same drawing as the screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from tests.layout.builders import LANES, a_viewport, an_event
from timeline_app.layout.scene import layout_timeline
from timeline_app.layout.shapes import Scene
from timeline_app.render.image_export import (
    ExportError,
    render_to_image,
    save_pdf,
    save_png,
    save_svg,
)
from timeline_app.render.measure import style_text_measurer
from timeline_app.render.style import LIGHT, PRINT


def test_render_to_image_has_the_requested_size_and_format(aleppo_scene: Scene) -> None:
    """Exported images would have the wrong size or an unexpected pixel format."""
    image = render_to_image(aleppo_scene, LIGHT, 640, 300)
    assert (image.width(), image.height()) == (640, 300)
    assert image.format() == QImage.Format.Format_ARGB32_Premultiplied
    big = render_to_image(aleppo_scene, LIGHT, 640, 300, scale=2.0)
    assert (big.width(), big.height()) == (1280, 600)


def test_png_export_writes_a_readable_image(aleppo_scene: Scene, tmp_path: Path) -> None:
    """'Export PNG' would write nothing, or a file no viewer can open."""
    path = tmp_path / "timeline.png"
    save_png(aleppo_scene, LIGHT, path)
    image = QImage(str(path))
    assert (image.width(), image.height()) == (round(aleppo_scene.width), 420)


def test_svg_export_contains_the_labels_as_text(aleppo_scene: Scene, tmp_path: Path) -> None:
    """An SVG for a report would have titles as pixels (not searchable) or lose them."""
    path = tmp_path / "timeline.svg"
    save_svg(aleppo_scene, PRINT, path)
    svg = path.read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    for label in aleppo_scene.labels:
        assert label.elided in svg
    assert "Wed 14 Dec 2016" in svg


def test_titles_are_plain_text_not_markup(gui_app, tmp_path: Path) -> None:
    """An imported title containing HTML would be interpreted as rich text (or inject markup)."""
    scene = layout_timeline(
        [an_event("14 Dec 2016 08:00", title="<b>bold</b> & <a href='x'>link</a>")],
        LANES,
        a_viewport(width=900, height=300),
        measure_text=style_text_measurer(LIGHT),
    )
    path = tmp_path / "markup.svg"
    save_svg(scene, LIGHT, path)
    svg = path.read_text(encoding="utf-8")
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; &lt;a href=" in svg
    assert "<b>" not in svg


def test_pdf_export_writes_a_pdf(aleppo_scene: Scene, tmp_path: Path) -> None:
    """'Export PDF' would write nothing or a file that is not a PDF."""
    path = tmp_path / "timeline.pdf"
    save_pdf(aleppo_scene, PRINT, path)
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(data) > 1000


def test_export_to_an_unwritable_place_raises(aleppo_scene: Scene, tmp_path: Path) -> None:
    """A failed export would pass silently and the analyst would think the file exists."""
    missing = tmp_path / "no" / "such" / "dir" / "timeline.png"
    with pytest.raises(ExportError):
        save_png(aleppo_scene, LIGHT, missing)
