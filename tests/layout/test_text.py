"""Text helpers: right-to-left detection for imported titles."""

from __future__ import annotations

import pytest

from timeline_app.layout.text import is_rtl


@pytest.mark.parametrize(
    ("text", "rtl"),
    [
        ("Shelling resumes", False),
        ("قصف على حلب", True),
        ("  «قصف» 2016", True),
        ("2016: שריפה", True),
        ("AFP: قصف", False),
        ("", False),
        ("123 !?", False),
    ],
)
def test_direction_follows_the_first_strong_character(text: str, rtl: bool) -> None:
    """Arabic or Hebrew titles would be laid out left-to-right (or Latin ones right-to-left)."""
    assert is_rtl(text) is rtl
