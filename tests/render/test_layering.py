"""Render paints with QtGui only, so exports work without widgets (and in a headless CLI)."""

import subprocess
import sys


def test_render_and_layout_never_load_qtwidgets():
    """Exporting an image from the command line must not need the widget toolkit."""
    code = (
        "import sys, timeline_app.render.paint, timeline_app.render.image_export, "
        "timeline_app.layout.scene, timeline_app.io.example; "
        "print('PySide6.QtWidgets' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "False"
