"""Uncertain time: parse what reports say into a best estimate with bounds, and format it back.

INTERFACE STUB: to be implemented (see tests/core/test_timespec.py).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import UTC, date, datetime


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
    """Epoch milliseconds of an aware datetime."""
    return int(value.timestamp() * 1000) if value.tzinfo else int(
        value.replace(tzinfo=UTC).timestamp() * 1000
    )


def from_ms(ms: int) -> datetime:
    """Aware UTC datetime for epoch milliseconds."""
    return datetime.fromtimestamp(ms / 1000, tz=UTC)


def parse_time(
    text: str,
    *,
    reference: datetime | date | None = None,
    tz: str = "UTC",
    day_first: bool | None = None,
) -> TimeSpec:
    raise NotImplementedError
