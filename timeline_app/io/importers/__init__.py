"""Importers: other tools' files (and our own CSV) turned into drafts, never stored here.

Pure Python, no Qt and no database: `read_import` returns an ImportResult whose events are
validated EventDrafts; the caller writes categories and events in one transaction. Rows that
cannot become events are listed in `skipped` ("where: reason"); a file that cannot be read
at all raises ImportFormatError naming the file and the problem.

Formats (FORMATS maps each name to a label for file dialogs):

=================  =========================================================
``acled-csv``      ACLED event export (acled_csv)
``our-csv``        our own CSV export, one row per event (our_csv)
``timelinejs-json``  TimelineJS JSON (timelinejs_json)
``timelinejs-csv``   TimelineJS Google Sheets template as CSV (timelinejs_csv)
``thetimelineproj``  The Timeline Project .timeline XML (thetimelineproj)
``timemap-xlsx``   Forensic Architecture TimeMap datasheet .xlsx (timemap_xlsx)
=================  =========================================================

`detect_format` also recognises our own JSON document ("native-json"), which this package
does not read: it is timeline_app.io.native_json's (a layer above this one).

Progress: `progress(done, total)` is called about every 500 rows and at the end, and
`cancelled()` is polled as often (ImportCancelled is raised when it returns True). The
units are rows, except for CSV files, which are streamed and counted in bytes; only the
ratio is meant for display.

Big tabular formats (ACLED) give EventRows (core.event_rows) instead of a list of drafts:
a sequence of the same drafts, built on demand, that the store writes without building
them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from timeline_app.io.importers.acled_csv import read_acled_csv
from timeline_app.io.importers.common import (
    Cancelled,
    ImportCancelled,
    ImportFormatError,
    ImportResult,
    Progress,
    SkippedRow,
    file_error,
    zone_of,
)
from timeline_app.io.importers.our_csv import read_our_csv
from timeline_app.io.importers.thetimelineproj import read_thetimelineproj
from timeline_app.io.importers.timelinejs_csv import read_timelinejs_csv
from timeline_app.io.importers.timelinejs_json import read_timelinejs_json
from timeline_app.io.importers.timemap_xlsx import read_timemap_xlsx

__all__ = [
    "FORMATS",
    "ImportCancelled",
    "ImportFormatError",
    "ImportResult",
    "SkippedRow",
    "detect_format",
    "read_import",
]

Reader = Callable[..., ImportResult]
FORMATS: dict[str, str] = {
    "acled-csv": "ACLED events (CSV)",
    "our-csv": "Conflict Timeline CSV export",
    "timelinejs-json": "TimelineJS (JSON)",
    "timelinejs-csv": "TimelineJS spreadsheet template (CSV)",
    "thetimelineproj": "The Timeline Project (.timeline)",
    "timemap-xlsx": "TimeMap / datasheet-server workbook (.xlsx)",
}
_READERS: dict[str, Reader] = {
    "acled-csv": read_acled_csv,
    "our-csv": read_our_csv,
    "timelinejs-json": read_timelinejs_json,
    "timelinejs-csv": read_timelinejs_csv,
    "thetimelineproj": read_thetimelineproj,
    "timemap-xlsx": read_timemap_xlsx,
}
SNIFF_BYTES = 64 * 1024


def _csv_format(path: Path, head: str) -> str:
    """Which CSV this is, from the names in its header row."""
    first = head.lstrip("\ufeff").split("\n", 1)[0]
    names = {n.strip().strip('"').strip().lower() for n in first.replace(";", ",").split(",")}
    if {"event_date", "event_type"} <= names:
        return "acled-csv"
    if {"year", "headline"} <= names:
        return "timelinejs-csv"
    if "title" in names and names & {"start", "time_text"}:
        return "our-csv"
    raise file_error(
        path,
        "not a CSV we can import: row 1 needs ACLED's event_date and event_type, "
        "TimelineJS's Year and Headline, or our title and start columns",
    )


def detect_format(path: Path | str) -> str:
    """The format name of a file, by its content first and its extension second."""
    path = Path(path)
    try:
        with open(path, "rb") as stream:
            head_bytes = stream.read(SNIFF_BYTES)
    except OSError as exc:
        raise file_error(path, f"cannot open: {exc.strerror or exc}") from None
    if not head_bytes.strip():
        raise file_error(path, "the file is empty")
    if head_bytes.startswith(b"PK\x03\x04"):
        return "timemap-xlsx"
    head = head_bytes.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    suffix = path.suffix.lower()
    if head.startswith("<") or suffix in (".timeline", ".xml"):
        if "<timeline" in head:
            return "thetimelineproj"
        raise file_error(path, "XML, but not a .timeline file (no <timeline> element)")
    if head.startswith(("{", "[")) or suffix == ".json":
        if '"conflict-timeline"' in head and '"format"' in head:
            return "native-json"
        if '"events"' in head or _has_events(path):
            return "timelinejs-json"
        raise file_error(path, 'JSON, but not TimelineJS (no "events" list)')
    return _csv_format(path, head)


def _has_events(path: Path) -> bool:
    """For JSON whose "events" key is beyond the sniffed start: parse it all once."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return True  # let the reader report exactly what is wrong
    return isinstance(data, dict) and "events" in data


def read_import(
    path: Path | str,
    *,
    format: str | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    tz: str = "UTC",
) -> ImportResult:
    """Read `path` in `format` (detected when None) into an ImportResult.

    `tz` (an IANA name or "UTC", the default) is the zone in which the file's wall-clock
    times are read when the format records none: every format here but our own CSV, whose
    tz column wins. An unknown zone raises ValueError.
    """
    zone_of(tz)  # a zone that does not exist is the caller's mistake: ValueError now
    name = format or detect_format(path)
    if name == "native-json":
        raise file_error(Path(path), "a Conflict Timeline document: open it with the JSON reader")
    if name not in _READERS:
        known = ", ".join(FORMATS)
        raise ValueError(f"unknown import format {name!r} (known: {known})")
    return _READERS[name](path, tz=tz, progress=progress, cancelled=cancelled)
