"""The filter's typed time range: whole days and months, bad text refused with its side named."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from timeline_app.core.time_range import TimeRangeError, parse_time_range
from timeline_app.core.timespec import to_ms


def test_range_covers_whole_wording_in_zone():
    """ "13 Dec to 14 Dec" would cut off the evening of the 14th, or use UTC days in Aleppo."""
    start, end = parse_time_range("13 Dec 2016", "14 Dec 2016", tz="Asia/Damascus")
    assert start == to_ms(datetime(2016, 12, 12, 22, 0, tzinfo=UTC))
    assert end == to_ms(datetime(2016, 12, 14, 22, 0, tzinfo=UTC)) - 1


def test_empty_sides_are_unbounded():
    """Leaving "to" empty would hide every event after the "from" day."""
    assert parse_time_range("", "  ") == (None, None)
    start, end = parse_time_range("December 2016", "")
    assert start == to_ms(datetime(2016, 12, 1, tzinfo=UTC)) and end is None


@pytest.mark.parametrize(
    ("start", "end", "field", "message"),
    [
        ("yesterday", "", "from", "relative"),
        ("", "05/06/2016", "to", "ambiguous"),
        ("banana", "", "from", "could not understand"),
        ("16 Dec 2016", "13 Dec 2016", "to", "ends before it starts"),
    ],
)
def test_bad_text_names_the_side(start, end, field, message):
    """A bad date would be guessed or blamed on the wrong box instead of explained."""
    with pytest.raises(TimeRangeError, match=message) as caught:
        parse_time_range(start, end)
    assert caught.value.field == field
