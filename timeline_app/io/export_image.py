"""Write a timeline figure as PNG, SVG or PDF: `export_image` is what the CLI and dialog call.

Sizes: PNG is exactly `width` x `height` pixels; `dpi` says how large the text comes out
when printed at that resolution (the figure is laid out at 96/dpi of the pixel size and
painted scaled, so a 300 dpi PNG has the on-screen proportions and sharp print text) and is
stored in the file. SVG is `width` x `height` CSS pixels, labels as text. PDF is one page of
A4, A3 or Letter (landscape or portrait, 10 mm margins) with vector text; the figure is laid
out for the printable area at 96 px per inch.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRect, QSize
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtSvg import QSvgGenerator

from timeline_app.core import store as st
from timeline_app.core.records import EventFilter
from timeline_app.io.export_scene import (
    Cancelled,
    ExportCancelled,
    Figure,
    FigureOptions,
    Progress,
    build_figure,
)
from timeline_app.io.output_file import replacing
from timeline_app.layout.text import strip_controls
from timeline_app.render.decorations import paint_figure
from timeline_app.render.image_export import ExportError
from timeline_app.render.style import qcolor

IMAGE_FORMATS = ("png", "svg", "pdf")
PAGE_SIZES = {
    "A4": QPageSize.PageSizeId.A4,
    "A3": QPageSize.PageSizeId.A3,
    "Letter": QPageSize.PageSizeId.Letter,
}
SCREEN_DPI = 96
MAX_PNG_SIDE = 32_000  # QImage's practical limit; beyond it allocation fails


@dataclass(frozen=True, slots=True)
class ImageOptions:
    """Output size: pixels and dpi for PNG/SVG, page for PDF."""

    width: int = 1600
    height: int = 900
    dpi: int = SCREEN_DPI
    page: str = "A4"
    landscape: bool = True
    margin_mm: float = 10.0


def options_from(
    source: object, *, start_ms: float | None, end_ms: float | None, filters: EventFilter
) -> tuple[FigureOptions, ImageOptions]:
    """Figure and image options from anything carrying the same-named attributes.

    The CLI's parsed arguments and the export dialog's request use the option names of
    FigureOptions and ImageOptions, so both build them here.
    """
    get = source.__getattribute__
    figure = FigureOptions(
        start_ms=start_ms, end_ms=end_ms, filters=filters, zone=get("zone"), title=get("title"),
        subtitle=get("subtitle"), legend=get("legend"), zone_note=get("zone_note"),
        sources_footnote=get("sources_footnote"), style=get("style"),
    )  # fmt: skip
    image = ImageOptions(width=get("width"), height=get("height"), dpi=get("dpi"),
                         page=get("page"), landscape=get("landscape"))  # fmt: skip
    return figure, image


@dataclass(slots=True)
class ImageReport:
    path: Path
    format: str
    figure: Figure
    pixel_size: tuple[int, int]
    scale: float = 1.0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


def image_format(path: Path | str, given: str | None = None) -> str:
    """The image format asked for, else the one the file name ends with."""
    name = (given or Path(path).suffix.lstrip(".")).lower()
    if name not in IMAGE_FORMATS:
        raise ValueError(f"unknown image format {name or '(no extension)'!r}: png, svg or pdf")
    return name


def page_layout(image: ImageOptions) -> QPageLayout:
    """The PDF page: size, orientation and margins."""
    if image.page not in PAGE_SIZES:
        raise ValueError(f"unknown page size {image.page!r} (A4, A3 or Letter)")
    orientation = (
        QPageLayout.Orientation.Landscape if image.landscape else QPageLayout.Orientation.Portrait
    )
    margins = QMarginsF(image.margin_mm, image.margin_mm, image.margin_mm, image.margin_mm)
    return QPageLayout(
        QPageSize(PAGE_SIZES[image.page]), orientation, margins, QPageLayout.Unit.Millimeter
    )


def logical_size(fmt: str, image: ImageOptions) -> tuple[float, float, float]:
    """(width, height, scale): the figure's layout size and how much the painter scales it."""
    if fmt == "pdf":
        rect = page_layout(image).paintRectPixels(SCREEN_DPI)
        return float(rect.width()), float(rect.height()), 1.0
    if not (1 <= image.width <= MAX_PNG_SIDE and 1 <= image.height <= MAX_PNG_SIDE):
        raise ValueError(f"width and height must be 1 to {MAX_PNG_SIDE} pixels")
    if not 24 <= image.dpi <= 2400:
        raise ValueError("dpi must be between 24 and 2400")
    scale = image.dpi / SCREEN_DPI if fmt == "png" else 1.0
    return image.width / scale, image.height / scale, scale


def _paint_png(figure: Figure, path: Path, image: ImageOptions, scale: float) -> tuple[int, int]:
    out = QImage(image.width, image.height, QImage.Format.Format_ARGB32_Premultiplied)
    if out.isNull():
        raise ExportError(f"not enough memory for a {image.width} x {image.height} image")
    out.fill(qcolor(figure.style.background))
    dots_per_metre = round(image.dpi / 0.0254)
    out.setDotsPerMeterX(dots_per_metre)
    out.setDotsPerMeterY(dots_per_metre)
    painter = QPainter(out)
    try:
        painter.scale(scale, scale)
        paint_figure(painter, figure.scene, figure.style, figure.decorations, header=figure.header)
    finally:
        painter.end()
    if not out.save(str(path), "PNG"):
        raise ExportError(f"could not write PNG to {path}")
    return image.width, image.height


def _paint_svg(figure: Figure, path: Path, image: ImageOptions, title: str) -> tuple[int, int]:
    w, h = image.width, image.height
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(QSize(w, h))
    generator.setViewBox(QRect(0, 0, w, h))
    generator.setResolution(SCREEN_DPI)
    generator.setTitle(strip_controls(title))  # XML cannot hold C0 characters
    painter = QPainter()
    if not painter.begin(generator):
        raise ExportError(f"could not write SVG to {path}")
    try:
        paint_figure(painter, figure.scene, figure.style, figure.decorations, header=figure.header)
    finally:
        painter.end()
    return w, h


def _paint_pdf(figure: Figure, path: Path, image: ImageOptions, title: str) -> tuple[int, int]:
    writer = QPdfWriter(str(path))
    writer.setTitle(strip_controls(title))
    writer.setCreator("Conflict Timeline")
    writer.setResolution(SCREEN_DPI)
    writer.setPageLayout(page_layout(image))
    painter = QPainter()
    if not painter.begin(writer):
        raise ExportError(f"could not write PDF to {path}")
    try:
        paint_figure(painter, figure.scene, figure.style, figure.decorations, header=figure.header)
    finally:
        painter.end()
    size = writer.pageLayout().fullRectPoints()
    return size.width(), size.height()


def export_image(
    store: st.TimelineStore,
    path: Path | str,
    *,
    format: str | None = None,
    options: FigureOptions | None = None,
    image: ImageOptions | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImageReport:
    """Build the figure and write it to `path` atomically; return what was written.

    Raises ExportCancelled (nothing written), ExportError (the file could not be written) or
    ValueError (bad options).
    """
    began = time.perf_counter()
    path = Path(path)
    fmt = image_format(path, format)
    options = options or FigureOptions()
    image = image or ImageOptions()
    width, height, scale = logical_size(fmt, image)
    figure = build_figure(
        store, options, width=width, height=height, progress=progress, cancelled=cancelled
    )
    _step(progress, cancelled, 60)
    title = options.title or "Conflict Timeline"
    try:
        with replacing(path) as tmp:
            if fmt == "png":
                size = _paint_png(figure, tmp, image, scale)
            elif fmt == "svg":
                size = _paint_svg(figure, tmp, image, title)
            else:
                size = _paint_pdf(figure, tmp, image, title)
            _step(progress, cancelled, 95)
    except OSError as exc:
        if isinstance(exc, ExportError):
            raise
        raise ExportError(f"could not write {path}: {exc.strerror or exc}") from None
    _step(progress, None, 100)
    seconds = time.perf_counter() - began
    return ImageReport(path, fmt, figure, (round(size[0]), round(size[1])), scale, seconds)


def _step(progress: Progress | None, cancelled: Cancelled | None, percent: int) -> None:
    if progress is not None:
        progress(percent, 100)
    if cancelled is not None and cancelled():
        raise ExportCancelled("export cancelled")
