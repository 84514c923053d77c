"""Read a filter's time range typed as free text ("13 Dec 2016", "December 2016")."""

from __future__ import annotations

from timeline_app.core.timespec import TimeParseError, parse_time


class TimeRangeError(ValueError):
    """One end of a typed time range cannot be used; `field` is "from" or "to"."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def parse_time_range(
    from_text: str, to_text: str, *, tz: str = "UTC"
) -> tuple[int | None, int | None]:
    """(from_ms, to_ms) for a filter; an empty side is None (unbounded).

    Each end covers its whole wording: "from 13 Dec 2016" starts at that day's first
    millisecond, "to 14 Dec 2016" ends at its last, both in `tz` unless the text names a zone.
    Raises TimeRangeError for unreadable, ambiguous or relative text, or a range ending before
    it starts.
    """
    bounds: dict[str, int | None] = {"from": None, "to": None}
    for field, text in (("from", from_text), ("to", to_text)):
        text = (text or "").strip()
        if not text:
            continue
        try:
            spec = parse_time(text, tz=tz)
        except TimeParseError as exc:
            raise TimeRangeError(field, f"{field}: {exc}") from None
        if field == "from":
            bounds[field] = spec.earliest_ms
        else:  # `latest` is the first instant after the wording, so step back one ms
            bounds[field] = max(spec.earliest_ms, spec.latest_ms - 1)
    start, end = bounds["from"], bounds["to"]
    if start is not None and end is not None and start > end:
        raise TimeRangeError("to", "the range ends before it starts")
    return start, end
