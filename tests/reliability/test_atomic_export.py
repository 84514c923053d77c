"""PNG, SVG and PDF exports go through `atomic_write` (issue 7, point 7)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from tests.render.conftest import aleppo_scene, gui_app  # noqa: F401 - fixtures
from timeline_app.layout.shapes import Scene
from timeline_app.render import image_export
from timeline_app.render.image_export import ExportError, save_pdf, save_png, save_svg
from timeline_app.render.style import LIGHT

WRITERS = {"png": save_png, "svg": save_svg, "pdf": save_pdf}
OLD = b"yesterday's figure, already sent to the editor\n" * 50


class Cancelled(Exception):
    pass


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_a_failure_while_painting_leaves_the_old_export(
    aleppo_scene: Scene,  # noqa: F811
    tmp_path: Path,
    monkeypatch,
    fmt: str,
) -> None:
    """A crash or cancel mid-export would leave a truncated figure in place of the old one."""
    path = tmp_path / f"figure.{fmt}"
    path.write_bytes(OLD)
    real = image_export.paint_scene

    def paint_then_fail(painter, scene, style):
        real(painter, scene, style)
        raise Cancelled

    monkeypatch.setattr(image_export, "paint_scene", paint_then_fail)
    with pytest.raises(Cancelled):
        WRITERS[fmt](aleppo_scene, LIGHT, path)
    assert path.read_bytes() == OLD
    assert [p.name for p in tmp_path.iterdir()] == [path.name], "no partial file may be left"


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_a_successful_export_replaces_the_old_file(
    aleppo_scene: Scene,  # noqa: F811
    tmp_path: Path,
    fmt: str,
) -> None:
    """The new figure would land under a temporary name, or beside the old one."""
    path = tmp_path / f"figure.{fmt}"
    path.write_bytes(OLD)
    WRITERS[fmt](aleppo_scene, LIGHT, path)
    data = path.read_bytes()
    assert data != OLD and len(data) > 500
    assert data.startswith({"png": b"\x89PNG", "svg": b"<?xml", "pdf": b"%PDF"}[fmt])
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_a_png_that_qt_cannot_write_is_an_error_and_keeps_the_old_file(
    aleppo_scene: Scene,  # noqa: F811
    tmp_path: Path,
    monkeypatch,
) -> None:
    """QImage.save returning False (disk full) would pass silently with a broken file."""
    path = tmp_path / "figure.png"
    path.write_bytes(OLD)

    def half_written(self, name, fmt=None, quality=-1):
        Path(name).write_bytes(b"\x89PNG half")
        return False

    monkeypatch.setattr(QImage, "save", half_written)
    with pytest.raises(ExportError, match="could not write PNG"):
        save_png(aleppo_scene, LIGHT, path)
    assert path.read_bytes() == OLD
    assert [p.name for p in tmp_path.iterdir()] == ["figure.png"]
