"""Dates that python-dateutil would read silently wrong (issue 7, point 12).

Each case was reproduced against dateutil; parse_time must refuse it, ask for the day/month
order, or read it the one way the text allows.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from timeline_app.core.timespec import Precision, TimeParseError, format_bounds, parse_time


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_03_04_2016_needs_the_day_month_order():
    """dateutil reads it as 4 March; half the world means 3 April."""
    with pytest.raises(TimeParseError, match=r"ambiguous.*3 April or 4 March"):
        parse_time("03/04/2016")
    assert parse_time("03/04/2016", day_first=True).best == utc(2016, 4, 3)
    assert parse_time("03/04/2016", day_first=False).best == utc(2016, 3, 4)


def test_12_07_and_13_07_do_not_flip_order():
    """dateutil reads 12.07.2022 as 7 Dec and 13.07.2022 as 13 July: two rows, two orders."""
    with pytest.raises(TimeParseError, match="ambiguous"):
        parse_time("12.07.2022")
    assert parse_time("13.07.2022").best == utc(2022, 7, 13)
    assert parse_time("12.07.2022", day_first=True).best == utc(2022, 7, 12)
    with pytest.raises(TimeParseError, match="no month 13"):  # dateutil swaps silently
        parse_time("13.07.2022", day_first=False)
    with pytest.raises(TimeParseError, match="no month 13"):
        parse_time("07/13/2022", day_first=True)


@pytest.mark.parametrize("text", ["2016-03-04", "20160304", "2016-03-04T10:00", "2016/03/04"])
@pytest.mark.parametrize("day_first", [None, True, False])
def test_iso_dates_are_never_reordered(text, day_first):
    """dayfirst=True turned the compact ISO date 20160304 into 3 April."""
    spec = parse_time(text, day_first=day_first)
    assert (spec.best.month, spec.best.day) == (3, 4)


def test_iso_dates_keep_their_precision_and_fraction():
    assert parse_time("2016-12").precision == Precision.MONTH
    assert parse_time("2016-12-13T22").precision == Precision.HOUR
    spec = parse_time("2016-12-13T22:00:00.25+03:00")
    assert spec.best == utc(2016, 12, 13, 19, 0, 0, 250_000) and spec.precision == Precision.SECOND


def test_march_2016_is_a_month_not_a_day_invented_from_today():
    spec = parse_time("March 2016")
    assert spec.precision == Precision.MONTH
    assert (spec.earliest, spec.latest) == (utc(2016, 3, 1), utc(2016, 4, 1))


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("27.08", "not a clock time, and a date needs its year"),
        ("May 17,2019", "could not understand the number 2019"),
        ("1/2/3", "four digits"),
        ("12.2016", "could not understand the number 2016"),
    ],
)
def test_unclear_short_forms_are_refused(text, fragment):
    """dateutil read '27.08' as a time error, 'May 17,2019' as May 17 of the reference year
    and '1/2/3' as 2 Jan 2003."""
    for reference in (None, date(2016, 12, 14)):
        with pytest.raises(TimeParseError, match=fragment):
            parse_time(text, reference=reference)


@pytest.mark.parametrize("text", ["13/12/16", "13.12.16", "13 Dec 16", "Dec 13, 99", "13 Dec 1"])
def test_two_digit_years_are_refused(text):
    """dateutil puts '16' in 2016 and '99' in 1999: the century is a guess."""
    with pytest.raises(TimeParseError, match="four digits"):
        parse_time(text, day_first=True)


def test_1_2_3_with_an_order_is_still_refused_for_its_year():
    with pytest.raises(TimeParseError, match="four digits"):
        parse_time("1/2/3", day_first=True)


@pytest.mark.parametrize("abbreviation", ["EET", "AST", "CET", "IST", "EST"])
def test_unknown_zone_abbreviations_are_errors(abbreviation):
    """dateutil only warns and returns a naive time: EET/AST would be silently UTC."""
    with pytest.raises(TimeParseError, match="IANA"):
        parse_time(f"13 Dec 2016 22:00 {abbreviation}")


@pytest.mark.parametrize(
    "text",
    [
        "0000-01-01",
        "10000-01-01",
        "9999",
        "31 Dec 9999 23:59:59 -05:00",
        "99999",
        "1 Jan 0001 00:00 +05:00",
        "0001-01-01T00:00+05:00",
    ],
)
def test_years_outside_1_to_9999_give_a_clean_error(text):
    with pytest.raises(TimeParseError):
        parse_time(text)


def test_years_inside_the_range_work_at_both_ends():
    assert parse_time("0001-01-01").best == utc(1, 1, 1)
    # A day's bounds end at the next midnight, so the last whole day is 30 Dec 9999.
    assert parse_time("9999-12-30").best == utc(9999, 12, 30)
    assert parse_time("9999-12-31 12:00").best == utc(9999, 12, 31, 12)


@pytest.mark.parametrize(("year", "offset_hours"), [(2016, 2), (2021, 2), (2022, 3)])
def test_damascus_offsets_in_december_are_pinned(year, offset_hours):
    """Syria kept UTC+3 all year from late 2022; before that December was UTC+2 (tzdata)."""
    spec = parse_time(f"{year}-12-13 12:00", tz="Asia/Damascus")
    assert spec.best == utc(year, 12, 13, 12 - offset_hours)
    assert format_bounds(spec).startswith(f"{year}-12-13 12:00")


@pytest.mark.parametrize("text", ["Tuesday", "Tuesday night", "Tue 22:00", "yesterday"])
def test_a_weekday_or_relative_day_needs_a_reference_date(text):
    """Without the report's date, 'Tuesday' would be resolved against today."""
    with pytest.raises(TimeParseError, match="reference date"):
        parse_time(text)
    assert parse_time(text, reference=date(2016, 12, 14)).earliest.year == 2016


def test_naive_and_aware_references_give_the_same_day():
    """A naive reference must not be compared with aware times (TypeError) or shifted."""
    naive = parse_time("Tuesday", reference=datetime(2016, 12, 14, 12))
    aware = parse_time("Tuesday", reference=datetime(2016, 12, 14, 12, tzinfo=UTC))
    assert naive == aware
