"""Warnings of our own, turned into errors by the test suite."""


class TimelineWarning(UserWarning):
    """Something the app tolerated but a developer should fix."""
