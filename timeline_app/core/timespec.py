"""Uncertain time: parse what reports say into a best estimate with bounds, and format it back.

Conventions (the rest of the app relies on them):

* ``best``, ``earliest`` and ``latest`` are aware UTC datetimes. ``tz`` names the zone the text
  was read in (an IANA name, ``"UTC"``, or ``"UTC+03:00"`` when the text gave an offset), so a
  time can be shown back on the reporter's wall clock. Wall-clock text is converted with the
  zone's historical offset on that date (zoneinfo); in a DST gap or fold the first reading wins.
* Bounds are half-open: the time lies in ``[earliest, latest)``; ``latest`` is the exclusive end
  (a day ends at the next local midnight). Bounds cover the precision unit: "5am" is
  [05:00, 06:00), "22:00" is [22:00, 22:01), "22:00:30" is [22:00:30, 22:00:31).
* ``best`` is the start of calendar periods and clock times (analysts sort by the start), and the
  midpoint of parts of the day ("morning" -> 09:00) and of explicit ranges ("4-6am" -> 05:00).
* early / mid / late of a month are days 1-10, 11-20, 21-end; of a year Jan-Apr, May-Aug,
  Sep-Dec. Precision stays MONTH / YEAR, with the narrowed bounds.
* Parts of the day are the PARTS_OF_DAY table. Weekday names mean the nearest such day to the
  reference (at most 3 days before or after; the reference's own weekday is that day).
* Hedges ("about", "reportedly", "~", ...) set ``approximate``. For clock times only, the
  bounds are also widened by APPROX_MARGIN so they still certainly contain the time; ``best``
  never moves.
* Noise words ("on", "at", "by", "until", "since", "local time", ...) carry no meaning: the
  text is in the zone given unless it names an IANA zone or an offset ("+03:00", "UTC+3", "Z").
  A bare "-hh:mm" after a clock time is only an offset in ISO form ("2016-12-13T22:00-05:00");
  otherwise "22:00-23:00" is a range. "14.30" is a clock time.
* A clock time after a part of day that runs past midnight falls on the next day
  ("Tuesday night, 2am" is Wednesday 02:00). A date without a year takes the year that puts it
  nearest the reference. ``exact()`` makes a zero-width interval for instants known exactly.
* Nothing is guessed silently: ambiguous day/month order, unknown words, unknown zones and
  relative text without a reference date raise TimeParseError.
* ISO 8601 dates (2016-12-13, 20161213, 2016-12-13T22:00:30.5) are read first, with
  isoparse, and never reordered by ``day_first``. A numeric date whose day/month order is not
  set is refused when both readings are dates (03/04/2016, 12.07.2022), and one that does not
  fit the order set (13.07.2022 month first) is refused rather than swapped. Years are
  written in full: two-digit years (13/12/16, 1/2/3) and numbers dateutil would drop
  ("May 17,2019") are refused; "27.08" (no year, and not a time) too. Zone abbreviations
  (EET, AST) are errors. Years run from 1 to 9999 (a whole day or year must end by then).
"""

from __future__ import annotations

import calendar
import enum
import functools
import re
import warnings
import zoneinfo
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo

from dateutil import parser as du_parser


class Precision(enum.StrEnum):
    SECOND = "second"
    MINUTE = "minute"
    HOUR = "hour"
    PART_OF_DAY = "part_of_day"
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


class TimeParseError(ValueError):
    """The text could not be understood as a time, or could be read in more than one way."""


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MS = timedelta(milliseconds=1)

#: Part of day -> (start hour, end hour) on the anchor day; hours past 24 run into the next day.
#: Where two names share bounds, the first is the one used when formatting.
PARTS_OF_DAY: dict[str, tuple[int, int]] = {
    "early hours": (0, 6),  # "in the early hours of Wednesday"
    "early": (0, 8),  # "early on Tuesday", "early Tuesday"
    "early morning": (4, 8),
    "morning": (6, 12),
    "late morning": (9, 12),
    "midday": (11, 13),
    "noon": (11, 13),
    "early afternoon": (12, 15),
    "afternoon": (12, 18),
    "late afternoon": (15, 18),
    "early evening": (18, 20),
    "evening": (18, 22),
    "late evening": (20, 24),
    "late": (18, 24),  # "late on Tuesday", "late Tuesday"
    "night": (21, 30),  # "Tuesday night", "last night": 21:00 to 06:00 the next day
    "overnight": (21, 30),
    "late night": (22, 30),
}

#: How far a hedged clock time ("about 14:30") widens its bounds on each side.
APPROX_MARGIN: dict[Precision, timedelta] = {
    Precision.SECOND: timedelta(minutes=15),
    Precision.MINUTE: timedelta(minutes=15),
    Precision.HOUR: timedelta(minutes=30),
}

_UNIT = {Precision.SECOND: timedelta(seconds=1), Precision.MINUTE: timedelta(minutes=1)}
_UNIT[Precision.HOUR] = timedelta(hours=1)
_I = re.IGNORECASE
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_CLOCK = r"\d{1,2}(?::\d{2})?(?:\s*[ap]m)?"
_TO = r"\s*(?:-|\bto\b|\band\b|\buntil\b|\btill\b)\s*"
_FROM = r"(?:\b(?:between|from)\s+)?(?<![\d/.:-])"
_IANA_RE = re.compile(r"\b([A-Za-z]{2,}(?:[_-][A-Za-z]+)*/[A-Za-z][\w+-]*(?:/[A-Za-z][\w+-]*)?)")
_OFFSET = r"(?P<sign>[+-])(?P<hh>\d{1,2})(?::?(?P<mm>\d{2}))?(?::(?P<ss>\d{2}))?"
_UTC_RE = re.compile(rf"\b(?:UTC|GMT)(?:\s*{_OFFSET})?(?![\w:])", _I)
_ATTACHED_RE = re.compile(rf"(?P<clock>\d:\d{{2}}(?::\d{{2}}(?:[.,]\d+)?)?)(?P<gap>\s*){_OFFSET}")
_ZULU_RE = re.compile(r"(?<=\d)Z\b")
_HEDGE_RE = re.compile(
    r"~|(?<!\w)(?:approx\.?|approximately|about|around|circa|roughly|possibly|probably|"
    r"reportedly|allegedly|perhaps|ca?\.)(?!\w)",
    _I,
)
_CLOCK_RANGE_RE = re.compile(rf"{_FROM}({_CLOCK}){_TO}({_CLOCK})(?![\d/.:])", _I)
_ORD = r"(?:st|nd|rd|th)?"
_DAY_RANGE_RE = re.compile(
    rf"{_FROM}(\d{{1,2}}){_ORD}{_TO}(?=\d{{1,2}}{_ORD}\s+(?:of\s+)?{_MONTH})", _I
)
_THIRD_RE = re.compile(
    rf"\b(early|beginning of|start of|mid|middle of|late|end of)[\s-]*(?={_MONTH}|\d{{4}}\b)", _I
)
_THIRDS = {"early": 0, "beginning of": 0, "start of": 0, "mid": 1, "middle of": 1}
_PART_RE = re.compile(rf"\b({'|'.join(sorted(PARTS_OF_DAY, key=len, reverse=True))})\b", _I)
_SHIFT_RE = re.compile(r"\b(yesterday|today|tomorrow)\b", _I)
_WEEKDAY_RE = re.compile(
    r"\b(mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|"
    r"sat(?:urday)?|sun(?:day)?)\b\.?",
    _I,
)
_NOISE_RE = re.compile(
    r"\b(?:until|till|by|on|at|since|from|or|and|local\s+time|local|this|in|the|of|some\s*time)\b",
    _I,
)
#: An ISO 8601 date or date-time (zone already cut out): read with isoparse, never reordered.
_ISO_RE = re.compile(
    r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?|(?P<m2>\d{2})(?P<d2>\d{2}))?"
    r"(?:[T ](?P<hour>\d{2})(?::?(?P<minute>\d{2})(?::?(?P<second>\d{2})"
    r"(?:[.,](?P<frac>\d{1,6}))?)?)?)?"
)
_DOTTED_TIME_RE = re.compile(r"(?<![\d.:])(\d{1,2})\.(\d{2})(?![\d.])")
_NUMERIC_DATE_RE = re.compile(r"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})(?:\2(\d{2,4}))?(?![\d/.-])")
_SPACED_DATE_RE = re.compile(r"(?<![\d/.:-])(\d{1,2})(\s+)(\d{1,2})\2(\d{4})(?![\d/.:-])")
_JUMP = {"", "t", "of", "the", "and", "at", "on", "st", "nd", "rd", "th"}
_ABBREVIATION = "zone abbreviations are ambiguous; use an IANA name (Asia/Damascus) or +03:00"
_FIELDS = ("year", "month", "day", "hour", "minute", "second", "microsecond")
# Two defaults that differ in every field (both leap years): a field that comes out
# different between the two parses was filled in by dateutil, not read from the text.
_DEFAULTS = (datetime(2000, 1, 1, 0, 0, 0, 0), datetime(2004, 2, 2, 1, 1, 1, 1))


@dataclass(frozen=True, slots=True)
class TimeSpec:
    """A reported time: best estimate and the interval it certainly lies in, all UTC-aware."""

    best: datetime
    earliest: datetime
    latest: datetime
    precision: Precision
    approximate: bool = False
    tz: str = "UTC"
    text: str = ""

    def __post_init__(self) -> None:
        if any(v.tzinfo is None for v in (self.best, self.earliest, self.latest)):
            raise ValueError("TimeSpec needs aware datetimes")
        if not self.earliest <= self.best <= self.latest:
            raise ValueError(f"TimeSpec bounds out of order: {self.earliest} {self.best}")

    @property
    def best_ms(self) -> int:
        return to_ms(self.best)

    @property
    def earliest_ms(self) -> int:
        return to_ms(self.earliest)

    @property
    def latest_ms(self) -> int:
        return to_ms(self.latest)


def to_ms(value: datetime) -> int:
    """Epoch milliseconds of an aware datetime (naive counts as UTC); integer maths, no drift."""
    return ((value if value.tzinfo else value.replace(tzinfo=UTC)) - _EPOCH) // _MS


def from_ms(ms: int) -> datetime:
    """Aware UTC datetime for epoch milliseconds."""
    return _EPOCH + timedelta(milliseconds=ms)


def exact(dt: datetime, tz: str = "UTC") -> TimeSpec:
    """A precisely known instant (e.g. a machine timestamp): earliest == best == latest."""
    zone = _zone(tz)
    instant = (dt if dt.tzinfo else dt.replace(tzinfo=zone)).astimezone(UTC)
    return TimeSpec(instant, instant, instant, Precision.SECOND, tz=_zone_label(tz))


def timespec_from_columns(
    best_ms: int,
    earliest_ms: int,
    latest_ms: int,
    precision: str | Precision,
    approximate: bool | None,
    tz: str | None,
    text: str | None,
) -> TimeSpec:
    """Rebuild a TimeSpec from the columns it is stored in (inverse of the *_ms properties)."""
    return TimeSpec(
        from_ms(best_ms), from_ms(earliest_ms), from_ms(latest_ms), Precision(precision),
        bool(approximate), tz or "UTC", text or "",
    )  # fmt: skip


@dataclass(slots=True)
class _Reading:
    """What has been recognised in the text so far, before it is turned into an interval."""

    text: str
    approximate: bool = False
    third: int | None = None  # early/mid/late of a month or year
    part: str | None = None  # key of PARTS_OF_DAY
    shift: int | None = None  # yesterday/today/tomorrow
    weekday: int | None = None
    clock_range: tuple[timedelta, timedelta, Precision] | None = None
    first_day: int | None = None  # the 13 in "13-15 December"


def parse_time(
    text: str,
    *,
    reference: datetime | date | None = None,
    tz: str = "UTC",
    day_first: bool | None = None,
) -> TimeSpec:
    """Read a report's wording of a time; relative parts resolve against `reference`, in `tz`."""
    r = _Reading(text)
    s = re.sub(r"\b([ap])\.\s?m\b\.?", r"\1m", text.strip(), flags=_I)
    s = re.sub(r"[–—−]", "-", s).strip(" .,;")
    if not s:
        raise TimeParseError("empty")
    zone_name, s = _take_zone(s, tz)
    zone = _zone(zone_name)
    s, hedges = _HEDGE_RE.subn(" ", s)
    r.approximate = hedges > 0
    s = _take_ranges(s, r)
    s = _take_words(s, r)
    fields = _read_fields(_NOISE_RE.sub(" ", s), day_first, text)
    found = (r.part, r.clock_range, r.shift, r.weekday, r.first_day)
    if all(v is None for v in (*fields.values(), *found)):
        raise TimeParseError(f"no date or time found in {text!r}")
    ref = _reference_day(reference, zone)
    try:
        start, end, best, precision = _resolve(r, fields, ref)
        lo, hi = _to_utc(start, zone), _to_utc(end, zone)
        best_utc = lo + (hi - lo) / 2 if best is None else _to_utc(best, zone)
        if r.approximate and precision in APPROX_MARGIN:
            lo, hi = lo - APPROX_MARGIN[precision], hi + APPROX_MARGIN[precision]
    except TimeParseError:
        raise
    except (ValueError, OverflowError) as exc:  # e.g. the end of year 9999
        raise TimeParseError(f"{text!r} is out of range ({exc})") from None
    return TimeSpec(best_utc, lo, hi, precision, r.approximate, zone_name, text)


def _take_zone(s: str, default: str) -> tuple[str, str]:
    """Cut a zone or offset written in the text out of it; it overrides the caller's zone."""
    names: list[str] = []

    def iana(m: re.Match[str]) -> str:
        names.append(_canonical_zone(m[1]))
        return " "

    def offset(m: re.Match[str]) -> str:
        # "22:00-03:00" is a range as often as an offset: a bare minus counts only in ISO form.
        attached = "clock" in m.groupdict()
        if attached and m["sign"] == "-" and (m["gap"] or not re.search(r"\dT\d", s)):
            return m[0]
        names.append(_offset_label(m["sign"], m["hh"], m["mm"], m["ss"]))
        return m["clock"] if attached else " "

    s = _IANA_RE.sub(iana, s)
    s = _UTC_RE.sub(offset, s)
    s = _ATTACHED_RE.sub(offset, s)
    s, zulu = _ZULU_RE.subn("", s)
    names += ["UTC"] * zulu
    if len(set(names)) > 1:
        raise TimeParseError(f"more than one time zone in the text: {', '.join(names)}")
    return (names[0] if names else _zone_label(default)), s


def _offset_label(sign: str | None, hh: str | None, mm: str | None, ss: str | None) -> str:
    """'UTC+03:00' for an offset written in the text; a zero offset is plain 'UTC'."""
    if not sign:
        return "UTC"
    h, m, sec = int(hh or 0), int(mm or 0), int(ss or 0)
    if h > 23 or m > 59 or sec > 59:
        raise TimeParseError(f"impossible UTC offset {sign}{hh}:{mm or '00'}")
    if h == m == sec == 0:
        return "UTC"
    return f"UTC{sign}{h:02}:{m:02}" + (f":{sec:02}" if sec else "")


@functools.cache
def _zone_map() -> dict[str, str]:
    return {name.lower(): name for name in zoneinfo.available_timezones()}


def _canonical_zone(name: str) -> str:
    """The IANA spelling of a zone name typed in any case; unknown names are an error."""
    try:
        zoneinfo.ZoneInfo(name)
        return name
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        pass
    if name.lower() in _zone_map():
        return _zone_map()[name.lower()]
    raise TimeParseError(f"unknown time zone {name!r}")


def _zone_label(name: str) -> str:
    """Canonical label for a zone: 'UTC', 'UTC+03:00' or the IANA spelling."""
    m = re.fullmatch(rf"(?:UTC|GMT|Z)(?:{_OFFSET})?", name.strip(), _I)
    if m:
        return _offset_label(m["sign"], m["hh"], m["mm"], m["ss"])
    return _canonical_zone(name.strip())


@functools.cache
def _zone(name: str) -> tzinfo:
    """tzinfo for a zone label: 'UTC', 'UTC+03:00' (fixed) or an IANA name."""
    label = _zone_label(name)
    m = re.fullmatch(r"UTC([+-])(\d{2}):(\d{2})(?::(\d{2}))?", label)
    if label == "UTC":
        return UTC
    if m:
        delta = timedelta(hours=int(m[2]), minutes=int(m[3]), seconds=int(m[4] or 0))
        return timezone(-delta if m[1] == "-" else delta)
    return zoneinfo.ZoneInfo(label)


def _take_ranges(s: str, r: _Reading) -> str:
    """Cut "between 4 and 6am" / "from 04:00 to 06:00" / "13-15 December" out of the text."""
    for m in _CLOCK_RANGE_RE.finditer(s):
        a, b = m[1].lower(), m[2].lower()
        if ":" not in a + b and "m" not in a + b:
            continue  # "12-13" alone is not a clock range
        (h1, m1, mer1), (h2, m2, mer2) = _clock(a), _clock(b)
        if mer1 is None and mer2 is not None:  # "4-6am": the 4 is am too, but "11-1pm" is 11am
            mer1 = "am" if mer2 == "pm" and _hour24(h1, "pm") > _hour24(h2, "pm") else mer2
        start = timedelta(hours=_hour24(h1, mer1), minutes=m1)
        end = timedelta(hours=_hour24(h2, mer2), minutes=m2)
        precision = Precision.MINUTE if m1 or m2 else Precision.HOUR
        r.clock_range = (start, end, precision)
        return s[: m.start()] + " " + s[m.end() :]
    m = _DAY_RANGE_RE.search(s)
    if m:
        r.first_day = int(m[1])
        s = s[: m.start()] + " " + s[m.end() :]
    return s


def _clock(text: str) -> tuple[int, int, str | None]:
    m = re.fullmatch(r"(\d{1,2})(?::(\d{2}))?\s*([ap]m)?", text)
    assert m is not None  # the range regex only matches this shape
    if int(m[2] or 0) > 59:
        raise TimeParseError(f"impossible time {text!r}")
    return int(m[1]), int(m[2] or 0), m[3]


def _hour24(hour: int, meridiem: str | None) -> int:
    if meridiem is None:
        if hour > 24:
            raise TimeParseError(f"impossible hour {hour}")
        return hour
    if not 1 <= hour <= 12:
        raise TimeParseError(f"impossible hour {hour}{meridiem}")
    return hour % 12 + (12 if meridiem == "pm" else 0)


def _take_words(s: str, r: _Reading) -> str:
    """Cut early/mid/late, parts of day, yesterday/today/tomorrow and weekday names out."""
    m = _THIRD_RE.search(s)
    if m:
        r.third = _THIRDS.get(m[1].lower(), 2)
        s = s[: m.start()] + " " + s[m.end() :]
    s = re.sub(r"\btonight\b", "today night", s, flags=_I)
    s = re.sub(r"\blast\s+night\b", "yesterday night", s, flags=_I)
    parts = [p.lower() for p in _PART_RE.findall(s)]
    if len(parts) == 2 and parts[0] in ("early", "late") and " ".join(parts) in PARTS_OF_DAY:
        parts = [" ".join(parts)]  # "early on Wednesday morning" -> early morning
    shifts = [m.lower() for m in _SHIFT_RE.findall(s)]
    days = {d[:3].lower() for d in _WEEKDAY_RE.findall(s)}
    for what, found in (("part of day", parts), ("relative day", shifts), ("weekday", days)):
        if len(found) > 1:
            raise TimeParseError(f"more than one {what} in {r.text!r}: {', '.join(found)}")
    r.part = parts[0] if parts else None
    r.shift = ("yesterday", "today", "tomorrow").index(shifts[0]) - 1 if shifts else None
    r.weekday = (
        ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].index(days.pop()) if days else None
    )
    for regex in (_PART_RE, _SHIFT_RE, _WEEKDAY_RE):
        s = regex.sub(" ", s)
    return s


def _read_fields(s: str, day_first: bool | None, original: str) -> dict[str, int | None]:
    """Date/time fields the text really states (None = not stated), read with dateutil."""
    iso = _iso_fields(s.strip(), original)
    if iso is not None:
        return iso
    s = _DOTTED_TIME_RE.sub(functools.partial(_dotted_time, original=original), s)
    if not re.search(r"[^\W_]", s):
        return dict.fromkeys(_FIELDS)
    dayfirst = _day_first(s, day_first, original)
    results = []
    with warnings.catch_warnings():
        warnings.simplefilter("error", du_parser.UnknownTimezoneWarning)
        for default in _DEFAULTS:
            try:
                value, skipped = du_parser.parse(
                    s, default=default, dayfirst=dayfirst, fuzzy_with_tokens=True
                )
            except du_parser.UnknownTimezoneWarning:
                raise TimeParseError(f"{original!r}: {_ABBREVIATION}") from None
            except (ValueError, OverflowError) as exc:
                raise TimeParseError(f"could not understand {original!r} ({exc})") from None
            results.append(value)
    if results[0].tzinfo is not None:  # an abbreviation that happens to be this machine's zone
        raise TimeParseError(f"{original!r}: {_ABBREVIATION}")
    unknown = [t.strip(" ,.;:/-") for t in skipped]
    unknown = ", ".join(repr(t) for t in unknown if t.lower() not in _JUMP)
    if unknown:
        raise TimeParseError(f"could not understand {unknown} in {original!r}")
    a, b = results
    fields = {f: getattr(a, f) if getattr(a, f) == getattr(b, f) else None for f in _FIELDS}
    _check_year(s, fields["year"], original)
    return fields


def _iso_fields(s: str, original: str) -> dict[str, int | None] | None:
    """Fields of an ISO 8601 date or date-time (2016-12-13, 20161213, 2016-12-13T22:00:30.5),
    read with dateutil's isoparse and never reordered by day_first; None if `s` is not one."""
    m = _ISO_RE.fullmatch(s)
    if m is None or m["year"] is None:
        return None
    month, day = m["month"] or m["m2"], m["day"] or m["d2"]
    if m["hour"] is not None and day is None:
        return None  # "2016 12" is not ISO; let dateutil say what it is
    try:
        du_parser.isoparse(s.replace(",", "."))
    except (ValueError, OverflowError) as exc:
        raise TimeParseError(f"{original!r} is not a valid date ({exc})") from None
    fields: dict[str, int | None] = dict.fromkeys(_FIELDS)
    stated = (m["year"], month, day, m["hour"], m["minute"], m["second"])
    for name, value in zip(_FIELDS, stated, strict=False):  # microsecond: below
        fields[name] = None if value is None else int(value)
    if m["frac"] is not None:
        fields["microsecond"] = int(m["frac"].ljust(6, "0"))
    if fields["hour"] == 24:  # isoparse allows 24:00 as the end of the day
        raise TimeParseError(f"{original!r}: write 24:00 as 00:00 of the next day")
    return fields


def _dotted_time(m: re.Match[str], *, original: str) -> str:
    """ "14.30" is a clock time; "27.08" is neither a time nor a whole date: refuse it."""
    if int(m[1]) > 23 or int(m[2]) > 59:
        raise TimeParseError(
            f"{original!r}: {m[0]} is not a clock time, and a date needs its year "
            "(write 27.08.2016 or 27 Aug 2016; a time as 14:30)"
        )
    return f"{m[1]}:{m[2]}"


def _check_year(s: str, year: int | None, original: str) -> None:
    """Refuse two-digit years (dateutil silently picks a century) and years it dropped."""
    digits = re.findall(r"\d+", re.sub(r"(:\d\d)[.,]\d+", r"\1", s))  # no second fractions
    if year is None:
        dropped = [run for run in digits if len(run) >= 3]
        if dropped:
            raise TimeParseError(
                f"could not understand the number {dropped[0]} in {original!r} "
                "(write dates like 17 May 2019, May 17, 2019 or 2019-05-17)"
            )
        return
    if any(len(run) >= 3 and str(year) in run for run in digits):
        return
    if any(len(run) >= 3 and int(run) < 100 for run in digits):
        raise TimeParseError(
            f"{original!r}: years before 100 must be written as ISO dates (0050-12-13)"
        )
    raise TimeParseError(
        f"{original!r}: write the year in full with four digits (2016, not 16): "
        "a two-digit year could be in any century"
    )


def _day_first(s: str, day_first: bool | None, original: str) -> bool:
    """Day/month order for dateutil; refuse to guess when both readings are valid dates."""
    if re.search(r"\d{4}[/.-]\d{1,2}[/.-]\d{1,2}", s):
        return False  # year-first dates are always year-month-day
    m = _NUMERIC_DATE_RE.search(s) or _SPACED_DATE_RE.search(s)
    if m is None or (m[2] == "-" and m[4] is None):
        return bool(day_first)
    a, b = int(m[1]), int(m[3])
    if day_first is None and a <= 12 and b <= 12 and a != b:
        raise TimeParseError(
            f"{original!r} is ambiguous: it could be {a} {calendar.month_name[b]} or "
            f"{b} {calendar.month_name[a]}; set the day/month order (day first or month "
            "first) to resolve it"
        )
    if day_first is not None and (b if day_first else a) > 12:
        # dateutil would silently swap to the other order: 13.07.2022 read month first.
        order = "day first" if day_first else "month first"
        raise TimeParseError(
            f"{original!r} does not fit the day/month order set ({order}): there is no "
            f"month {b if day_first else a}"
        )
    return day_first if day_first is not None else a > 12


def _reference_day(reference: datetime | date | None, zone: tzinfo) -> date | None:
    if isinstance(reference, datetime):
        return (reference.astimezone(zone) if reference.tzinfo else reference).date()
    return reference


_Interval = tuple[datetime, datetime, datetime | None, Precision]


def _resolve(r: _Reading, f: dict[str, int | None], ref: date | None) -> _Interval:
    """Local wall-clock [start, end), best (None = midpoint) and precision of what was read."""
    has_clock = f["hour"] is not None or r.clock_range is not None or r.part is not None
    if f["day"] is None and (f["month"] or f["year"]):
        if has_clock or r.weekday is not None or r.shift is not None or r.first_day:
            raise TimeParseError(f"{r.text!r} gives a time of day or weekday but no day")
        return _period(r, f, ref)
    if r.third is not None:
        raise TimeParseError(f"early/mid/late in {r.text!r} needs a month or a year")
    if f["day"] is None:
        day = _anchor_day(r, ref)
    else:
        if f["month"] is None:
            raise TimeParseError(f"{r.text!r} gives a day of the month but no month")
        if r.shift is not None:
            raise TimeParseError(f"{r.text!r} gives both a date and yesterday/today/tomorrow")
        year = f["year"] or _nearest_year(r, ref, f["month"], f["day"])
        try:
            day = date(year, f["month"], f["day"])
        except ValueError as exc:
            raise TimeParseError(f"impossible date in {r.text!r}: {exc}") from None
        if r.weekday is not None and day.weekday() != r.weekday:
            raise TimeParseError(f"{r.text!r}: {day:%d %b %Y} is a {day:%A}")
    base = datetime.combine(day, time())
    if r.first_day is not None:
        if has_clock or not 1 <= r.first_day < day.day:
            raise TimeParseError(f"{r.text!r} is not a range of days")
        return base.replace(day=r.first_day), base + timedelta(days=1), None, Precision.DAY
    return _clock_time(r, f, base)


def _clock_time(r: _Reading, f: dict[str, int | None], base: datetime) -> _Interval:
    if f["hour"] is not None:
        if r.clock_range is not None:
            raise TimeParseError(f"{r.text!r} gives both a time and a range of times")
        if (
            r.part
            and f["hour"] < PARTS_OF_DAY[r.part][0]
            and f["hour"] + 24 < PARTS_OF_DAY[r.part][1]
        ):
            base += timedelta(days=1)  # "Tuesday night, 2am" is early Wednesday
        best = base.replace(hour=f["hour"], minute=f["minute"] or 0, second=f["second"] or 0)
        best = best.replace(microsecond=f["microsecond"] or 0)
        if f["second"] is not None:
            precision = Precision.SECOND
        else:
            precision = Precision.HOUR if f["minute"] is None else Precision.MINUTE
        start = best.replace(microsecond=0)
        return start, start + _UNIT[precision], best, precision
    if r.clock_range is not None:
        start, end, precision = r.clock_range
        end += timedelta(days=1) if end <= start else timedelta()
        return base + start, base + end, None, precision
    if r.part is not None:
        a, b = PARTS_OF_DAY[r.part]
        return base + timedelta(hours=a), base + timedelta(hours=b), None, Precision.PART_OF_DAY
    return base, base + timedelta(days=1), base, Precision.DAY


def _needs_reference(r: _Reading, ref: date | None) -> date:
    if ref is None:
        raise TimeParseError(
            f"{r.text!r} is relative: a reference date (the report's publication date) is needed"
        )
    return ref


def _anchor_day(r: _Reading, ref: date | None) -> date:
    """The day relative text means: yesterday/today/tomorrow, nearest weekday, else reference."""
    ref = _needs_reference(r, ref)
    day = ref
    if r.shift is not None:
        day = ref + timedelta(days=r.shift)
    elif r.weekday is not None:
        delta = (r.weekday - ref.weekday()) % 7
        day = ref + timedelta(days=delta - 7 if delta > 3 else delta)
    if r.weekday is not None and day.weekday() != r.weekday:
        raise TimeParseError(f"{r.text!r}: {day:%d %b %Y} is a {day:%A}")
    return day


def _nearest_year(r: _Reading, ref: date | None, month: int, day: int) -> int:
    """Year for a date written without one: the one closest to the reference date."""
    ref = _needs_reference(r, ref)
    candidates = []
    for year in (ref.year - 1, ref.year, ref.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            continue
    if not candidates:
        raise TimeParseError(f"impossible date in {r.text!r}")
    return min(candidates, key=lambda d: abs(d - ref)).year


def _period(r: _Reading, f: dict[str, int | None], ref: date | None) -> _Interval:
    """A month or a year, or its early/mid/late third."""
    if f["month"] is None:
        year = f["year"]
        assert year is not None
        cut = (1, 5, 9, 13) if r.third is None else (1, 5, 9, 13)[r.third : r.third + 2]
        start, end = _month_start(year, cut[0]), _month_start(year, cut[-1])
        return start, end, start, Precision.YEAR
    year = f["year"] or _nearest_year(r, ref, f["month"], 1)
    start, end = _month_start(year, f["month"]), _month_start(year, f["month"] + 1)
    if r.third is not None:  # days 1-10, 11-20, 21-end
        start = start.replace(day=(1, 11, 21)[r.third])
        end = end if r.third == 2 else start + timedelta(days=10)
    return start, end, start, Precision.MONTH


def _month_start(year: int, month: int) -> datetime:
    return datetime(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def _to_utc(local: datetime, zone: tzinfo) -> datetime:
    return local.replace(tzinfo=zone).astimezone(UTC)


def format_timespec(spec: TimeSpec, *, zone: str | None = None) -> str:
    """A label honest about precision, e.g. 'Tue 13 Dec 2016, late (18:00–24:00 EET)'.

    Clock times and parts of day are shown in `zone` (default: the zone they were reported in)
    with its abbreviation, or its name when it has none. Days, months and years keep the
    calendar they were reported in ("Dec 2016" in Damascus is not a UTC month); format_bounds
    gives the exact instants in any zone.
    """
    calendar_period = spec.precision in (Precision.DAY, Precision.MONTH, Precision.YEAR)
    name = _zone_label(zone if zone and not calendar_period else spec.tz)
    lo, best, hi = (v.astimezone(_zone(name)) for v in (spec.earliest, spec.best, spec.latest))
    if calendar_period:
        label = _calendar_label(Precision(spec.precision), lo.date(), hi)
    else:
        label = _clock_label(spec, lo, best, hi, name)
    return f"≈ {label}" if spec.approximate else label


def _calendar_label(precision: Precision, first: date, hi: datetime) -> str:
    last = (hi - timedelta(microseconds=1)).date()
    if precision == Precision.YEAR and (first.month, first.day, last.month, last.day) == (
        1, 1, 12, 31,
    ):  # fmt: skip
        return f"{first:%Y}"
    if precision == Precision.YEAR:
        return f"{first:%b}–{last:%b %Y}"
    same_month = (first.year, first.month) == (last.year, last.month)
    if precision == Precision.MONTH and same_month and first.day == 1 and hi.day == 1:
        return f"{first:%b %Y}"
    if first == last:
        return _day(first)
    return f"{first.day if same_month else _day(first)[4:]}–{_day(last)[4:]}"


def _clock_label(spec: TimeSpec, lo: datetime, best: datetime, hi: datetime, name: str) -> str:
    abbr = best.tzname() if (best.tzname() or "").isalpha() else name
    if spec.precision == Precision.PART_OF_DAY:
        hours = (lo.hour, (hi.date() - lo.date()).days * 24 + hi.hour)
        names = [k for k, v in PARTS_OF_DAY.items() if v == hours and not lo.minute]
        end = "24:00" if hours[1] == 24 and not hi.minute else f"{hi:%H:%M}"
        prefix = f"{_day(lo)}, {names[0]}" if names else _day(lo)
        return f"{prefix} ({lo:%H:%M}–{end} {abbr})"
    fmt = "%H:%M:%S" if spec.precision == Precision.SECOND else "%H:%M"
    if spec.approximate or spec.latest - spec.earliest <= _UNIT[Precision(spec.precision)]:
        return f"{_day(best)} {best:{fmt}} ({abbr})"
    return f"{_day(lo)} {lo:{fmt}}–{hi:{fmt}} ({abbr})"


def _day(value: date) -> str:
    return f"{value:%a} {value.day} {value:%b %Y}"


def format_bounds(spec: TimeSpec, zone: str | None = None) -> str:
    """The certain interval, e.g. '2016-12-13 18:00 – 2016-12-14 00:00 Asia/Damascus'."""
    name = _zone_label(zone or spec.tz)
    fmt = "%Y-%m-%d %H:%M:%S" if spec.precision == Precision.SECOND else "%Y-%m-%d %H:%M"
    lo, hi = (v.astimezone(_zone(name)) for v in (spec.earliest, spec.latest))
    return f"{lo:{fmt}} – {hi:{fmt}} {name}"
