"""Builders and fixtures for the store tests: readable drafts, fresh timeline files.

`an_event(title=..., start="2016-12-13T22:00:00+02:00")` builds an EventDraft the way a
dialog would; times are ISO strings (no dependency on parse_time).
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from timeline_app.core import store as st
from timeline_app.core.drafts import CitationDraft, EventDraft, SourceDraft
from timeline_app.core.timespec import Precision, TimeSpec

HOUR = 3_600_000
DAY = 24 * HOUR


def a_time(
    iso: str,
    *,
    plus_minus: timedelta = timedelta(0),
    precision: Precision = Precision.MINUTE,
    tz: str = "Asia/Damascus",
    text: str = "",
) -> TimeSpec:
    """A TimeSpec at `iso` (best estimate) with symmetric uncertainty."""
    best = datetime.fromisoformat(iso).astimezone(UTC)
    return TimeSpec(
        best=best,
        earliest=best - plus_minus,
        latest=best + plus_minus,
        precision=precision,
        approximate=bool(plus_minus),
        tz=tz,
        text=text or iso,
    )


def a_source(outlet: str = "Reuters", **kwargs) -> SourceDraft:
    return SourceDraft(outlet=outlet, **kwargs)


def a_citation(source: SourceDraft | None = None, **kwargs) -> CitationDraft:
    return CitationDraft(source=source or a_source(), **kwargs)


def an_event(
    title: str = "Airstrike on Al-Quds hospital",
    *,
    start: str = "2016-12-13T22:00:00+02:00",
    end: str | None = None,
    plus_minus: timedelta = timedelta(0),
    **kwargs,
) -> EventDraft:
    """An EventDraft as a dialog would hand it to the store."""
    return EventDraft(
        title=title,
        start=a_time(start, plus_minus=plus_minus),
        end=a_time(end) if end else None,
        **kwargs,
    )


def a_rich_event(n: int = 0) -> EventDraft:
    """An event with a category, location, actors, tags and two disagreeing citations."""
    return an_event(
        f"Shelling of district {n}",
        start=f"2016-12-{1 + n % 28:02d}T{n % 24:02d}:30:00+02:00",
        category=("Shelling", "Airstrikes", "Evacuation")[n % 3],
        location_name=f"District {n % 7}",
        lat=36.2,
        lon=37.15,
        actors=[("SAA", "attacker"), (f"Brigade {n % 5}", "defender")],
        tags=["hospital", f"week{n % 4}"],
        citations=[
            a_citation(
                a_source("Reuters", title=f"Report {n}", url=f"https://r.example/{n}"),
                quote=f"Witnesses said {n}",
                stance="supports",
                credibility=2,
            ),
            a_citation(a_source("SANA", title="Denial", reliability="E"), stance="contradicts"),
        ],
        description=f"Long description {n} " * 20,
    )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def neighbours(path: Path) -> set[str]:
    """Every file in the folder of `path` (to catch stray -wal/-shm/temp files)."""
    return {p.name for p in path.parent.iterdir()}


def sqlite_value(path: Path, sql: str) -> object:
    """One value read through an immutable read-only connection (changes nothing)."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


@pytest.fixture
def store(tmp_path: Path):
    """A new, empty timeline file, open for writing."""
    s = st.TimelineStore.create(tmp_path / "timeline.ctl")
    yield s
    s.close()


@pytest.fixture
def timeline_file(tmp_path: Path) -> Path:
    """A closed timeline file holding 40 rich events."""
    path = tmp_path / "aleppo.ctl"
    with st.TimelineStore.create(path) as s, s.write() as session:
        for n in range(40):
            st.add_event(session, a_rich_event(n))
    assert not Path(f"{path}-wal").exists()
    return path


def flip_middle_pages(path: Path) -> None:
    """Damage a file the way a bad disk would: invert every byte of its middle pages."""
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big") or 65536
    pages = len(data) // page
    assert pages >= 6, "need a file with some pages to damage"
    for number in range(2, pages - 1):
        for i in range(number * page, number * page + page):
            data[i] ^= 0xFF
    path.write_bytes(bytes(data))


@pytest.fixture
def held_file_check(monkeypatch) -> threading.Event:
    """The background file check waits until the returned event is set (at most 10 s)."""
    from timeline_app.core import store_verify

    release = threading.Event()
    real = store_verify.quick_check

    def slow_check(conn):
        release.wait(10)
        return real(conn)

    monkeypatch.setattr(store_verify, "quick_check", slow_check)
    return release
