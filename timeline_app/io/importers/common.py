"""What every importer shares: the result type, errors, progress, and building drafts safely.

Importers are pure Python (no Qt, no database): they turn a file into drafts and the caller
stores them in one transaction. A row that cannot become a valid draft is reported as a
SkippedRow ("where: reason") and never stored; a file that cannot be read at all raises
ImportFormatError naming the file and the problem.
"""

from __future__ import annotations

import contextlib
import csv
import gc
import zoneinfo
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path

from timeline_app.core.drafts import EventDraft, SourceDraft
from timeline_app.core.timespec import APPROX_MARGIN, Precision, TimeSpec
from timeline_app.core.validation import url_problem, validate_event_draft

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

#: How many rows pass between two progress reports / cancellation checks.
POLL_EVERY = 500


class ImportFormatError(ValueError):
    """The file cannot be read at all; the message names the file and where it went wrong."""


class ImportCancelled(Exception):
    """The user cancelled the import (the `cancelled` callback returned True)."""


@dataclass(frozen=True, slots=True)
class SkippedRow:
    where: str  # "row 12", "events[3] 'Ada Lovelace'", ...
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


@dataclass(slots=True)
class ImportResult:
    events: Sequence[EventDraft] = field(default_factory=list)
    """Valid drafts: a list, or EventRows (big tabular files), which builds them on demand
    and which `store_import` writes without building them."""
    categories: list[tuple[str, str | None]] = field(default_factory=list)  # (name, colour)
    skipped: list[SkippedRow] = field(default_factory=list)
    title: str = ""


class Collector:
    """Gathers drafts for one import: validates each, keeps categories in first-seen order."""

    def __init__(self, title: str = "") -> None:
        self._events: list[EventDraft] = []
        self.result = ImportResult(self._events, title=title)
        self._categories: dict[str, str | None] = {}

    def add(self, draft: EventDraft, where: str) -> bool:
        """Keep `draft` if it validates, else record why the row was skipped."""
        problems = validate_event_draft(draft)
        if problems:
            self.skip(where, "; ".join(str(p) for p in problems))
            return False
        self.keep(draft)
        return True

    def keep(self, draft: EventDraft) -> None:
        """Keep a draft the caller has validated itself (a fast path that caches parts)."""
        if draft.category and draft.category not in self._categories:
            self._categories[draft.category] = draft.category_color
        self._events.append(draft)

    def skip(self, where: str, reason: str) -> None:
        self.result.skipped.append(SkippedRow(where, reason))

    def category(self, name: str, color: str | None) -> None:
        """Declare a category (with its colour) even before an event uses it."""
        if name and (name not in self._categories or self._categories[name] is None):
            self._categories[name] = color

    def finish(self) -> ImportResult:
        self.result.categories = list(self._categories.items())
        return self.result


class Ticker:
    """Calls progress(done, total) and polls cancelled() every POLL_EVERY rows."""

    def __init__(self, progress: Progress | None, cancelled: Cancelled | None, total: int):
        self.progress, self.cancelled, self.total = progress, cancelled, total

    def poll(self, done: int) -> None:
        """Report `done` and raise ImportCancelled if the user asked to stop."""
        if self.progress is not None:
            self.progress(done, self.total)
        if self.cancelled is not None and self.cancelled():
            raise ImportCancelled("import cancelled")

    def tick(self, row: int, done: int | None = None) -> None:
        """Per-row call: cheap unless `row` is the first or a multiple of POLL_EVERY."""
        if row % POLL_EVERY == 0 or row == 1:
            self.poll(row if done is None else done)

    def end(self) -> None:
        if self.progress is not None:
            self.progress(self.total, self.total)


def zone_of(tz: str) -> tzinfo:
    """tzinfo for "UTC" or an IANA name; a wrong name is the caller's mistake (ValueError)."""
    if tz.upper() in ("UTC", "Z", "GMT"):
        return UTC
    try:
        return zoneinfo.ZoneInfo(tz)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {tz!r}") from None


def zone_label(tz: str) -> str:
    return "UTC" if tz.upper() in ("UTC", "Z", "GMT") else tz


_UNITS = {
    Precision.SECOND: timedelta(seconds=1),
    Precision.MINUTE: timedelta(minutes=1),
    Precision.HOUR: timedelta(hours=1),
    Precision.DAY: timedelta(days=1),
}


def period_spec(
    year: int,
    month: int | None = None,
    day: int | None = None,
    hour: int | None = None,
    minute: int | None = None,
    second: int | None = None,
    *,
    tz: str = "UTC",
    text: str = "",
    approximate: bool = False,
) -> TimeSpec:
    """The period named by the leading date/time parts given, read on the wall clock of `tz`.

    Precision follows the last part given (year only -> YEAR, ... seconds -> SECOND); bounds
    cover that unit ([start, start + unit)) and `best` is its start, as parse_time does. A part
    after a missing one (a day without a month) is a ValueError, so are impossible dates and
    years before 1 (our timeline cannot show them). `approximate` widens clock precisions by
    timespec.APPROX_MARGIN, the convention of hedged times.
    """
    parts = (month, day, hour, minute, second)
    given = 0
    while given < 5 and parts[given] is not None:
        given += 1
    for index in range(given + 1, 5):
        if parts[index] is not None:
            raise ValueError(f"a {_NAMES[index + 1]} is given without a {_NAMES[given + 1]}")
    if not 1 <= year <= 9998:
        raise ValueError(f"year {year} cannot be shown (only years 1 to 9998)")
    zone = zone_of(tz)
    local = datetime(year, month or 1, day or 1, hour or 0, minute or 0, second or 0)
    precision = _PRECISIONS[given]
    if precision == Precision.YEAR:
        end = local.replace(year=year + 1)
    elif precision == Precision.MONTH:
        end = datetime(year + local.month // 12, local.month % 12 + 1, 1)
    else:
        end = local + _UNITS[precision]
    try:
        lo = start = local.replace(tzinfo=zone).astimezone(UTC)
        hi = end.replace(tzinfo=zone).astimezone(UTC)
        if approximate and precision in APPROX_MARGIN:
            lo, hi = lo - APPROX_MARGIN[precision], hi + APPROX_MARGIN[precision]
    except OverflowError:
        raise ValueError(f"{local.date().isoformat()} is out of range in {tz}") from None
    return TimeSpec(start, lo, hi, precision, approximate, zone_label(tz), text)


_NAMES = ("year", "month", "day", "hour", "minute", "second")
_PRECISIONS = (
    Precision.YEAR, Precision.MONTH, Precision.DAY, Precision.HOUR, Precision.MINUTE,
    Precision.SECOND,
)  # fmt: skip


def http_url(value: str | None) -> str | None:
    """`value` if it is an http(s) link we may open later, else None (kept as text instead)."""
    value = (value or "").strip()
    if value and url_problem(value) is None:
        return value
    return None


def link_sources(links: list[tuple[str, str]], outlet: str = "") -> list[SourceDraft]:
    """One source per distinct http(s) link (href, visible text); other links stay text."""
    seen: dict[str, SourceDraft] = {}
    for href, label in links:
        url = http_url(href)
        if url and url not in seen:
            seen[url] = SourceDraft(outlet=outlet, title=label[:300], url=url)
    return list(seen.values())


def short_title(text: str, limit: int = 80) -> str:
    """The first line of `text`, cut at a word boundary near `limit` characters."""
    line = text.strip().split("\n", 1)[0].strip()
    if len(line) <= limit:
        return line
    cut = line[:limit].rsplit(" ", 1)[0].rstrip(" ,;:.-")
    return (cut or line[:limit]) + "…"


@contextlib.contextmanager
def big_csv_fields(limit: int = 64 * 1024 * 1024) -> Iterator[None]:
    """Let the csv module read cells larger than its 128 KiB default while we read.

    A huge cell then becomes a validation problem of its row ("longer than 20,000
    characters"), not a failure of the whole file. The limit is process-wide, so it is restored.
    """
    old = csv.field_size_limit()
    csv.field_size_limit(max(old, limit))
    try:
        yield
    finally:
        csv.field_size_limit(old)


@contextlib.contextmanager
def bulk_allocation() -> Iterator[None]:
    """Pause the cyclic garbage collector while a big file becomes drafts or rows.

    What is read survives until the import ends, so the collector's passes over the growing
    heap find nothing and cost about a quarter of the parse time (storing builds as many
    short-lived tuples); drafts and rows make no cycles.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def file_error(path: Path, problem: str) -> ImportFormatError:
    return ImportFormatError(f"{Path(path).name}: {problem}")
