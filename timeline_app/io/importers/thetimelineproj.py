"""The Timeline Project (thetimelineproj.sourceforge.net) ``.timeline`` XML into drafts.

Security: the file is parsed only with defusedxml, DTDs forbidden, so entity expansion
("billion laughs") and external entities (XXE: reading local files or URLs) are refused
before anything is expanded or fetched; the user gets an ImportFormatError saying so.

Mapping:

* ``<timetype>`` must be gregoriantime (or absent, as in format 1.x); other calendars
  (numeric, Bosparanian, Coptic...) cannot be placed on our time axis: the file is refused.
* categories: name, colour "r,g,b" -> "#rrggbb". A category's parents (``<parent>``) become
  tags of its events, so the hierarchy can still be filtered on.
* events: ``<start>``/``<end>`` "YYYY-MM-DD HH:MM:SS" are wall-clock times without a zone,
  read in `tz` (UTC unless the caller knows better). Both at 00:00:00 -> precision DAY (the
  tool hides the time of whole-day events and stores midnight); otherwise MINUTE, or SECOND
  when seconds are given. start == end -> a point event (no end).
* ``<text>`` -> title, ``<description>`` -> description (plain text), ``<category>`` ->
  category, ``<hyperlink>`` (";"-separated) -> one source per http(s) link; other links
  (file://...) are added to the description as text.
* ``<fuzzy>``, ``<fuzzy_start>``, ``<fuzzy_end>`` True -> the time is approximate; clock
  times are widened by timespec.APPROX_MARGIN (15 minutes), like hedged times in reports.
* ``<milestone>`` True -> a point event tagged "milestone".
* containers: text "[n]Name" -> a span event "Name" tagged "container"; subevents
  "(n)Name" -> event "Name" tagged "container: <container name>".
* eras -> span events tagged "era" (the named periods stay visible and filterable).
* progress, locked, ends_today (the stored end is used), alert, icon, colours of events and
  the ``<view>`` block are not kept.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

import defusedxml
import defusedxml.ElementTree as SafeET

from timeline_app.core.drafts import CitationDraft, EventDraft, SourceDraft
from timeline_app.core.timespec import TimeSpec
from timeline_app.io.importers.common import (
    Cancelled,
    Collector,
    ImportResult,
    Progress,
    Ticker,
    file_error,
    http_url,
    period_spec,
    short_title,
)
from timeline_app.io.importers.html_text import one_line, plain

_TIME = re.compile(r"(-?\d{1,4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_COLOR = re.compile(r"(\d{1,3}),(\d{1,3}),(\d{1,3})")
_CONTAINER = re.compile(r"\[(-?\d*)\](.*)", re.S)
_SUBEVENT = re.compile(r"\((-?\d*)\)(.*)", re.S)


def parse_xml(path: Path) -> Element:
    """The root element, parsed safely; every failure becomes an ImportFormatError."""
    try:
        return SafeET.parse(path, forbid_dtd=True).getroot()
    except defusedxml.DTDForbidden:
        problem = "refused: the file declares a DTD (it could expand entities or read files)"
    except defusedxml.EntitiesForbidden as exc:
        problem = f"refused: the file declares the entity {exc.name!r}"
    except defusedxml.ExternalReferenceForbidden:
        problem = "refused: the file refers to an external resource (XXE)"
    except defusedxml.DefusedXmlException as exc:
        problem = f"refused: {exc}"
    except ParseError as exc:
        line, column = exc.position
        problem = f"line {line}, column {column}: not well-formed XML"
    except OSError as exc:
        problem = f"cannot open: {exc.strerror or exc}"
    raise file_error(path, problem)


def hex_color(text: str | None) -> str | None:
    """ "255,128,0" -> "#ff8000"; anything else -> None (the category keeps no colour)."""
    m = _COLOR.fullmatch((text or "").strip())
    if m is None or any(int(v) > 255 for v in m.groups()):
        return None
    return "#{:02x}{:02x}{:02x}".format(*(int(v) for v in m.groups()))


def _flag(element: Element, name: str) -> bool:
    return (element.findtext(name) or "").strip().lower() == "true"


def time_spec(text: str | None, *, whole_days: bool, tz: str, fuzzy: bool) -> TimeSpec:
    """One stored time; whole-day events get DAY precision (see the module docstring)."""
    m = _TIME.fullmatch((text or "").strip())
    if m is None:
        raise ValueError(f"{text!r} is not a time like 2013-03-30 11:16:00")
    year, month, day, hour, minute, second = (int(v) if v else None for v in m.groups())
    if whole_days:
        hour = minute = second = None
    elif hour is None:
        hour = minute = 0
    elif second == 0:
        second = None
    assert year is not None
    return period_spec(year, month, day, hour, minute, second, tz=tz, text=m[0], approximate=fuzzy)


def _is_midnight(text: str | None) -> bool:
    m = _TIME.fullmatch((text or "").strip())
    return m is not None and all(int(v or 0) == 0 for v in m.groups()[3:])


class _Reader:
    def __init__(self, root: Element, path: Path, tz: str) -> None:
        self.root, self.tz = root, tz
        self.out = Collector(title=path.stem)
        self.parents: dict[str, str] = {}
        self.containers: dict[str, str] = {}

    def categories(self) -> None:
        for element in self.root.findall("./categories/category"):
            name = one_line(element.findtext("name"))
            self.out.category(name, hex_color(element.findtext("color")))
            parent = one_line(element.findtext("parent"))
            if name and parent:
                self.parents[name] = parent

    def ancestors(self, category: str | None) -> list[str]:
        found: list[str] = []
        while category in self.parents and self.parents[category] not in found:
            category = self.parents[category]
            found.append(category)
        return found

    def event(self, element: Element, era: bool = False) -> EventDraft:
        text = element.findtext("name" if era else "text") or ""
        tags = ["era"] if era else []
        if m := _CONTAINER.fullmatch(text):
            text = m[2]
            tags.append("container")
        elif m := _SUBEVENT.fullmatch(text):
            text = m[2]
            tags.append(f"container: {self.containers.get(m[1], m[1])}")
        elif text[:2] in (" (", " ["):
            text = text[1:]  # the tool adds a space to texts that look like containers
        start_text, end_text = element.findtext("start"), element.findtext("end")
        whole = _is_midnight(start_text) and _is_midnight(end_text)
        fuzzy = _flag(element, "fuzzy")
        start = time_spec(start_text, whole_days=whole, tz=self.tz,
                          fuzzy=fuzzy or _flag(element, "fuzzy_start"))  # fmt: skip
        end: TimeSpec | None = None
        milestone = _flag(element, "milestone")
        if not milestone and (end_text or "").strip() != (start_text or "").strip():
            end = time_spec(end_text, whole_days=whole, tz=self.tz,
                            fuzzy=fuzzy or _flag(element, "fuzzy_end"))  # fmt: skip
        if milestone:
            tags.append("milestone")
        category = one_line(element.findtext("category")) or None
        tags += self.ancestors(category)
        description = plain(element.findtext("description"))
        citations, other_links = [], []
        for link in (element.findtext("hyperlink") or "").split(";"):
            if url := http_url(link):
                citations.append(CitationDraft(SourceDraft(url=url)))
            elif link.strip():
                other_links.append(f"Link: {link.strip()}")
        title = one_line(text) or short_title(description)
        return EventDraft(
            title=title,
            start=start,
            end=end,
            description="\n\n".join(p for p in (description, "\n".join(other_links)) if p),
            category=category,
            tags=list(dict.fromkeys(tags)),
            citations=citations,
        )

    def read(self, ticker: Ticker) -> None:
        self.categories()
        events = self.root.findall("./events/event")
        for element in events:  # a subevent may come before its container
            if m := _CONTAINER.fullmatch(element.findtext("text") or ""):
                self.containers.setdefault(m[1], one_line(m[2]))
        elements = [("era", i, e) for i, e in enumerate(self.root.findall("./eras/era"), 1)]
        elements += [("event", i, e) for i, e in enumerate(events, 1)]
        for count, (kind, index, element) in enumerate(elements, 1):
            ticker.tick(count)
            label = one_line(element.findtext("name" if kind == "era" else "text"))
            where = f"{kind} {index}" + (f' "{short_title(label, 60)}"' if label else "")
            try:
                draft = self.event(element, era=kind == "era")
            except ValueError as exc:
                self.out.skip(where, str(exc))
                continue
            self.out.add(draft, where)
        ticker.end()


def read_thetimelineproj(
    path: Path | str,
    *,
    tz: str = "UTC",
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportResult:
    """Read a .timeline file of The Timeline Project (gregorian time only)."""
    path = Path(path)
    root = parse_xml(path)
    if root.tag != "timeline":
        raise file_error(path, f"not a .timeline file (the root element is <{root.tag}>)")
    timetype = (root.findtext("timetype") or "gregoriantime").strip()
    if timetype != "gregoriantime":
        raise file_error(path, f"uses the {timetype!r} calendar; only gregoriantime can be read")
    reader = _Reader(root, path, tz)
    total = len(root.findall("./events/event")) + len(root.findall("./eras/era"))
    reader.read(Ticker(progress, cancelled, total))
    return reader.out.finish()
