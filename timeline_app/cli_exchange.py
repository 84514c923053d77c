"""`timeline-app import` and `timeline-app export`: the headless side of data exchange.

Kept apart from cli.py so the basic subcommands stay small; cli.py registers these parsers
and turns CliError, ValueError and OSError into one-line `error:` messages with exit code 1.
"""

from __future__ import annotations

import argparse
import contextlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from timeline_app.core import store as st
from timeline_app.core.records import EventFilter
from timeline_app.core.timespec import TimeParseError, parse_time
from timeline_app.io.data_export import DATA_FORMATS, data_format, export_data
from timeline_app.io.export_image import IMAGE_FORMATS, PAGE_SIZES
from timeline_app.io.export_scene import STYLES
from timeline_app.io.import_into import IMPORT_FORMATS, import_file

EXPORT_FORMATS = IMAGE_FORMATS + DATA_FORMATS


def add_exchange_parsers(sub: Any) -> None:
    """Add the `import` and `export` subcommands to the CLI's subparsers."""
    imp = sub.add_parser(
        "import",
        help="import another tool's file (or our CSV/JSON) into a timeline file",
        description="Import INPUT into FILE in one transaction (created if missing): all "
        "events or none. Prints how many were imported, skipped as duplicates, or skipped "
        "with a reason.",
    )
    imp.add_argument("file", type=Path, help="timeline file (.ctl)")
    imp.add_argument("input", type=Path, help="file to import")
    imp.add_argument("--format", choices=list(IMPORT_FORMATS), help="default: detected")
    imp.add_argument("--tz", default="UTC", help="zone of times the file gives without one")
    dup = imp.add_mutually_exclusive_group()
    dup.add_argument(
        "--keep-duplicates",
        action="store_true",
        help="store events even if one with the same title, time and source exists",
    )
    dup.add_argument(
        "--merge-duplicates",
        action="store_true",
        help="add a duplicate's new sources to the existing event instead of skipping it",
    )

    exp = sub.add_parser(
        "export",
        help="export a timeline as an image (png, svg, pdf) or data (csv, json, timelinejs)",
        description="Write FILE's events to OUT; the format comes from OUT's extension "
        "unless --format is given (.json is our JSON document; use --format timelinejs for "
        "TimelineJS).",
    )
    exp.add_argument("file", type=Path)
    exp.add_argument("out", type=Path)
    exp.add_argument("--format", choices=EXPORT_FORMATS)
    exp.add_argument("--from", dest="from_text", help='start of the range, e.g. "13 Dec 2016"')
    exp.add_argument("--to", dest="to_text", help="end of the range")
    exp.add_argument("--category", action="append", help="only this category (repeatable)")
    exp.add_argument("--search", help="only events mentioning this text")
    exp.add_argument("--zone", help="display zone (IANA name); default: the events' own")
    exp.add_argument("--width", type=int, default=1600, help="pixels (PNG, SVG)")
    exp.add_argument("--height", type=int, default=900, help="pixels (PNG, SVG)")
    exp.add_argument("--dpi", type=int, default=96, help="PNG resolution (text size in print)")
    exp.add_argument("--title", default="")
    exp.add_argument("--subtitle", default="")
    exp.add_argument("--style", choices=list(STYLES), default="light")
    exp.add_argument("--page", choices=list(PAGE_SIZES), default="A4", help="PDF page size")
    orientation = exp.add_mutually_exclusive_group()
    orientation.add_argument("--landscape", dest="landscape", action="store_true", default=True)
    orientation.add_argument("--portrait", dest="landscape", action="store_false")
    exp.add_argument("--legend", action=argparse.BooleanOptionalAction, default=True)
    exp.add_argument("--sources-footnote", action=argparse.BooleanOptionalAction, default=True)
    exp.add_argument(
        "--zone-note", action=argparse.BooleanOptionalAction, default=True,
        help="say under the figure which zone the times are shown in",
    )  # fmt: skip


def _when(text: str | None, zone: str, what: str, error: type[Exception]):
    if not text:
        return None
    try:
        return parse_time(text, tz=zone)
    except TimeParseError as exc:
        raise error(f"{what}: {exc}") from None


def run_import(args: argparse.Namespace, *, open_store: Callable, error: type[Exception]) -> int:
    """Import and print the summary; a new FILE is removed again if the import fails."""
    if not args.input.is_file():
        raise error(f"{args.input}: no such file")
    created = not args.file.exists()
    store = st.TimelineStore.create(args.file) if created else open_store(args.file)
    try:
        summary = import_file(
            store,
            args.input,
            format=args.format,
            tz=args.tz,
            skip_duplicates=not args.keep_duplicates,
            merge_duplicates=args.merge_duplicates,
        )
    except BaseException:
        store.close()
        if created:
            args.file.unlink(missing_ok=True)
        raise
    # The import is committed; its start summary (so the window's first frame of the file
    # is instant) is a speed-up only: a failure to write it changes nothing above.
    with contextlib.suppress(Exception):
        store.refresh_start_summary()
    store.close()
    print(f"{'created' if created else 'updated'} {args.file} from {args.input} ({summary.format})")
    print(f"{summary.imported} imported")
    verb = "merged" if args.merge_duplicates else "skipped"
    print(f"{summary.duplicates} duplicate(s) {verb}")
    print(f"{len(summary.skipped)} skipped" + (":" if summary.skipped else ""))
    for where, reason in summary.skipped:
        print(f"  {where}: {reason}")
    return 0


def _gui_application() -> None:
    """Fonts and painting need a QGuiApplication; headless, it runs offscreen."""
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        global _APP
        _APP = QGuiApplication(["timeline-app"])


_APP: Any = None


def run_export(args: argparse.Namespace, *, open_store: Callable, error: type[Exception]) -> int:
    """Export an image or data file and say what was written."""
    fmt = args.format or args.out.suffix.lower().lstrip(".")
    if fmt not in EXPORT_FORMATS:
        raise error(
            f"{args.out}: cannot tell the format from the extension; use --format "
            f"({', '.join(EXPORT_FORMATS)})"
        )
    zone = args.zone or "UTC"
    start = _when(args.from_text, zone, "--from", error)
    end = _when(args.to_text, zone, "--to", error)
    if start and end and end.latest_ms <= start.earliest_ms:
        raise error("--to lies before --from")
    filters = EventFilter(
        text=args.search or None,
        category_names=frozenset(args.category) if args.category else None,
        from_ms=start.earliest_ms if start else None,
        to_ms=end.latest_ms if end else None,
    )
    with open_store(args.file, read_only=True) as store:
        if data_format(args.out, fmt):
            count = export_data(
                store, args.out, fmt, filters=filters, title=args.title, zone=args.zone
            )
            print(f"wrote {args.out} ({fmt}, {count} event(s))")
            return 0
        _gui_application()
        from timeline_app.io.export_image import export_image, options_from

        options, image = options_from(
            args,
            start_ms=start.earliest_ms if start else None,
            end_ms=end.latest_ms if end else None,
            filters=filters,
        )
        report = export_image(store, args.out, format=fmt, options=options, image=image)
    w, h = report.pixel_size
    unit = "pt" if fmt == "pdf" else "px"
    print(
        f"wrote {args.out} ({fmt}, {w} x {h} {unit}, {report.figure.event_count} event(s), "
        f"{report.seconds:.1f} s)"
    )
    return 0
