"""Seeded benchmark data: N events over five years in 12 categories, as ACLED CSV and as .ctl.

The scenario of issue 6 (the one the vis-timeline figures were measured with): events spread
uniformly over 2012-2016, 12 categories, 70% points and 30% spans of 1 hour to 30 days,
titles of about 20 characters ("<kind> in <place>"), 1-3 sources each, one actor and one tag.
The same seed gives the same events in both files.

The .ctl is written directly (the schema from `TimelineStore.create`, then plain sqlite3
executemany in one transaction), because going through the importer at 1M rows is what
`import_rows_per_s` measures, not what every benchmark run should wait for. Rows are written
in start order, as an import of a date-sorted export (ACLED's own order) leaves them.
"""

from __future__ import annotations

import csv
import os
import random
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from timeline_app.core.quick_look import quick_look
from timeline_app.core.store import TimelineStore

DATA_DIR = Path(__file__).resolve().parent / "data"
START_MS = int(datetime(2012, 1, 1, tzinfo=UTC).timestamp() * 1000)
END_MS = int(datetime(2017, 1, 1, tzinfo=UTC).timestamp() * 1000)
HOUR = 3_600_000
DAY = 24 * HOUR
ZONE = "Asia/Damascus"

CATEGORIES = (
    ("Battles", "#d62728"), ("Explosions", "#ff7f0e"), ("Air strikes", "#8c564b"),
    ("Shelling", "#9467bd"), ("Violence against civilians", "#e377c2"),
    ("Protests", "#1f77b4"), ("Riots", "#17becf"), ("Strategic developments", "#7f7f7f"),
    ("Arrests", "#bcbd22"), ("Displacement", "#2ca02c"), ("Aid deliveries", "#1b9e77"),
    ("Ceasefires", "#6a3d9a"),
)  # fmt: skip
KINDS = (
    "Armed clash", "Air strike", "Shelling", "Protest", "Looting", "Arrests", "Abduction",
    "Car bomb", "Grenade", "Mob attack", "Riot", "Raid", "Sniping", "Siege", "Convoy",
)  # fmt: skip
_SYLLABLES = (
    "al", "ba", "dar", "ka", "fr", "ma", "rin", "tal", "ha", "ma", "sa", "ra", "qa", "zi",
    "ye", "bu", "nab", "dir", "jis", "ash", "mar", "sh", "ud", "ib", "om", "id", "lib",
)  # fmt: skip
STATUSES = (("reported", 85), ("confirmed", 10), ("disputed", 3), ("denied", 2))
PRECISION_UNITS = (("minute", 60_000), ("hour", HOUR), ("part_of_day", 6 * HOUR), ("day", DAY))
N_PLACES, N_OUTLETS, N_ACTORS = 2000, 500, 200


@dataclass(frozen=True, slots=True)
class Pools:
    """The named things events refer to (same for every N with the same seed)."""

    places: list[tuple[str, str, float, float]]  # name, admin1, lat, lon
    outlets: list[str]
    actors: list[str]


def pools(seed: int) -> Pools:
    rnd = random.Random(seed * 7919 + 1)

    def word(parts: int) -> str:
        return "".join(rnd.choice(_SYLLABLES) for _ in range(parts)).capitalize()

    places = [
        (word(rnd.choice((2, 3))), word(2), 32 + rnd.random() * 5, 35.5 + rnd.random() * 6)
        for _ in range(N_PLACES)
    ]

    def names(count: int, suffixes: tuple[str, ...]) -> list[str]:
        found: dict[str, None] = {}
        while len(found) < count:
            found[f"{word(2)} {rnd.choice(suffixes)}"] = None
        return list(found)

    outlets = names(N_OUTLETS, ("News", "Post", "Monitor", "Agency", "Network"))
    actors = names(N_ACTORS, ("Brigade", "Front", "Forces", "Militia", "Army"))
    return Pools(places, outlets, actors)


@dataclass(slots=True)
class GenEvent:
    """One generated event (times in epoch ms UTC)."""

    start: int
    earliest: int
    latest: int
    precision: str
    end: int | None
    end_earliest: int | None
    end_latest: int | None
    category: int  # index into CATEGORIES
    kind: int  # index into KINDS (also the tag)
    place: int
    actor: int
    outlets: tuple[int, ...]
    contradicted: bool  # the last citation contradicts the others
    status: str


def events(n: int, seed: int = 1) -> Iterator[GenEvent]:
    """The N events, in start order."""
    rnd = random.Random(seed)
    starts = sorted(rnd.randrange(START_MS, END_MS) for _ in range(n))
    statuses = [s for s, weight in STATUSES for _ in range(weight)]
    span_lo, span_hi = HOUR, 30 * DAY
    log_ratio = span_hi / span_lo
    for start in starts:
        r = rnd.random()
        precision, unit = PRECISION_UNITS[0 if r < 0.6 else 1 if r < 0.8 else 2 if r < 0.9 else 3]
        first = start - start % unit
        end = end_first = end_last = None
        if rnd.random() < 0.3:
            end = first + int(span_lo * log_ratio ** rnd.random())
            end_first = end - end % unit
            end_last = end_first + unit
            end = end_first
        sources = rnd.randint(1, 3)
        yield GenEvent(
            start=first,
            earliest=first,
            latest=first + unit,
            precision=precision,
            end=end,
            end_earliest=end_first,
            end_latest=end_last,
            category=rnd.randrange(len(CATEGORIES)),
            kind=rnd.randrange(len(KINDS)),
            place=rnd.randrange(N_PLACES),
            actor=rnd.randrange(N_ACTORS),
            outlets=tuple(rnd.sample(range(N_OUTLETS), sources)),
            contradicted=sources > 1 and rnd.random() < 0.04,
            status=rnd.choice(statuses),
        )


def title_of(e: GenEvent, p: Pools) -> str:
    """What the ACLED importer makes of the row: "<sub_event_type> in <location>"."""
    return f"{KINDS[e.kind]} in {p.places[e.place][0]}"


ACLED_HEADER = (
    "data_id", "event_id_cnty", "event_date", "time_precision", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "actor2", "assoc_actor_2", "country",
    "admin1", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities",
)  # fmt: skip


def write_acled_csv(path: Path, n: int, seed: int = 1) -> Path:
    """An ACLED-style export of the N events (the day of each start; ACLED has no spans)."""
    p = pools(seed)
    tmp = path.with_suffix(".part")
    with open(tmp, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(ACLED_HEADER)
        for i, e in enumerate(events(n, seed)):
            place, admin1, lat, lon = p.places[e.place]
            day = datetime.fromtimestamp(e.start / 1000, UTC).date().isoformat()
            tp = "1" if e.precision != "day" else ("2" if i % 3 else "3")
            out.writerow((
                i + 1, f"SYR{i + 1}", day, tp, CATEGORIES[e.category][0], KINDS[e.kind],
                p.actors[e.actor], "", "", "", "Syria", admin1, place, f"{lat:.4f}",
                f"{lon:.4f}", "1", "; ".join(p.outlets[o] for o in e.outlets), "National",
                f"{KINDS[e.kind]} reported near {place}; no further details.", i % 4,
            ))  # fmt: skip
    os.replace(tmp, path)
    return path


def write_ctl(path: Path, n: int, seed: int = 1) -> Path:
    """A timeline file holding the N events, written with sqlite3 executemany."""
    tmp = path.with_suffix(".part")
    tmp.unlink(missing_ok=True)
    TimelineStore.create(tmp).close()
    p = pools(seed)
    now = int(time.time() * 1000)
    conn = sqlite3.connect(tmp, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA cache_size = -200000")
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO categories (id, name, color, sort_order) VALUES (?, ?, ?, ?)",
            [(i + 1, name, color, i) for i, (name, color) in enumerate(CATEGORIES)],
        )
        conn.executemany(
            "INSERT INTO locations (id, name, lat, lon, precision) VALUES (?, ?, ?, ?, 'town')",
            [(i + 1, f"{name}, {admin1}, Syria", lat, lon)
             for i, (name, admin1, lat, lon) in enumerate(p.places)],
        )  # fmt: skip
        conn.executemany(
            "INSERT INTO sources (id, outlet, title, notes) VALUES (?, ?, '', '')",
            [(i + 1, name) for i, name in enumerate(p.outlets)],
        )
        conn.executemany(
            "INSERT INTO actors (id, name) VALUES (?, ?)",
            [(i + 1, name) for i, name in enumerate(p.actors)],
        )
        conn.executemany(
            "INSERT INTO tags (id, name) VALUES (?, ?)",
            [(i + 1, name) for i, name in enumerate(KINDS)],
        )
        _insert_events(conn, n, seed, p, now)
        conn.execute(
            "UPDATE meta SET value = (SELECT MAX(hi_ms - lo_ms) FROM events) "
            "WHERE key = 'max_extent_ms'"
        )
        conn.execute("COMMIT")
        conn.execute("ANALYZE")
        conn.execute("PRAGMA journal_mode = WAL")
    finally:
        conn.close()
    os.replace(tmp, path)
    return path


_EVENT_SQL = (
    "INSERT INTO events (id, title, description, kind, status, start_ms, start_earliest_ms,"
    " start_latest_ms, start_precision, start_approx, start_tz, start_text, end_ms,"
    " end_earliest_ms, end_latest_ms, end_precision, end_approx, end_tz, end_text, lo_ms, hi_ms,"
    " source_count, contested, category_id, location_id, created_ms, updated_ms)"
    " VALUES (?, ?, '', ?, ?, ?, ?, ?, ?, 0, ?, '', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_CITATION_SQL = (
    "INSERT INTO citations (event_id, source_id, quote, stance, note)"
    " VALUES (?, ?, '', ?, 'source scale: National')"
)


def _insert_events(conn: sqlite3.Connection, n: int, seed: int, p: Pools, now: int) -> None:
    batch: list[tuple] = []
    cites: list[tuple] = []
    links: list[tuple] = []
    tags: list[tuple] = []

    def flush() -> None:
        conn.executemany(_EVENT_SQL, batch)
        conn.executemany(_CITATION_SQL, cites)
        conn.executemany(
            "INSERT INTO event_actors (event_id, actor_id, role) VALUES (?, ?, 'actor1')", links
        )
        conn.executemany("INSERT INTO event_tags (event_id, tag_id) VALUES (?, ?)", tags)
        batch.clear(), cites.clear(), links.clear(), tags.clear()

    for i, e in enumerate(events(n, seed), 1):
        span = e.end is not None
        hi = max(e.latest, e.end_latest or e.latest)
        batch.append((
            i, title_of(e, p), "span" if span else "point", e.status, e.start, e.earliest,
            e.latest, e.precision, ZONE, e.end, e.end_earliest, e.end_latest,
            e.precision if span else None, False if span else None, ZONE if span else None,
            "" if span else None, e.earliest, hi, len(e.outlets), e.contradicted,
            e.category + 1, e.place + 1, now, now,
        ))  # fmt: skip
        last = len(e.outlets) - 1
        for j, o in enumerate(e.outlets):
            stance = "contradicts" if e.contradicted and j == last else "supports"
            cites.append((i, o + 1, stance))
        links.append((i, e.actor + 1))
        tags.append((i, e.kind + 1))
        if len(batch) >= 50_000:
            flush()
    flush()


def dataset(n: int, kind: str, *, seed: int = 1, log=print) -> Path:
    """The cached data set file of N events ("ctl" or "csv"), generated when missing."""
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    path = DATA_DIR / f"events-{n}-seed{seed}.{'ctl' if kind == 'ctl' else 'csv'}"
    if not path.exists():
        t0 = time.perf_counter()
        (write_ctl if kind == "ctl" else write_acled_csv)(path, n, seed)
        log(f"# generated {path.name} in {time.perf_counter() - t0:.1f} s")
    if kind == "ctl" and quick_look(path) is None:
        summarise(path)
        log(f"# stored the start summary of {path.name}")
    return path


def summarise(path: Path) -> None:
    """Store the file's start summary, as an import does (`store.refresh_start_summary`).

    Files the app or an import made have one; this file was written with plain sqlite3.
    The file check runs first (a summary is only stored in a file that passed it).
    """
    with TimelineStore.open(path, sync_check_max_bytes=1 << 62) as store:
        store.refresh_start_summary()
