"""Pixel sizes that layout decides with; the renderer reads the same values from the scene."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class LayoutStyle:
    """Sizes in canvas pixels. The label font of the renderer must match `measure_text`."""

    header_width: float = 120.0
    """Lane header column left of the time area (0 hides the headers)."""
    axis_coarse_height: float = 20.0
    axis_fine_height: float = 20.0
    lane_gap: float = 4.0
    lane_padding: float = 6.0
    """Space between a lane's edges and its first/last row."""
    min_lane_height: float = 52.0
    row_height: float = 20.0
    label_height: float = 15.0
    marker_radius: float = 6.0
    span_bar_height: float = 12.0
    label_pad: float = 4.0
    """Space between a marker (or its uncertainty band) and its label."""
    label_gap: float = 8.0
    """Minimum free space between two labels (and before the next marker) in one row."""
    min_label_width: float = 40.0
    """A label elided below this width is hidden instead; the marker stays."""
    min_tick_spacing: float = 48.0
    cluster_bin_px: float = 64.0
    """Width of the pixel bins in which crowded regions are counted and clustered."""
    max_events: int = 1500
    """Above this many visible events every lane is shown as clusters (density bands)."""
    cull_margin_px: float = 400.0
    """Events ending this far left of the view still reserve rows so labels do not jump."""

    @property
    def axis_height(self) -> float:
        """Both axis rows together."""
        return self.axis_coarse_height + self.axis_fine_height


DEFAULT_LAYOUT_STYLE = LayoutStyle()
