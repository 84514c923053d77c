"""`timeline-app`: no argument opens the GUI; subcommands work headless on a timeline file.

Every subcommand exits 0 on success and 1 with a one-line `error:` message otherwise, so
scripts can rely on it; nothing invalid reaches the file.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from timeline_app import __version__
from timeline_app.core import store as st
from timeline_app.core.drafts import CitationDraft, EventDraft, SourceDraft
from timeline_app.core.records import EventFilter
from timeline_app.core.timespec import TimeParseError, format_timespec, from_ms, parse_time
from timeline_app.core.validation import ValidationError, validate_event_draft
from timeline_app.io.event_listing import event_dicts

SUBCOMMANDS = ("new", "add", "events", "check", "import", "export")


class CliError(Exception):
    """A user error reported as one line on stderr."""


def _gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="timeline-app",
        description="Conflict Timeline: open a timeline file in the window. "
        f"Headless subcommands: {', '.join(SUBCOMMANDS)} (timeline-app SUBCOMMAND --help).",
    )
    parser.add_argument(
        "file",
        nargs="?",
        type=Path,
        help="timeline file to open (default: the last one used, or the "
        "Aleppo example on first run)",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def _cli_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="timeline-app", description="Conflict Timeline, headless."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    new = sub.add_parser("new", help="create a timeline file")
    new.add_argument("file", type=Path)
    new.add_argument("--example", choices=["aleppo"], help="fill it with a bundled example")
    new.add_argument("--force", action="store_true", help="overwrite an existing file")

    add = sub.add_parser("add", help="add one event (with an optional source and quote)")
    add.add_argument("file", type=Path)
    add.add_argument("--title", required=True)
    add.add_argument("--start", required=True, help='as written, e.g. "late on Tuesday"')
    add.add_argument("--end", help='e.g. "possibly until Thursday"')
    add.add_argument("--tz", default="UTC", help="IANA zone the times were reported in")
    add.add_argument("--reference", help="publication date of the report (YYYY-MM-DD ...)")
    add.add_argument("--day-first", action="store_true", help="read 03/04/2016 as 3 April")
    add.add_argument("--month-first", action="store_true", help="read 03/04/2016 as 4 March")
    add.add_argument("--category")
    add.add_argument(
        "--status", default="reported", choices=["reported", "confirmed", "disputed", "denied"]
    )
    add.add_argument("--location")
    add.add_argument("--description", default="")
    add.add_argument("--source-url")
    add.add_argument("--source-outlet")
    add.add_argument("--source-title", default="")
    add.add_argument("--reliability", choices=list("ABCDEF"))
    add.add_argument("--quote", default="")
    add.add_argument("--credibility", type=int, choices=range(1, 7))
    add.add_argument("--stance", default="supports", choices=["supports", "contradicts", "context"])

    events = sub.add_parser("events", help="list events")
    events.add_argument("file", type=Path)
    events.add_argument("--from", dest="from_text", help="start of the time range")
    events.add_argument("--to", dest="to_text", help="end of the time range")
    events.add_argument("--tz", default="UTC", help="zone for --from/--to and the table")
    events.add_argument("--search", help="text in title, description, location, actors, sources")
    events.add_argument("--category", action="append", help="repeat for several")
    events.add_argument("--format", default="table", choices=["table", "json", "csv"])

    check = sub.add_parser("check", help="integrity check, schema version and counts")
    check.add_argument("file", type=Path)

    from timeline_app.cli_exchange import add_exchange_parsers

    add_exchange_parsers(sub)
    return parser


def _cmd_new(args: argparse.Namespace) -> int:
    from timeline_app.io.example import create_example

    if args.file.exists() and not args.force:
        raise CliError(f"{args.file} already exists (use --force to overwrite)")
    if args.force and args.file.exists():
        args.file.unlink()
    if args.example:
        create_example(args.file, args.example)
    else:
        st.TimelineStore.create(args.file).close()
    print(f"created {args.file}")
    return 0


def _parse(text: str, *, args: argparse.Namespace, reference, what: str):
    day_first = (
        True
        if getattr(args, "day_first", False)
        else False
        if getattr(args, "month_first", False)
        else None
    )
    try:
        return parse_time(text, reference=reference, tz=args.tz, day_first=day_first)
    except TimeParseError as exc:
        raise CliError(f"{what}: {exc}") from None


def _cmd_add(args: argparse.Namespace) -> int:
    reference = (
        _parse(args.reference, args=args, reference=None, what="--reference").best
        if args.reference
        else None
    )
    start = _parse(args.start, args=args, reference=reference, what="--start")
    end = _parse(args.end, args=args, reference=reference, what="--end") if args.end else None
    citations = []
    if args.source_url or args.source_outlet or args.quote:
        source = SourceDraft(
            outlet=args.source_outlet or "",
            title=args.source_title,
            url=args.source_url,
            reliability=args.reliability,
        )
        citations.append(
            CitationDraft(
                source=source, quote=args.quote, credibility=args.credibility, stance=args.stance
            )
        )
    draft = EventDraft(
        title=args.title,
        start=start,
        end=end,
        description=args.description,
        category=args.category,
        status=args.status,
        location_name=args.location,
        citations=citations,
    )
    problems = validate_event_draft(draft)
    if problems:
        raise CliError("; ".join(str(p) for p in problems))
    with _open(args.file) as store, store.write() as session:
        event_id = st.add_event(session, draft)
    print(f"added event {event_id}: {args.title} ({format_timespec(start)})")
    return 0


def _open(path: Path, *, read_only: bool = False) -> st.TimelineStore:
    if not path.exists():
        raise CliError(f"{path}: no such file")
    return st.TimelineStore.open(path, read_only=read_only)


def _cmd_events(args: argparse.Namespace) -> int:
    lo = (
        _parse(args.from_text, args=args, reference=None, what="--from").earliest_ms
        if args.from_text
        else None
    )
    hi = (
        _parse(args.to_text, args=args, reference=None, what="--to").latest_ms
        if args.to_text
        else None
    )
    filters = EventFilter(
        text=args.search or None,
        category_names=frozenset(args.category) if args.category else None,
        from_ms=lo,
        to_ms=hi,
    )
    if args.format == "csv":
        from timeline_app.io.data_export import write_csv_rows

        with _open(args.file, read_only=True) as store, store.read() as session:
            write_csv_rows(sys.stdout, st.iter_events_full(session, filters=filters))
        return 0
    with _open(args.file, read_only=True) as store, store.read() as session:
        rows = event_dicts(session, filters)
    if args.format == "json":
        public = [{k: v for k, v in row.items() if not k.startswith("_")} for row in rows]
        json.dump(public, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        _write_table(rows, tz=args.tz)
    return 0


def _write_table(rows: list[dict], *, tz: str) -> None:
    from timeline_app.core.timespec import timespec_from_columns

    for row in rows:
        spec = timespec_from_columns(**row["_start_columns"])
        cat = row["category"] or "-"
        print(f"{row['id']:>6}  {format_timespec(spec, zone=tz):<40}  {cat:<22}  {row['title']}")
    print(f"{len(rows)} event(s)")


def _cmd_check(args: argparse.Namespace) -> int:
    if not args.file.exists():
        raise CliError(f"{args.file}: no such file")
    problems = st.integrity_check(args.file)
    if problems:
        raise CliError(f"{args.file} is damaged: {problems[0]}")
    with _open(args.file, read_only=True) as store, store.read() as session:
        counts = st.counts(session)
        extent = st.time_extent(session)
        version = store.schema_version()
    print(f"{args.file}: ok")
    print(f"schema version: {version}")
    for name, value in counts.items():
        print(f"{name}: {value}")
    if extent:
        print(f"time range: {from_ms(extent[0]).isoformat()} .. {from_ms(extent[1]).isoformat()}")
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    from timeline_app.cli_exchange import run_import

    return run_import(args, open_store=_open, error=CliError)


def _cmd_export(args: argparse.Namespace) -> int:
    from timeline_app.cli_exchange import run_export

    return run_export(args, open_store=_open, error=CliError)


COMMANDS = {
    "new": _cmd_new,
    "add": _cmd_add,
    "events": _cmd_events,
    "check": _cmd_check,
    "import": _cmd_import,
    "export": _cmd_export,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `timeline-app` and `python -m timeline_app`."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] in SUBCOMMANDS:
            args = _cli_parser().parse_args(argv)
            return COMMANDS[args.command](args)
        args = _gui_parser().parse_args(argv)
        from timeline_app.ui.app import run_gui

        return run_gui(args.file)
    except (CliError, st.StoreError, ValidationError, ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
