"""The TimelineJS Google Sheets template, saved as CSV, into drafts.

Columns: Year, Month, Day, Time, End Year, End Month, End Day, End Time, Display Date,
Headline, Text, Media, Media Credit, Media Caption, Media Thumbnail, Type, Group, Background.
Each row is turned into the slide TimelineJS itself would build and mapped exactly like the
JSON format (see timelinejs_json): the row whose Type is "title" gives the import's title,
rows of Type "era" become span events tagged "era". Time / End Time are clock times
("14:30", "14:30:15", "2:30 PM"); Display Date is the start's original wording. Thumbnail and
Background are not kept.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from timeline_app.io.importers.common import (
    Cancelled,
    Collector,
    ImportResult,
    Progress,
    Ticker,
    file_error,
)
from timeline_app.io.importers.csv_input import CsvInput
from timeline_app.io.importers.html_text import one_line
from timeline_app.io.importers.timelinejs_json import SlideError, read_slides, where

COLUMNS = (
    "year", "month", "day", "time", "end year", "end month", "end day", "end time",
    "display date", "headline", "text", "media", "media credit", "media caption",
    "media thumbnail", "type", "group", "background",
)  # fmt: skip
_CLOCK = re.compile(r"(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?(?:\.\d+)?\s*([ap])?\.?\s*m?\.?", re.I)


def clock_parts(text: str, name: str = "Time") -> dict[str, str]:
    """ "14:30" -> hour/minute (second if given); "2 PM" -> hour 14; "" -> nothing."""
    text = text.strip()
    if not text:
        return {}
    m = _CLOCK.fullmatch(text)
    if m is None or (m[4] and not 1 <= int(m[1]) <= 12):
        raise SlideError(f"{name} {text!r} is not a clock time like 14:30 or 2:30 PM")
    hour = int(m[1])
    if m[4]:
        hour = hour % 12 + (12 if m[4].lower() == "p" else 0)
    parts = {"hour": str(hour)}
    if m[2] is not None:
        parts["minute"] = m[2]
    if m[3] is not None:
        parts["second"] = m[3]
    return parts


def row_slide(cell: dict[str, str]) -> dict[str, Any]:
    """The slide object TimelineJS builds from one template row."""
    start = {k: cell[k] for k in ("year", "month", "day")}
    start.update(clock_parts(cell["time"]))
    start["display_date"] = cell["display date"]
    end = {k: cell[f"end {k}"] for k in ("year", "month", "day")}
    end.update(clock_parts(cell["end time"], "End Time"))
    return {
        "start_date": start,
        "end_date": end,
        "text": {"headline": cell["headline"], "text": cell["text"]},
        "media": {
            "url": cell["media"],
            "credit": cell["media credit"],
            "caption": cell["media caption"],
        },
        "group": cell["group"],
    }


def read_timelinejs_csv(
    path: Path | str,
    *,
    tz: str = "UTC",
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportResult:
    """Read the TimelineJS spreadsheet template exported as CSV."""
    with CsvInput(path) as csv_in:
        if csv_in.column("year") is None or csv_in.column("headline") is None:
            found = ", ".join(csv_in.header[:8])
            raise file_error(csv_in.path, f"no Year and Headline columns (row 1 has: {found})")
        pick = csv_in.picker(COLUMNS)
        title = ""
        slides: list[tuple[str, Any, bool]] = []
        problems: list[tuple[str, str]] = []
        for number, cells in csv_in.rows():
            cell = pick(cells)
            kind = cell["type"].lower()
            if kind == "title":
                title = title or one_line(cell["headline"])
                continue
            try:
                slides.append((f"row {number}", row_slide(cell), kind == "era"))
            except SlideError as exc:
                problems.append((where(f"row {number}", {"text": cell}), str(exc)))
    out = Collector(title=title or csv_in.path.stem)
    for place, reason in problems:
        out.skip(place, reason)
    read_slides(out, slides, tz, Ticker(progress, cancelled, len(slides)))
    return out.finish()
