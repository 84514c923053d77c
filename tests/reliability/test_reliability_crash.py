"""A writer killed at random moments loses at most its unfinished batch, never the file.

Issue 7, point 1. A child process adds batches of events (each batch one transaction, with
tags, so several tables change together) and reports each batch after its commit. The test
kills it with SIGKILL at a random moment, checks the file, starts the next child on the same
file (which must recover the hot -wal left behind), and repeats.

TIMELINE_CRASH_ITERATIONS=300 runs more rounds (default 32); TIMELINE_CRASH_SEED picks the
random moments (printed on failure).
"""

from __future__ import annotations

import multiprocessing
import os
import random
import re
import time
from pathlib import Path

import pytest

from tests.core.conftest import an_event
from timeline_app.core import store as st
from timeline_app.core.store_sqlite import inspect_connection

BATCH = 25
ITERATIONS = int(os.environ.get("TIMELINE_CRASH_ITERATIONS", "32"))
SEED = int(os.environ.get("TIMELINE_CRASH_SEED", str(random.randrange(1_000_000))))
TITLE = re.compile(r"^batch (\d+) event (\d+)$")

pytestmark = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(),
    reason="needs fork() to start writer processes quickly (POSIX)",
)


def _write_batches(path: str, first: int, reports) -> None:
    """Child process: write batches first, first+1, ... for ever, reporting each commit."""
    store = st.TimelineStore.open(path)
    batch = first
    while True:
        with store.write() as session:
            for i in range(BATCH):
                st.add_event(
                    session, an_event(f"batch {batch} event {i}", tags=[f"batch-{batch}", "all"])
                )
        reports.send(batch)
        batch += 1


def _batches_in(path: Path) -> dict[int, tuple[int, int]]:
    """{batch: (events, tag links to that batch's own tag)} read without changing the file."""
    with inspect_connection(path) as conn:  # read-only; no side files if there were none
        found: dict[int, list[int]] = {}
        for (title,) in conn.execute("SELECT title FROM events"):
            match = TITLE.match(title)
            assert match, f"unexpected event {title!r}"
            found.setdefault(int(match[1]), [0, 0])[0] += 1
        rows = conn.execute(
            "SELECT t.name, count(*) FROM event_tags et JOIN tags t ON t.id = et.tag_id "
            "WHERE t.name LIKE 'batch-%' GROUP BY t.name"
        )
        for name, links in rows:
            found.setdefault(int(name.removeprefix("batch-")), [0, 0])[1] = links
        return {batch: (n[0], n[1]) for batch, n in found.items()}


def _run_and_kill(ctx, path: Path, first: int, rng: random.Random) -> list[int]:
    """Start a writer at batch `first`, kill it at a random moment; return what it reported."""
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_write_batches, args=(str(path), first, send), daemon=True)
    child.start()
    send.close()
    reported: list[int] = []
    wanted = rng.choice((0, 1, 1, 2, 3))
    deadline = time.monotonic() + 30
    while len(reported) < wanted:
        assert child.is_alive(), f"the writer died by itself (exit code {child.exitcode})"
        assert time.monotonic() < deadline, "the writer reports nothing"
        if receive.poll(0.05):
            reported.append(receive.recv())
    time.sleep(rng.uniform(0, 0.03))  # somewhere inside the next batch, or its commit
    child.kill()
    child.join(10)
    assert child.exitcode == -9
    while receive.poll():
        try:
            reported.append(receive.recv())
        except EOFError:
            break
    receive.close()
    return reported


def test_a_writer_killed_at_random_moments_never_damages_the_file(tmp_path):
    """A crash or power cut while saving would corrupt the file or keep half a batch."""
    path = tmp_path / "crash.ctl"
    st.TimelineStore.create(path).close()
    ctx = multiprocessing.get_context("fork")
    rng = random.Random(SEED)
    next_batch, last_reported, wal_seen = 0, -1, 0
    for round_ in range(ITERATIONS):
        where = f"seed {SEED}, round {round_}"
        reported = _run_and_kill(ctx, path, next_batch, rng)
        wal = Path(f"{path}-wal")
        wal_seen += wal.exists() and wal.stat().st_size > 0
        before = {p.name for p in tmp_path.iterdir()}
        assert st.integrity_check(path) == [], where
        batches = _batches_in(path)
        assert {p.name for p in tmp_path.iterdir()} == before, f"{where}: check made files"
        incomplete = {b: n for b, n in batches.items() if n != (BATCH, BATCH)}
        assert incomplete == {}, f"{where}: half-written batches {incomplete}"
        present = max(batches, default=-1)
        assert sorted(batches) == list(range(present + 1)), f"{where}: a batch is missing"
        if reported:
            assert reported == list(range(next_batch, next_batch + len(reported))), where
            last_reported = reported[-1]
        # The last batch the writer reported is there; at most one more (killed after commit).
        assert last_reported <= present <= max(last_reported, next_batch - 1) + 1, where
        next_batch = present + 1
    assert next_batch >= ITERATIONS // 2, "the writer hardly wrote anything: test too weak"
    assert wal_seen, "no round left a -wal behind: the kill never hit a live writer"
    with st.TimelineStore.open(path) as store, store.read() as session:
        assert st.counts(session)["events"] == next_batch * BATCH
