"""Text measurement: layout measures with the font the painter draws with."""

from __future__ import annotations

from PySide6.QtGui import QFontMetricsF

from timeline_app.render.measure import qt_text_measurer, style_text_measurer
from timeline_app.render.style import LIGHT, label_font


def test_measurer_matches_the_label_font(gui_app) -> None:
    """Labels would be elided too early or overlap, because layout measured another font."""
    measure = style_text_measurer(LIGHT)
    metrics = QFontMetricsF(label_font(LIGHT))
    for text in ("Shelling resumes", "قصف على حلب", ""):
        assert measure(text) == metrics.horizontalAdvance(text)
    assert measure("") == 0
    assert measure("Shelling resumes; ceasefire broken") > measure("Shelling resumes")


def test_measurer_caches_results(gui_app) -> None:
    """Every repaint would re-measure thousands of titles through Qt."""
    measure = qt_text_measurer(label_font(LIGHT))
    first = measure("Evacuation due")
    assert measure("Evacuation due") == first
    assert measure.__closure__ is not None
    caches = [c.cell_contents for c in measure.__closure__ if isinstance(c.cell_contents, dict)]
    assert caches and "Evacuation due" in caches[0]
