"""The sources pane: plain text only, safe links, grades, stance groups."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QPushButton

from timeline_app.core.details import CitationDetail, EventDetail
from timeline_app.core.timespec import Precision, TimeSpec
from timeline_app.ui import detail_pane
from timeline_app.ui.detail_pane import DetailPane, safe_link


def a_detail(*citations: CitationDetail, title: str = "Shelling resumes") -> EventDetail:
    moment = datetime(2016, 12, 14, 7, tzinfo=UTC)
    spec = TimeSpec(moment, moment, moment, Precision.MINUTE, tz="UTC", text="7am")
    return EventDetail(
        id=1,
        title=title,
        description="",
        status="reported",
        contested=False,
        start=spec,
        end=None,
        category=None,
        category_color=None,
        location=None,
        lat=None,
        lon=None,
        actors=(),
        tags=(),
        citations=citations,
    )


def a_citation(
    citation_id: int = 1,
    *,
    url: str | None = "https://example.org/a",
    stance: str = "supports",
    quote: str = "it started",
) -> CitationDetail:
    return CitationDetail(
        citation_id=citation_id,
        source_id=citation_id,
        outlet="Outlet",
        source_title="Report",
        author=None,
        url=url,
        published=None,
        reliability="B",
        credibility=2,
        stance=stance,
        quote=quote,
        note="",
    )


def test_markup_in_titles_and_quotes_is_shown_literally(qtbot):
    """Imported HTML is shown as the characters it is, never rendered or fetched."""
    pane = DetailPane()
    qtbot.addWidget(pane)
    hostile = '<b>bold</b><img src="http://evil.example/x.png">'
    pane.show_detail(a_detail(a_citation(quote=hostile), title=hostile))
    texts = pane.texts()
    assert texts[0] == hostile
    assert any(hostile in t for t in texts[1:])


def test_only_http_links_get_an_open_button(qtbot, monkeypatch):
    """A javascript: or file: link is displayed as text and cannot be opened from the pane;
    an http(s) link opens once the user confirms its full URL."""
    asked: list[str] = []
    monkeypatch.setattr(
        detail_pane, "confirm_open_link", lambda parent, url: asked.append(url.toString()) or True
    )
    pane = DetailPane()
    qtbot.addWidget(pane)
    pane.show_detail(
        a_detail(
            a_citation(1, url="https://example.org/a"),
            a_citation(2, url="file:///etc/passwd"),
            a_citation(3, url="javascript:alert(1)"),
        )
    )
    buttons = pane.widget().findChildren(QPushButton)
    assert [b.toolTip() for b in buttons] == ["https://example.org/a"]
    assert any("not http/https" in t and "file:///etc/passwd" in t for t in pane.texts())
    opened: list[QUrl] = []
    pane.link_requested.disconnect()
    pane.link_requested.connect(opened.append)
    buttons[0].click()
    assert asked == ["https://example.org/a"]
    assert [u.toString() for u in opened] == ["https://example.org/a"]


def test_safe_link_rejects_other_schemes():
    """Links are opened in the browser only for well-formed http and https URLs."""
    assert safe_link("https://www.middleeasteye.net/x").scheme() == "https"
    for bad in ("ftp://x.org/a", "javascript:alert(1)", "http://", "http://exa mple.org", None):
        assert safe_link(bad) is None


def test_grades_and_stance_groups(qtbot):
    """Each citation shows its Admiralty grade, and contradicting ones are grouped apart."""
    pane = DetailPane()
    qtbot.addWidget(pane)
    pane.show_detail(a_detail(a_citation(1), a_citation(2, stance="contradicts")))
    texts = pane.texts()
    assert "SUPPORTS (1)" in texts and "CONTRADICTS (1)" in texts
    assert sum("[B2]" in t for t in texts) == 2


def test_unsourced_event_says_so(qtbot):
    """An event without any citation is flagged as unsourced."""
    pane = DetailPane()
    qtbot.addWidget(pane)
    pane.show_detail(a_detail())
    assert any("unsourced" in t for t in pane.texts())
