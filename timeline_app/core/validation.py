"""Validation of drafts: the one place that decides what may reach the database.

The editor dialog shows these messages next to their fields, the CLI prints them, the
importers report them per row; the limits are documented in the README.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

from timeline_app.core.drafts import CitationDraft, EventDraft, SourceDraft

MAX_TITLE = 500
MAX_TEXT = 20_000  # description, quote, notes
MAX_NAME = 300  # outlet, author, actor, tag, category, location
MAX_URL = 2_000
STATUSES = ("reported", "confirmed", "disputed", "denied")
STANCES = ("supports", "contradicts", "context")
#: C0 control characters refused in one-line fields (titles, names): all but tab.
_CONTROL_LINE = re.compile(r"[\x00-\x08\x0a-\x1f]")
#: ... and in multi-line text (description, quote, notes): all but tab, line feed and CR.
_CONTROL_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_CONTROL_NAMES = {"\x00": "NUL", "\n": "line break", "\r": "line break"}


@dataclass(frozen=True, slots=True)
class FieldError:
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class ValidationError(ValueError):
    """Raised where a caller needs an exception rather than a list of problems."""

    def __init__(self, problems: list[FieldError]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def url_problem(url: str | None) -> str | None:
    """Say what is wrong with a source URL, or None: only http(s) links may be opened later."""
    if not url:
        return None
    if len(url) > MAX_URL:
        return f"longer than {MAX_URL} characters"
    if any(ch.isspace() for ch in url):
        return "contains spaces"
    if _CONTROL_LINE.search(url):
        return "contains a control character"
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError as exc:
        return f"is not a valid URL ({exc})"
    if parts.scheme.lower() not in ("http", "https"):
        return f"only http and https links are allowed (got {parts.scheme or 'no scheme'!r})"
    if not host or ("." not in host and host != "localhost"):
        return "has no valid host name"
    return None


def _length(
    field: str, value: str | None, limit: int, *, multiline: bool = False
) -> list[FieldError]:
    """Too long, or holding control characters (which truncate text in other tools, break
    CSV readers and can hide text): tab is allowed everywhere, line breaks only in
    multi-line text."""
    if not value:
        return []
    if len(value) > limit:
        return [FieldError(field, f"longer than {limit:,} characters ({len(value):,})")]
    found = (_CONTROL_TEXT if multiline else _CONTROL_LINE).search(value)
    if found:
        char = found[0]
        name = _CONTROL_NAMES.get(char) or unicodedata.name(char, "") or "control character"
        message = f"contains a control character (U+{ord(char):04X} {name}) at position "
        message += f"{found.start() + 1}; remove it"
        return [FieldError(field, message)]
    return []


def validate_source(source: SourceDraft, prefix: str = "source") -> list[FieldError]:
    """Problems of one source draft."""
    problems = _length(f"{prefix}.outlet", source.outlet, MAX_NAME)
    problems += _length(f"{prefix}.title", source.title, MAX_TITLE * 2)
    problems += _length(f"{prefix}.author", source.author, MAX_NAME)
    problems += _length(f"{prefix}.notes", source.notes, MAX_TEXT, multiline=True)
    if message := url_problem(source.url):
        problems.append(FieldError(f"{prefix}.url", message))
    if source.reliability is not None and source.reliability not in "ABCDEF":
        problems.append(FieldError(f"{prefix}.reliability", "must be one of A-F"))
    if not (source.outlet or source.title or source.url):
        problems.append(FieldError(f"{prefix}.outlet", "a source needs an outlet, title or URL"))
    return problems


def validate_citation(citation: CitationDraft, prefix: str = "citation") -> list[FieldError]:
    """Problems of one citation draft and its source."""
    problems = validate_source(citation.source, f"{prefix}.source")
    problems += _length(f"{prefix}.quote", citation.quote, MAX_TEXT, multiline=True)
    problems += _length(f"{prefix}.note", citation.note, MAX_TEXT, multiline=True)
    if citation.credibility is not None and not 1 <= citation.credibility <= 6:
        problems.append(FieldError(f"{prefix}.credibility", "must be 1-6"))
    if citation.stance not in STANCES:
        problems.append(FieldError(f"{prefix}.stance", f"must be one of {', '.join(STANCES)}"))
    return problems


def title_problems(title: str) -> list[FieldError]:
    """Problems of an event's title alone (see `description_problems`)."""
    problems = [FieldError("title", "is empty")] if not title or not title.strip() else []
    return problems + _length("title", title, MAX_TITLE)


def description_problems(text: str | None) -> list[FieldError]:
    """Problems of an event's description alone: big imports check each row's own text with
    it and every part the rows share once, instead of validating whole drafts row by row."""
    return _length("description", text, MAX_TEXT, multiline=True)


def validate_event_draft(draft: EventDraft) -> list[FieldError]:
    """Every problem of an event draft, in field order; an empty list means it may be stored."""
    problems = title_problems(draft.title)
    problems += description_problems(draft.description)
    # The same rule as the store's: the best estimate of the end may not precede the start's.
    if draft.end is not None and draft.end.best < draft.start.best:
        problems.append(FieldError("end", "is before the start"))
    if draft.status not in STATUSES:
        problems.append(FieldError("status", f"must be one of {', '.join(STATUSES)}"))
    problems += _length("category", draft.category, MAX_NAME)
    problems += _length("location", draft.location_name, MAX_NAME)
    if draft.lat is not None and not -90 <= draft.lat <= 90:
        problems.append(FieldError("lat", "latitude must be between -90 and 90"))
    if draft.lon is not None and not -180 <= draft.lon <= 180:
        problems.append(FieldError("lon", "longitude must be between -180 and 180"))
    if (draft.lat is None) != (draft.lon is None):
        problems.append(FieldError("lat", "give both latitude and longitude, or neither"))
    for name, role in draft.actors:
        problems += _length("actors", name, MAX_NAME) + _length("actors", role, MAX_NAME)
        if not name.strip():
            problems.append(FieldError("actors", "an actor has no name"))
    for tag in draft.tags:
        problems += _length("tags", tag, MAX_NAME)
    for index, citation in enumerate(draft.citations):
        problems += validate_citation(citation, f"citations[{index}]")
    return problems
