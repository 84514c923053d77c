"""Drawing with QtGui only (never widgets): one paint routine for the screen and every export."""

from timeline_app.render.image_export import render_to_image, save_pdf, save_png, save_svg
from timeline_app.render.measure import qt_text_measurer, style_text_measurer
from timeline_app.render.paint import paint_overview, paint_scene
from timeline_app.render.style import LIGHT, PRINT, RenderStyle, light_style, print_style

__all__ = [
    "LIGHT",
    "PRINT",
    "RenderStyle",
    "light_style",
    "paint_overview",
    "paint_scene",
    "print_style",
    "qt_text_measurer",
    "render_to_image",
    "save_pdf",
    "save_png",
    "save_svg",
    "style_text_measurer",
]
