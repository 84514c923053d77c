"""The timeline file: create, open (upgrading older files), sessions, transactions, backups.

`TimelineStore` owns one SQLite file. Callers work in short sessions:

    with store.write() as session:          # BEGIN IMMEDIATE ... COMMIT (rollback on error)
        event_id = add_event(session, draft)
    with store.read() as session:           # BEGIN ... (always rolled back)
        rows = events_in_window(session, start_ms, end_ms)

The query and mutation functions (module level, Session first) are re-exported here, so the
rest of the app imports only `timeline_app.core.store`. SQLite specifics live in
`store_sqlite`; migrations in `store_migrate`; both are private to the store.

Safety: a file that is not ours, or is damaged, is refused with a one-line error and never
modified (recognised from raw header bytes, checked through an immutable read-only
connection). An older file is checked, copied next to itself with the SQLite backup API as
`<stem>.backup-<revision>-<YYYYmmdd-HHMMSS><suffix>` (see `upgrade_backup`), then upgraded in
one transaction.

Big files (over `store_verify.SYNC_CHECK_MAX_BYTES`, 64 MiB) open without waiting for the
whole-file quick_check: it runs in the background (`store.verification`) and writes are
refused until it passes (see `store_verify`).

Loaded on first use: this module is only a doorway to `store_file`, which it imports the
first time one of its names is used. Importing SQLAlchemy's ORM costs ~0.45 s of a cold
start; with the doorway, the main window (whose modules all `import store as st`) is built
and painted first, and the store is loaded when a file is actually opened.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the names type checkers and editors see
    from timeline_app.core.store_file import *  # noqa: F403

_IMPLEMENTATION = "timeline_app.core.store_file"


def __getattr__(name: str) -> Any:
    """Load the store on first use of one of its names, then keep the name here."""
    if name.startswith("__"):
        raise AttributeError(name)
    value = getattr(importlib.import_module(_IMPLEMENTATION), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(importlib.import_module(_IMPLEMENTATION).__all__))
