"""TimelineJS (Knight Lab) JSON into drafts; the slide mapping is shared with its CSV template.

Mapping:

* ``title`` slide -> the import's title (it has no date, so it is not an event).
* each of ``events[]`` -> an event. ``start_date`` / ``end_date`` objects: the date parts
  present set the precision (year only -> YEAR, + month -> MONTH, + day -> DAY, + hour ->
  HOUR, + minute -> MINUTE, + second -> SECOND) and the bounds cover that unit. TimelineJS
  has no time zones: times are read in `tz` (UTC unless the caller knows better).
  ``display_date`` is kept as the time's original wording. Years before 1 (TimelineJS allows
  cosmological scales) cannot be shown: those slides are skipped with the reason.
* ``text.headline`` -> title, ``text.text`` -> description, both as plain text (tags stripped,
  entities unescaped); an empty headline takes the first ~80 characters of the text.
* links (``<a href>``) in headline, text, media caption or credit keep their visible text and
  become sources (stance "context": background reading, not a witness to the event); only
  http(s) links, others stay text only.
* ``media.url`` that is an http(s) link -> a source (stance "supports"), titled with the
  caption, its outlet the credit. Media that is not a link (TimelineJS also embeds quotes
  and HTML) is appended to the description as plain text.
* ``group`` -> category. ``unique_id``, ``background``, ``autolink`` are not kept.
* ``eras[]`` -> span events tagged "era" (kept rather than dropped, so the periods the
  author marked stay visible and can be filtered by that tag).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

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
    link_sources,
    period_spec,
    short_title,
)
from timeline_app.io.importers.html_text import html_to_text, one_line

DATE_PARTS = ("year", "month", "day", "hour", "minute", "second")


class SlideError(ValueError):
    """A slide cannot become an event; the message says which part and why."""


def _number(value: Any, name: str) -> int | None:
    text = "" if value is None else str(value).strip()
    if not text:
        return None
    try:
        return int(float(text)) if text.endswith(".0") else int(text)
    except ValueError:
        raise SlideError(f"{name} {text!r} is not a whole number") from None


def date_spec(obj: Any, name: str, tz: str) -> TimeSpec | None:
    """A TimelineJS date object as a TimeSpec (None when absent or empty)."""
    if not isinstance(obj, Mapping):
        return None
    parts = [_number(obj.get(part), f"{name}.{part}") for part in DATE_PARTS]
    display = one_line(obj.get("display_date"))
    if all(p is None for p in parts):
        if display:
            raise SlideError(f"{name}: only a display_date ({display!r}), no year")
        return None
    if parts[0] is None:
        raise SlideError(f"{name}: no year")
    given = [p for p in parts if p is not None]
    numeric = "-".join(f"{p:02}" for p in given[:3])
    numeric += " " + ":".join(f"{p:02}" for p in given[3:]) if len(given) > 3 else ""
    try:
        return period_spec(*parts, tz=tz, text=display or numeric)
    except ValueError as exc:
        raise SlideError(f"{name}: {exc}") from None


def slide_draft(slide: Mapping[str, Any], tz: str, *, era: bool = False) -> EventDraft:
    """One TimelineJS slide (event or era) as an EventDraft; SlideError if it has no date."""
    text = slide.get("text") if isinstance(slide.get("text"), Mapping) else {}
    media = slide.get("media") if isinstance(slide.get("media"), Mapping) else {}
    headline, headline_links = html_to_text(_str(text.get("headline")))
    body, body_links = html_to_text(_str(text.get("text")))
    caption, caption_links = html_to_text(_str(media.get("caption")))
    credit, credit_links = html_to_text(_str(media.get("credit")))
    start = date_spec(slide.get("start_date"), "start_date", tz)
    if start is None:
        raise SlideError("no start_date")
    end = date_spec(slide.get("end_date"), "end_date", tz)
    title = one_line(headline) or short_title(body)
    description = [body] if body else []
    citations: list[CitationDraft] = []
    media_url = _str(media.get("url")).strip()
    if http_url(media_url):
        outlet = one_line(credit)[:300]
        source = SourceDraft(outlet=outlet, title=one_line(caption) or title, url=media_url)
        citations.append(CitationDraft(source))
    elif media_url or caption or credit:
        shown = html_to_text(media_url)[0]
        label = " — ".join(p for p in (caption, credit) if p)
        description.append("\n".join(p for p in (shown, f"Media: {label}" if label else "") if p))
    known = {c.source.url for c in citations}
    for source in link_sources(headline_links + body_links + caption_links + credit_links):
        if source.url not in known:
            citations.append(CitationDraft(source, stance="context"))
    return EventDraft(
        title=title,
        start=start,
        end=end,
        description="\n\n".join(d for d in description if d),
        category=one_line(slide.get("group")) or None,
        tags=["era"] if era else [],
        citations=citations,
    )


def _str(value: Any) -> str:
    return "" if value is None else str(value)


def where(label: str, slide: Any) -> str:
    """'events[3] "Ada Lovelace"': position and headline, so the user finds the slide."""
    text = slide.get("text") if isinstance(slide, Mapping) else None
    headline = one_line(text.get("headline")) if isinstance(text, Mapping) else ""
    return label + (f' "{short_title(headline, 60)}"' if headline else "")


def read_slides(
    out: Collector, slides: list[tuple[str, Any, bool]], tz: str, ticker: Ticker
) -> None:
    """Turn (position label, slide, is_era) into drafts; skip those that cannot be events."""
    for count, (label, slide, era) in enumerate(slides, 1):
        ticker.tick(count)
        if not isinstance(slide, Mapping):
            out.skip(label, "not an object")
            continue
        try:
            draft = slide_draft(slide, tz, era=era)
        except SlideError as exc:
            out.skip(where(label, slide), str(exc))
            continue
        out.add(draft, where(label, slide))
    ticker.end()


def read_timelinejs_json(
    path: Path | str,
    *,
    tz: str = "UTC",
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportResult:
    """Read a TimelineJS JSON file (the object TimelineJS is given: title, events, eras)."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise file_error(path, f"cannot open: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise file_error(path, f"not UTF-8 text ({exc.reason})") from None
    except json.JSONDecodeError as exc:
        raise file_error(path, f"line {exc.lineno}: not valid JSON ({exc.msg})") from None
    except RecursionError:
        raise file_error(path, "JSON nested too deeply to be a TimelineJS file") from None
    if not isinstance(data, dict) or not isinstance(data.get("events"), list):
        raise file_error(path, 'not a TimelineJS file (no "events" list)')
    eras = data.get("eras") if isinstance(data.get("eras"), list) else []
    title_slide = data.get("title") if isinstance(data.get("title"), Mapping) else {}
    text = title_slide.get("text") if isinstance(title_slide.get("text"), Mapping) else {}
    out = Collector(title=one_line(text.get("headline")) or path.stem)
    slides = [(f"events[{i}]", s, False) for i, s in enumerate(data["events"])]
    slides += [(f"eras[{i}]", s, True) for i, s in enumerate(eras)]
    read_slides(out, slides, tz, Ticker(progress, cancelled, len(slides)))
    return out.finish()
