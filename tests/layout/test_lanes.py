"""Lanes share the canvas: with many categories every lane still shows on screen."""

from timeline_app.layout.lanes import LaneSpec, max_lane_rows, stack_lanes
from timeline_app.layout.metrics import DEFAULT_LAYOUT_STYLE


def measure(text: str) -> float:
    return 7.0 * len(text)


def test_twelve_lanes_fit_a_small_canvas():
    """A file with 12 categories shows all 12 lanes, each with at least one row, none cut off."""
    specs = [LaneSpec(i, f"Category {i}", "#336699") for i in range(12)]
    height = 480.0
    boxes = stack_lanes(
        specs, top=40.0, height=height, style=DEFAULT_LAYOUT_STYLE, measure_text=measure
    )
    assert len(boxes) == 12
    assert all(box.rows >= 1 for box in boxes)
    assert boxes[-1].y1 <= height
    for box in boxes:
        assert box.y0 <= box.row_y(0) - DEFAULT_LAYOUT_STYLE.row_height / 2
        assert box.row_y(0) + DEFAULT_LAYOUT_STYLE.row_height / 2 <= box.y1 + 1e-9


def test_few_lanes_keep_their_comfortable_height():
    """With room to spare, lanes are at least the minimum height and hold several rows."""
    specs = [LaneSpec(i, f"Category {i}", "#336699") for i in range(3)]
    boxes = stack_lanes(
        specs, top=40.0, height=800.0, style=DEFAULT_LAYOUT_STYLE, measure_text=measure
    )
    assert all(b.y1 - b.y0 >= DEFAULT_LAYOUT_STYLE.min_lane_height - 4 for b in boxes)
    assert all(b.rows > 3 for b in boxes)


def test_max_lane_rows_bounds_every_layout_of_that_space() -> None:
    """The fetcher trusts it: a bin with more events than this is always a cluster."""
    style = DEFAULT_LAYOUT_STYLE
    for n in range(1, 30):
        for height in range(60, 2200, 7):
            bound = max_lane_rows(n, height - style.axis_height, style)
            for extra in (0, 1, 3):  # the Uncategorised lane, or more lanes, only shrink rows
                specs = [LaneSpec(i, f"Lane {i}", "#888888") for i in range(n + extra)]
                boxes = stack_lanes(specs, top=style.axis_height, height=height, style=style,
                                    measure_text=len)  # fmt: skip
                rows = max(b.rows for b in boxes)
                assert rows <= bound and (extra or rows == bound)  # exact with no extra lane
    assert max_lane_rows(1, 1000, style) > max_lane_rows(12, 1000, style) >= 1
