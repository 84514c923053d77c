"""What the event and citation editors hold: the analyst's raw text, turned into drafts here.

Dialogs are humble: they copy widget text into these forms and show what `evaluate_*`
returns (a draft, or a message per field). The same rules serve the CLI and importers via
`core.validation`, so nothing invalid reaches the file whichever way it comes in.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from timeline_app.core.drafts import CitationDraft, EventDraft, SourceDraft
from timeline_app.core.timespec import TimeParseError, TimeSpec, parse_time
from timeline_app.core.validation import (
    validate_citation,
    validate_event_draft,
)

STANCES = ("supports", "contradicts", "context")
RELIABILITY_NAMES = {
    "A": "A - completely reliable",
    "B": "B - usually reliable",
    "C": "C - fairly reliable",
    "D": "D - not usually reliable",
    "E": "E - unreliable",
    "F": "F - reliability cannot be judged",
}
CREDIBILITY_NAMES = {
    1: "1 - confirmed by other sources",
    2: "2 - probably true",
    3: "3 - possibly true",
    4: "4 - doubtful",
    5: "5 - improbable",
    6: "6 - truth cannot be judged",
}


@dataclass(slots=True)
class CitationForm:
    outlet: str = ""
    source_title: str = ""
    url: str = ""
    author: str = ""
    published_text: str = ""
    reliability: str = ""  # "" or A-F
    quote: str = ""
    credibility: int | None = None
    stance: str = "supports"
    note: str = ""


@dataclass(slots=True)
class EventForm:
    title: str = ""
    description: str = ""
    start_text: str = ""
    end_text: str = ""
    tz: str = "UTC"
    reference_text: str = ""
    day_first: bool | None = None
    category: str = ""
    status: str = "reported"
    location_name: str = ""
    lat_text: str = ""
    lon_text: str = ""
    actors_text: str = ""
    tags_text: str = ""
    citations: list[CitationDraft] = field(default_factory=list)


@dataclass(slots=True)
class FormResult:
    """The draft when everything is valid, else a message per form field."""

    draft: EventDraft | None
    errors: dict[str, str]
    start: TimeSpec | None = None
    end: TimeSpec | None = None
    reference: date | datetime | None = None


def outlet_from_url(url: str) -> str:
    """The outlet a pasted link most likely comes from: its host without "www."."""
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:
        return ""
    return host[4:] if host.startswith("www.") else host


def parse_actors(text: str) -> list[tuple[str, str]]:
    """ "Russia (speaker); Rebels" -> [("Russia", "speaker"), ("Rebels", "")]."""
    actors = []
    for part in text.split(";"):
        part = part.strip()
        if not part:
            continue
        if part.endswith(")") and "(" in part:
            name, role = part[:-1].rsplit("(", 1)
            actors.append((name.strip(), role.strip()))
        else:
            actors.append((part, ""))
    return actors


def format_actors(actors: list[tuple[str, str]]) -> str:
    return "; ".join(f"{n} ({r})" if r else n for n, r in actors)


def parse_tags(text: str) -> list[str]:
    return [t.strip() for t in text.split(",") if t.strip()]


def _zone_error(tz: str) -> str | None:
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        return f"unknown time zone {tz!r} (use an IANA name such as Asia/Damascus)"
    return None


def _number(text: str, low: float, high: float, what: str) -> tuple[float | None, str | None]:
    text = text.strip()
    if not text:
        return None, None
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        return None, f"{what} must be a number"
    if not low <= value <= high:
        return None, f"{what} must be between {low:g} and {high:g}"
    return value, None


def reference_for(form: EventForm) -> tuple[date | datetime | None, str | None]:
    """The report's date relative words resolve against: typed, else the first source's."""
    if form.reference_text.strip():
        try:
            return parse_time(
                form.reference_text, tz=form.tz or "UTC", day_first=form.day_first
            ).best, None
        except TimeParseError as exc:
            return None, str(exc)
    for citation in form.citations:
        if citation.source.published is not None:
            return citation.source.published.best, None
    return None, None


def _field_of(problem_field: str) -> str:
    """Map a validation field name ("citations[0].source.url") to the form field showing it."""
    head = problem_field.split("[", 1)[0].split(".", 1)[0]
    return {"lon": "lat", "location": "location_name"}.get(head, head)


def evaluate_form(form: EventForm) -> FormResult:
    """Parse and validate everything the editor holds."""
    errors: dict[str, str] = {}
    tz = form.tz.strip() or "UTC"
    if (problem := _zone_error(tz)) is not None:
        errors["tz"] = problem
        return FormResult(None, errors)
    reference, problem = reference_for(form)
    if problem:
        errors["reference"] = problem
    start = end = None
    if not form.start_text.strip():
        errors["start"] = "when did it happen? e.g. 'Wednesday morning' or '2016-12-14 05:00'"
    else:
        try:
            start = parse_time(
                form.start_text, reference=reference, tz=tz, day_first=form.day_first
            )
        except TimeParseError as exc:
            errors["start"] = str(exc)
    if form.end_text.strip():
        try:
            end = parse_time(form.end_text, reference=reference, tz=tz, day_first=form.day_first)
        except TimeParseError as exc:
            errors["end"] = str(exc)
    lat, lat_problem = _number(form.lat_text, -90, 90, "latitude")
    lon, lon_problem = _number(form.lon_text, -180, 180, "longitude")
    if lat_problem or lon_problem:
        errors["lat"] = lat_problem or lon_problem or ""
    if start is None:
        if not form.title.strip():
            errors.setdefault("title", "is empty")
        return FormResult(None, errors, start, end, reference)
    draft = EventDraft(
        title=form.title.strip(),
        start=start,
        end=end,
        description=form.description,
        category=form.category.strip() or None,
        status=form.status,
        location_name=form.location_name.strip() or None,
        lat=lat,
        lon=lon,
        actors=parse_actors(form.actors_text),
        tags=parse_tags(form.tags_text),
        citations=list(form.citations),
    )
    for problem_ in validate_event_draft(draft):
        errors.setdefault(_field_of(problem_.field), problem_.message)
    return FormResult(None if errors else draft, errors, start, end, reference)


def form_from_draft(draft: EventDraft, *, reference: str = "") -> EventForm:
    """The editor's fields for an existing event (times shown as originally written)."""

    def text_of(spec: TimeSpec | None) -> str:
        if spec is None:
            return ""
        if spec.text:
            return spec.text
        return spec.best.astimezone(
            ZoneInfo(spec.tz if _zone_error(spec.tz) is None else "UTC")
        ).strftime("%Y-%m-%d %H:%M")

    return EventForm(
        title=draft.title,
        description=draft.description,
        start_text=text_of(draft.start),
        end_text=text_of(draft.end),
        tz=draft.start.tz,
        reference_text=reference,
        category=draft.category or "",
        status=draft.status,
        location_name=draft.location_name or "",
        lat_text="" if draft.lat is None else f"{draft.lat:g}",
        lon_text="" if draft.lon is None else f"{draft.lon:g}",
        actors_text=format_actors(draft.actors),
        tags_text=", ".join(draft.tags),
        citations=list(draft.citations),
    )


def evaluate_citation(
    form: CitationForm, *, reference: date | datetime | None = None, tz: str = "UTC"
) -> tuple[CitationDraft | None, dict[str, str]]:
    """A citation draft from the citation editor, or a message per field."""
    errors: dict[str, str] = {}
    published = None
    if form.published_text.strip():
        try:
            published = parse_time(form.published_text, reference=reference, tz=tz)
        except TimeParseError as exc:
            errors["published"] = str(exc)
    source = SourceDraft(
        outlet=form.outlet.strip(),
        title=form.source_title.strip(),
        url=form.url.strip() or None,
        author=form.author.strip() or None,
        published=published,
        reliability=form.reliability or None,
    )
    draft = CitationDraft(
        source=source,
        quote=form.quote.strip(),
        credibility=form.credibility,
        stance=form.stance,
        note=form.note,
    )
    for problem in validate_citation(draft, "citation"):
        key = problem.field.rsplit(".", 1)[-1]
        errors.setdefault({"title": "source_title"}.get(key, key), problem.message)
    return (None if errors else draft), errors


def citation_form(draft: CitationDraft) -> CitationForm:
    s = draft.source
    published = ""
    if s.published is not None:
        published = s.published.text or s.published.best.strftime("%Y-%m-%d")
    return CitationForm(
        outlet=s.outlet,
        source_title=s.title,
        url=s.url or "",
        author=s.author or "",
        published_text=published,
        reliability=s.reliability or "",
        quote=draft.quote,
        credibility=draft.credibility,
        stance=draft.stance,
        note=draft.note,
    )


def citation_summary(draft: CitationDraft) -> str:
    """One line per citation for the editor's list: outlet, grade, stance, quote."""
    s = draft.source
    grade = f"{s.reliability or '?'}{draft.credibility or '?'}"
    quote = " ".join(draft.quote.split())
    quote = quote if len(quote) <= 60 else quote[:59] + "…"
    return f"{s.outlet or s.title or s.url or '?'} [{grade}] {draft.stance}: “{quote}”"


def shift_spec(spec: TimeSpec, delta_ms: int) -> TimeSpec:
    """The same uncertain time moved by `delta_ms`; the report's wording no longer applies."""
    delta = timedelta(milliseconds=delta_ms)
    return replace(
        spec,
        best=spec.best + delta,
        earliest=spec.earliest + delta,
        latest=spec.latest + delta,
        text="",
    )


def moved_draft(
    draft: EventDraft, delta_ms: int, *, category: str | bool | None = False
) -> EventDraft:
    """The event dragged by `delta_ms` (and into `category` unless it is False)."""
    moved = replace(
        draft,
        start=shift_spec(draft.start, delta_ms),
        end=shift_spec(draft.end, delta_ms) if draft.end else None,
    )
    if category is not False:
        moved = replace(moved, category=category or None)
    return moved
