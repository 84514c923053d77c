"""Export a laid-out scene as PNG, SVG or PDF by painting it with `paint_scene`.

Same routine as the screen on another paint device, so the figure in a report is what the
analyst saw. Sizes are in scene pixels; PNG can be rendered at a higher `scale` for print.

Every file is written atomically (`core.atomic.atomic_write`): painted into a temporary file
next to the target, synced, then renamed over it, so a failed or interrupted export leaves the
previous file byte-identical and no partial file behind.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from os import PathLike
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRect, QSize, QSizeF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtSvg import QSvgGenerator

from timeline_app.core.atomic import atomic_write
from timeline_app.layout.shapes import Scene
from timeline_app.layout.text import strip_controls
from timeline_app.render.paint import paint_scene
from timeline_app.render.style import RenderStyle, qcolor

StrPath = str | PathLike[str]


class ExportError(OSError):
    """The file could not be written (bad path, no permission, disk full)."""


def _check_written(tmp: Path, kind: str, path: StrPath) -> None:
    """Qt's SVG and PDF writers report a failed write at the end only by writing nothing."""
    if tmp.stat().st_size == 0:
        raise ExportError(f"could not write {kind} to {path}")


@contextmanager
def _atomic(path: StrPath, kind: str) -> Iterator[Path]:
    """atomic_write(path), with OS errors (missing folder, no permission) as ExportError."""
    try:
        with atomic_write(path) as tmp:
            yield tmp
    except ExportError:
        raise
    except OSError as exc:
        raise ExportError(f"could not write {kind} to {path} ({exc.strerror or exc})") from exc


def render_to_image(
    scene: Scene, style: RenderStyle, width: int, height: int, *, scale: float = 1.0
) -> QImage:
    """Paint `scene` into a new ARGB32_Premultiplied image of width x height scene pixels.

    With `scale` > 1 the image has scale-times more pixels (sharper print) and the same look.
    """
    w, h = max(1, round(width * scale)), max(1, round(height * scale))
    image = QImage(w, h, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(qcolor(style.background))
    painter = QPainter(image)
    try:
        if scale != 1.0:
            painter.scale(scale, scale)
        paint_scene(painter, scene, style)
    finally:
        painter.end()
    return image


def save_png(
    scene: Scene,
    style: RenderStyle,
    path: StrPath,
    *,
    width: int | None = None,
    height: int | None = None,
    scale: float = 1.0,
) -> None:
    """Write the scene as a PNG file (size defaults to the scene's own size)."""
    image = render_to_image(
        scene, style, width or round(scene.width), height or round(scene.height), scale=scale
    )
    with _atomic(path, "PNG") as tmp:
        if not image.save(str(tmp), "PNG"):
            raise ExportError(f"could not write PNG to {path}")


def save_svg(
    scene: Scene, style: RenderStyle, path: StrPath, *, title: str = "Conflict Timeline"
) -> None:
    """Write the scene as an SVG file; labels stay text (searchable, editable)."""
    w, h = round(scene.width), round(scene.height)
    with _atomic(path, "SVG") as tmp:
        generator = QSvgGenerator()
        generator.setFileName(str(tmp))
        generator.setSize(QSize(w, h))
        generator.setViewBox(QRect(0, 0, w, h))
        generator.setResolution(96)  # 1 scene px = 1 CSS px, so the file opens at its real size
        generator.setTitle(strip_controls(title))
        painter = QPainter()
        if not painter.begin(generator):
            raise ExportError(f"could not write SVG to {path}")
        try:
            paint_scene(painter, scene, style)
        finally:
            painter.end()
        del generator  # closes the file before it is renamed
        _check_written(tmp, "SVG", path)


def save_pdf(
    scene: Scene, style: RenderStyle, path: StrPath, *, title: str = "Conflict Timeline"
) -> None:
    """Write the scene as a one-page vector PDF whose page is the scene's size (96 dpi)."""
    w, h = float(scene.width), float(scene.height)
    with _atomic(path, "PDF") as tmp:
        writer = QPdfWriter(str(tmp))
        writer.setTitle(strip_controls(title))
        writer.setCreator("Conflict Timeline")
        writer.setResolution(96)
        page = QPageSize(QSizeF(w * 72 / 96, h * 72 / 96), QPageSize.Unit.Point, "timeline")
        layout = QPageLayout(page, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0))
        writer.setPageLayout(layout)
        painter = QPainter()
        if not painter.begin(writer):
            raise ExportError(f"could not write PDF to {path}")
        try:
            paint_scene(painter, scene, style)
        finally:
            painter.end()
        del writer  # closes the file before it is renamed
        _check_written(tmp, "PDF", path)
