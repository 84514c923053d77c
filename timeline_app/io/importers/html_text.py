"""Imported HTML becomes plain text: the app never renders imported markup.

TimelineJS slides, and sometimes spreadsheet cells, hold HTML. We keep what a reader of the
page would see: text, with block elements (p, br, li, blockquote...) as line breaks, entities
unescaped, script/style dropped. Links keep their visible text; their targets are returned
separately so importers can turn the http(s) ones into sources (other schemes are dropped).
Text that does not look like HTML is returned as it is (only stripped, and CRLF or CR line
breaks made LF), so plain-text fields keep their own line breaks.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_LOOKS_LIKE_HTML = re.compile(
    r"<[A-Za-z!/][^>]*>|&(?:[A-Za-z][A-Za-z0-9]{1,30}|#\d{1,7}|#x[0-9A-Fa-f]{1,6});"
)
#: Elements that stand apart as paragraphs (a blank line around them) ...
_PARAGRAPHS = frozenset(
    ("address", "article", "aside", "blockquote", "div", "dl", "figcaption", "figure",
     "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "main", "nav", "ol", "p",
     "pre", "section", "table", "ul")
)  # fmt: skip
#: ... and elements that only start a new line.
_LINES = frozenset(("br", "dd", "dt", "li", "tr"))
_HIDDEN = frozenset(("script", "style", "template", "head", "title"))
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_BLANK_LINES = re.compile(r"\n\s*\n\s*(?:\n\s*)+")


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.links: list[tuple[str, str]] = []
        self._hidden = 0
        self._href: str | None = None
        self._link_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self._hidden += 1
        elif tag in _PARAGRAPHS:
            self.chunks.append("\n\n")
        elif tag in _LINES:
            self.chunks.append("\n")
        elif tag == "a":
            self._href = next((v for k, v in attrs if k == "href" and v), None)
            self._link_text = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _PARAGRAPHS or tag in _LINES:
            self.chunks.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag in _PARAGRAPHS:
            self.chunks.append("\n\n")
        elif tag == "a" and self._href is not None:
            label = _SPACES.sub(" ", "".join(self._link_text).replace("\n", " ")).strip()
            self.links.append((self._href.strip(), label))
            self._href = None

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        data = data.replace("\n", " ")
        self.chunks.append(data)
        if self._href is not None:
            self._link_text.append(data)


def looks_like_html(text: str) -> bool:
    return ("<" in text or "&" in text) and _LOOKS_LIKE_HTML.search(text) is not None


def html_to_text(text: str | None) -> tuple[str, list[tuple[str, str]]]:
    """Plain text of `text` and its links as (href, visible text), in document order."""
    if not text:
        return "", []
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # CRLF inside quoted CSV cells
    if not looks_like_html(text):
        return text.strip(), []
    parser = _TextParser()
    parser.feed(text)
    parser.close()
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(parser.chunks).split("\n"))
    plain = "\n".join(lines)
    return _BLANK_LINES.sub("\n\n", plain).strip(), parser.links


def plain(text: object) -> str:
    """Plain text of a cell that may hold HTML (links dropped, their text kept)."""
    if text is None:
        return ""
    return html_to_text(str(text))[0]


def one_line(text: object) -> str:
    """Plain text on one line: for titles, names, categories."""
    return _SPACES.sub(" ", plain(text).replace("\n", " ")).strip()
