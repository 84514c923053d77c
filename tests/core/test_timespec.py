"""Parsing and formatting of reported times (timeline_app.core.timespec).

The reference date is 14 Dec 2016 (a Wednesday), the publication date of the Aleppo report;
the default zone is Asia/Damascus. Expected instants are written as Damascus wall-clock times
and converted with zoneinfo, so they use the real historical offset (UTC+2, EET, in Dec 2016).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline_app.core.timespec import (
    PARTS_OF_DAY,
    Precision,
    TimeParseError,
    TimeSpec,
    exact,
    format_bounds,
    format_timespec,
    from_ms,
    parse_time,
    timespec_from_columns,
    to_ms,
)

DAMASCUS = ZoneInfo("Asia/Damascus")
REF = date(2016, 12, 14)  # Wednesday
P = Precision


def dam(*args: int) -> datetime:
    """A Damascus wall-clock time as an aware UTC datetime."""
    return datetime(*args, tzinfo=DAMASCUS).astimezone(UTC)


def d(day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    """Damascus wall-clock time in December 2016 (day 32 = 1 Jan 2017), as UTC."""
    base = datetime(2016, 12, 1, tzinfo=DAMASCUS) + timedelta(days=day - 1)
    return (base + timedelta(hours=hour, minutes=minute, seconds=second)).astimezone(UTC)


def parse(text: str, **kwargs) -> TimeSpec:
    kwargs.setdefault("reference", REF)
    kwargs.setdefault("tz", "Asia/Damascus")
    return parse_time(text, **kwargs)


CASES = [
    # text, best, earliest, latest, precision, approximate
    ("2016-12-13", d(13), d(13), d(14), P.DAY, False),
    ("2016-12-13T22:00", d(13, 22), d(13, 22), d(13, 22, 1), P.MINUTE, False),
    ("2016-12-13 22:00:30", d(13, 22, 0, 30), d(13, 22, 0, 30), d(13, 22, 0, 31), P.SECOND, False),
    ("13 December 2016", d(13), d(13), d(14), P.DAY, False),
    ("December 13, 2016", d(13), d(13), d(14), P.DAY, False),
    ("on the 13th of December 2016", d(13), d(13), d(14), P.DAY, False),
    ("Tue 13 Dec 2016", d(13), d(13), d(14), P.DAY, False),
    ("13 December", d(13), d(13), d(14), P.DAY, False),
    ("13/04/2016", dam(2016, 4, 13), dam(2016, 4, 13), dam(2016, 4, 14), P.DAY, False),
    ("13 Dec 2016 22:00", d(13, 22), d(13, 22), d(13, 22, 1), P.MINUTE, False),
    ("2016-12", d(1), d(1), d(32), P.MONTH, False),
    ("December 2016", d(1), d(1), d(32), P.MONTH, False),
    ("2016", dam(2016, 1, 1), dam(2016, 1, 1), dam(2017, 1, 1), P.YEAR, False),
    ("5am local time", d(14, 5), d(14, 5), d(14, 6), P.HOUR, False),
    ("5 a.m.", d(14, 5), d(14, 5), d(14, 6), P.HOUR, False),
    ("05:00", d(14, 5), d(14, 5), d(14, 5, 1), P.MINUTE, False),
    ("at 14.30", d(14, 14, 30), d(14, 14, 30), d(14, 14, 31), P.MINUTE, False),
    ("Wednesday morning", d(14, 9), d(14, 6), d(14, 12), P.PART_OF_DAY, False),
    ("late on Tuesday", d(13, 21), d(13, 18), d(14), P.PART_OF_DAY, False),
    ("late Tuesday", d(13, 21), d(13, 18), d(14), P.PART_OF_DAY, False),
    ("early on Tuesday", d(13, 4), d(13), d(13, 8), P.PART_OF_DAY, False),
    ("Tuesday night", d(14, 1, 30), d(13, 21), d(14, 6), P.PART_OF_DAY, False),
    ("last night", d(14, 1, 30), d(13, 21), d(14, 6), P.PART_OF_DAY, False),
    ("tonight", d(15, 1, 30), d(14, 21), d(15, 6), P.PART_OF_DAY, False),
    ("this afternoon", d(14, 15), d(14, 12), d(14, 18), P.PART_OF_DAY, False),
    ("in the early hours of Wednesday", d(14, 3), d(14), d(14, 6), P.PART_OF_DAY, False),
    ("early on Wednesday morning", d(14, 6), d(14, 4), d(14, 8), P.PART_OF_DAY, False),
    ("Tuesday night, 2am", d(14, 2), d(14, 2), d(14, 3), P.HOUR, False),
    ("possibly until Thursday", d(15), d(15), d(16), P.DAY, True),
    ("yesterday", d(13), d(13), d(14), P.DAY, False),
    ("today", d(14), d(14), d(15), P.DAY, False),
    ("tomorrow", d(15), d(15), d(16), P.DAY, False),
    ("early December 2016", d(1), d(1), d(11), P.MONTH, False),
    ("mid December 2016", d(11), d(11), d(21), P.MONTH, False),
    ("mid-December 2016", d(11), d(11), d(21), P.MONTH, False),
    ("late December 2016", d(21), d(21), d(32), P.MONTH, False),
    ("early 2016", dam(2016, 1, 1), dam(2016, 1, 1), dam(2016, 5, 1), P.YEAR, False),
    ("mid 2016", dam(2016, 5, 1), dam(2016, 5, 1), dam(2016, 9, 1), P.YEAR, False),
    ("late 2016", dam(2016, 9, 1), dam(2016, 9, 1), dam(2017, 1, 1), P.YEAR, False),
    ("between 4 and 6am", d(14, 5), d(14, 4), d(14, 6), P.HOUR, False),
    ("between 4am and 6am", d(14, 5), d(14, 4), d(14, 6), P.HOUR, False),
    ("4-6am", d(14, 5), d(14, 4), d(14, 6), P.HOUR, False),
    ("4–6 a.m.", d(14, 5), d(14, 4), d(14, 6), P.HOUR, False),
    ("from 04:00 to 06:00", d(14, 5), d(14, 4), d(14, 6), P.HOUR, False),
    ("from 22:00 to 02:00", d(15), d(14, 22), d(15, 2), P.HOUR, False),
    ("between 11 and 1pm", d(14, 12), d(14, 11), d(14, 13), P.HOUR, False),
    ("13-15 December 2016", d(14, 12), d(13), d(16), P.DAY, False),
    ("approx. 14:30", d(14, 14, 30), d(14, 14, 15), d(14, 14, 46), P.MINUTE, True),
    ("around 5am", d(14, 5), d(14, 4, 30), d(14, 6, 30), P.HOUR, True),
    ("~ 2016", dam(2016, 1, 1), dam(2016, 1, 1), dam(2017, 1, 1), P.YEAR, True),
    ("c. 13 Dec 2016", d(13), d(13), d(14), P.DAY, True),
    ("reportedly on 13 December 2016", d(13), d(13), d(14), P.DAY, True),
    ("since about Tuesday", d(13), d(13), d(14), P.DAY, True),
    ("sometime on Tuesday", d(13), d(13), d(14), P.DAY, False),
    ("the night of 12 December 2016", d(13, 1, 30), d(12, 21), d(13, 6), P.PART_OF_DAY, False),
    ("the evening of 13 December", d(13, 20), d(13, 18), d(13, 22), P.PART_OF_DAY, False),
    ("13 Dec 2016, 5-7pm", d(13, 18), d(13, 17), d(13, 19), P.HOUR, False),
    ("at 2:30pm on Tuesday", d(13, 14, 30), d(13, 14, 30), d(13, 14, 31), P.MINUTE, False),
    ("5pm yesterday", d(13, 17), d(13, 17), d(13, 18), P.HOUR, False),
    ("12/13/2016", d(13), d(13), d(14), P.DAY, False),
    ("13.12.2016", d(13), d(13), d(14), P.DAY, False),
    ("January", dam(2017, 1, 1), dam(2017, 1, 1), dam(2017, 2, 1), P.MONTH, False),
]


@pytest.mark.parametrize(("text", "best", "earliest", "latest", "precision", "approx"), CASES)
def test_parse_table(text, best, earliest, latest, precision, approx):
    """A report's wording would land at the wrong instant or with the wrong uncertainty."""
    spec = parse(text)
    assert (spec.best, spec.earliest, spec.latest) == (best, earliest, latest)
    assert spec.precision == precision
    assert spec.approximate is approx
    assert spec.text == text
    assert spec.tz == "Asia/Damascus"
    assert spec.earliest <= spec.best <= spec.latest


def test_known_utc_values_for_the_aleppo_report():
    """Times from the Aleppo report would be plotted two hours off (Damascus was UTC+2 then)."""
    spec = parse("late on Tuesday")
    assert spec.earliest == datetime(2016, 12, 13, 16, 0, tzinfo=UTC)
    assert spec.latest == datetime(2016, 12, 13, 22, 0, tzinfo=UTC)
    assert parse("5am local time").best == datetime(2016, 12, 14, 3, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("weekday", "day"),
    [
        ("Sunday", 11),
        ("Monday", 12),
        ("Tuesday", 13),
        ("Wednesday", 14),
        ("Thursday", 15),
        ("Friday", 16),
        ("Saturday", 17),
        ("Sat", 17),
        ("Thurs.", 15),
    ],
)
def test_weekday_is_nearest_to_reference(weekday, day):
    """'Tuesday' in a Wednesday report would jump to next week instead of the day before."""
    spec = parse(weekday)
    assert spec.earliest == d(day)
    assert spec.precision == P.DAY


def test_weekday_nearest_follows_reference_not_today():
    """Relative days would be resolved against today rather than the report's date."""
    assert parse("Monday", reference=date(2016, 12, 9)).earliest == d(12)  # Fri -> next Mon
    assert parse("Monday", reference=date(2016, 12, 15)).earliest == d(12)  # Thu -> last Mon
    ref_dt = datetime(2016, 12, 13, 23, 30, tzinfo=UTC)  # already Wed 14th in Damascus
    assert parse("today", reference=ref_dt).earliest == d(14)


@pytest.mark.parametrize(
    ("text", "utc"),
    [
        ("2010-07-01 12:00", datetime(2010, 7, 1, 9, 0, tzinfo=UTC)),  # summer time, +03
        ("2016-12-13 12:00", datetime(2016, 12, 13, 10, 0, tzinfo=UTC)),  # winter, +02
        ("2023-01-15 12:00", datetime(2023, 1, 15, 9, 0, tzinfo=UTC)),  # permanent +03 since 2022
    ],
)
def test_historical_offsets(text, utc):
    """Damascus times would be converted with today's offset instead of the one in force then."""
    spec = parse(text)
    assert spec.best == utc
    wall = datetime.fromisoformat(text).replace(tzinfo=DAMASCUS)
    assert spec.best == wall.astimezone(UTC)


@pytest.mark.parametrize(
    ("text", "utc", "tz"),
    [
        ("14:30 UTC", datetime(2016, 12, 14, 14, 30, tzinfo=UTC), "UTC"),
        ("2016-12-13T22:00+02:00", datetime(2016, 12, 13, 20, 0, tzinfo=UTC), "UTC+02:00"),
        ("2016-12-13T22:00Z", datetime(2016, 12, 13, 22, 0, tzinfo=UTC), "UTC"),
        ("2016-12-13T22:00-05:00", datetime(2016, 12, 14, 3, 0, tzinfo=UTC), "UTC-05:00"),
        ("13 Dec 2016 22:00 +03:00", datetime(2016, 12, 13, 19, 0, tzinfo=UTC), "UTC+03:00"),
        ("13 Dec 2016 22:00 GMT+3", datetime(2016, 12, 13, 19, 0, tzinfo=UTC), "UTC+03:00"),
        ("13 Dec 2016 22:00 Europe/London", datetime(2016, 12, 13, 22, 0, tzinfo=UTC),
         "Europe/London"),
        ("13 Dec 2016 22:00 asia/damascus", datetime(2016, 12, 13, 20, 0, tzinfo=UTC),
         "Asia/Damascus"),
    ],
)  # fmt: skip
def test_zone_in_text_overrides_setting(text, utc, tz):
    """A time written with its own zone or offset would be read in the project zone instead."""
    spec = parse(text, tz="America/New_York")
    assert spec.best == utc
    assert spec.tz == tz


def test_utc_default_and_reference_free_absolute_dates():
    """Absolute dates would demand a reference date, or the default zone would not be UTC."""
    spec = parse_time("2016-12-13 22:00")
    assert spec.best == datetime(2016, 12, 13, 22, 0, tzinfo=UTC)
    assert spec.tz == "UTC"


def test_clock_range_is_not_mistaken_for_an_offset():
    """'22:00-23:00' would be read as 22:00 at UTC-23:00 instead of a one-hour range."""
    spec = parse("13 Dec 2016 22:00-23:00")
    assert (spec.earliest, spec.latest) == (d(13, 22), d(13, 23))


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [({"day_first": True}, dam(2016, 4, 3)), ({"day_first": False}, dam(2016, 3, 4))],
)
def test_day_first_setting_decides_ambiguous_dates(kwargs, expected):
    """The day/month order setting would be ignored for dates like 03/04/2016."""
    assert parse("03/04/2016", **kwargs).earliest == expected


def test_ambiguous_numeric_date_is_refused():
    """03/04/2016 would silently become 4 March (or 3 April) instead of asking the user."""
    with pytest.raises(TimeParseError) as info:
        parse("03/04/2016")
    message = str(info.value)
    assert "ambiguous" in message
    assert "3 April" in message and "4 March" in message
    assert "day/month order" in message


def test_iso_dates_ignore_day_first():
    """Setting day-first would swap month and day in ISO dates like 2016-04-03."""
    assert parse("2016-04-03", day_first=True).earliest == dam(2016, 4, 3)


@pytest.mark.parametrize("text", ["Wednesday morning", "5am", "13 December", "yesterday"])
def test_relative_text_needs_a_reference(text):
    """Relative times would silently resolve against today when the source has no date."""
    with pytest.raises(TimeParseError, match="reference date"):
        parse_time(text, tz="Asia/Damascus")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("the day the music died", "'the day the music died'"),
        ("13 Dec 2016 banana", "banana"),
        ("reportedly", "no date or time"),
        ("between 4 and 6", "between"),
        ("13 Dec 2016 22:00 EET", "IANA"),
        ("13 Dec 2016 22:00 Mars/Olympus", "Mars/Olympus"),
        ("Tue 14 Dec 2016", "Wednesday"),
        ("25pm", "'25pm'"),
        ("4-6pm and 8pm", "both a time and a range"),
        ("31 February 2016", "31 February 2016"),
        ("Monday morning evening", "more than one"),
        ("13th", "no month"),
        ("late December 2016 22:00", "time of day"),
        ("14:30 UTC Asia/Damascus", "more than one time zone"),
    ],
)
def test_unparseable_text_is_reported(text, fragment):
    """Unreadable text would be stored as a wrong time instead of being shown back to the user."""
    with pytest.raises(TimeParseError) as info:
        parse(text)
    assert fragment in str(info.value)


@pytest.mark.parametrize("text", ["", "   ", " ,. "])
def test_empty_text(text):
    """An empty time field would be accepted as some default date."""
    with pytest.raises(TimeParseError, match="empty"):
        parse(text)


def test_unknown_zone_setting_is_named():
    """A mistyped project zone would fall back to UTC without telling anyone."""
    with pytest.raises(TimeParseError, match="Mars/Base"):
        parse("2016-12-13", tz="Mars/Base")


def test_error_is_a_value_error():
    """Callers catching ValueError for bad input would miss time parse failures."""
    assert issubclass(TimeParseError, ValueError)


@given(
    st.datetimes(
        min_value=datetime(1900, 1, 1),
        max_value=datetime(2100, 1, 1),
        timezones=st.timezones(),
    )
)
def test_iso_round_trip(dt):
    """An exact ISO timestamp from a feed would not land on its own instant."""
    spec = parse_time(dt.isoformat())
    instant = (dt.replace(tzinfo=None) - dt.utcoffset()).replace(tzinfo=UTC)
    assert spec.best == instant
    assert spec.earliest <= spec.best <= spec.latest
    assert spec.precision == P.SECOND


WORDS = [
    "between", "and", "4", "6am", "late", "early", "on", "Tuesday", "night", "13", "Dec", "2016",
    "14:30", "UTC", "+03:00", "-", "/", "03", "approx.", "mid", "yesterday", "morning", "9999",
    "Asia/Damascus", "T", "Z", "24:00", "from", "to", "~", "2016-12-13", "22:00:30", "31", ",",
]  # fmt: skip


@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=6), st.sampled_from([" ", ""]))
def test_any_text_parses_or_raises_time_parse_error(words, sep):
    """Odd input would crash the dialog with a raw exception instead of a readable message."""
    try:
        spec = parse(sep.join(words))
    except TimeParseError:
        return
    assert spec.earliest <= spec.best <= spec.latest
    assert format_timespec(spec, zone="UTC") and format_bounds(spec)


@given(st.integers(min_value=-(10**13), max_value=10**13))
def test_ms_round_trip(ms):
    """Stored times would drift by a millisecond on every save and load."""
    assert to_ms(from_ms(ms)) == ms


@pytest.mark.parametrize("text", [c[0] for c in CASES])
def test_columns_round_trip(text):
    """A time would come back from the database different from what was saved."""
    spec = parse(text)
    stored = (spec.best_ms, spec.earliest_ms, spec.latest_ms, str(spec.precision))
    back = timespec_from_columns(*stored, spec.approximate, spec.tz, spec.text)
    assert back == spec


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("late on Tuesday", "Tue 13 Dec 2016, late (18:00–24:00 EET)"),
        ("Tuesday night", "Tue 13 Dec 2016, night (21:00–06:00 EET)"),
        ("5am local time", "Wed 14 Dec 2016 05:00 (EET)"),
        ("13 Dec 2016 22:00:30", "Tue 13 Dec 2016 22:00:30 (EET)"),
        ("between 4 and 6am", "Wed 14 Dec 2016 04:00–06:00 (EET)"),
        ("approx. 14:30", "≈ Wed 14 Dec 2016 14:30 (EET)"),
        ("13 December 2016", "Tue 13 Dec 2016"),
        ("13-15 December 2016", "13–15 Dec 2016"),
        ("December 2016", "Dec 2016"),
        ("early December 2016", "1–10 Dec 2016"),
        ("2016", "2016"),
        ("early 2016", "Jan–Apr 2016"),
        ("c. 2016", "≈ 2016"),
        ("2023-01-15 12:00", "Sun 15 Jan 2023 12:00 (Asia/Damascus)"),
        ("2016-12-13T22:00+03:00", "Tue 13 Dec 2016 22:00 (UTC+03:00)"),
    ],
)
def test_format_is_honest_about_precision(text, label):
    """Labels would claim more (or less) precision than the report gave."""
    assert format_timespec(parse(text)) == label


def test_format_in_another_zone():
    """Showing a time in a chosen zone would keep the old wall clock or drop the zone label."""
    spec = parse("late on Tuesday")
    assert format_timespec(spec, zone="UTC") == "Tue 13 Dec 2016 (16:00–22:00 UTC)"
    assert format_bounds(spec) == "2016-12-13 18:00 – 2016-12-14 00:00 Asia/Damascus"
    assert format_bounds(spec, zone="UTC") == "2016-12-13 16:00 – 2016-12-13 22:00 UTC"
    month = parse("December 2016")
    assert format_timespec(month, zone="UTC") == "Dec 2016"  # named in its own calendar
    assert format_bounds(month, zone="UTC") == "2016-11-30 22:00 – 2016-12-31 22:00 UTC"


@pytest.mark.parametrize(
    "text", ["13 December 2016", "2016-12-13", "Dec 2016", "2016", "13 Dec 2016 22:00"]
)
def test_label_parses_back(text):
    """A label the app shows could not be typed back in to get the same time."""
    spec = parse(text)
    label = format_timespec(spec).replace(" (EET)", "")
    again = parse(label)
    assert (again.best, again.earliest, again.latest, again.precision) == (
        spec.best,
        spec.earliest,
        spec.latest,
        spec.precision,
    )


def test_exact_instant():
    """Machine timestamps would get an uncertainty band they do not have."""
    spec = exact(datetime(2016, 12, 13, 22, 0), tz="Asia/Damascus")
    assert spec.best == spec.earliest == spec.latest == d(13, 22)
    assert spec.tz == "Asia/Damascus"
    assert format_timespec(spec) == "Tue 13 Dec 2016 22:00:00 (EET)"
    aware = datetime(2016, 12, 13, 22, 0, tzinfo=timezone(timedelta(hours=3)))
    assert exact(aware).best == datetime(2016, 12, 13, 19, 0, tzinfo=UTC)


def test_timespec_rejects_naive_or_disordered_values():
    """A malformed time would reach the database and break its bounds constraint."""
    t = datetime(2016, 12, 13, tzinfo=UTC)
    with pytest.raises(ValueError):
        TimeSpec(t.replace(tzinfo=None), t, t, P.DAY)
    with pytest.raises(ValueError):
        TimeSpec(t, t + timedelta(hours=1), t + timedelta(hours=2), P.DAY)


def test_parts_of_day_table_is_documented_and_sane():
    """A part of day would have an empty or backwards interval."""
    assert PARTS_OF_DAY["morning"] == (6, 12)
    assert all(0 <= a < b <= 30 for a, b in PARTS_OF_DAY.values())
