"""The reliability and security suite (issue 7): storage, crashes, hostile input, safe display.

Its tests come from every layer, so it borrows the fixtures of those layers' suites: the
store fixtures of tests/core, and the GUI fixtures of tests/ui (`window`, `aleppo_file` and
`isolated_settings`, which gives every test here empty QSettings in a temporary folder).
The crash test runs TIMELINE_CRASH_ITERATIONS kills (default 32).
"""

from tests.core.conftest import store, timeline_file  # noqa: F401 - fixtures
from tests.ui.conftest import aleppo_file, isolated_settings, window  # noqa: F401 - fixtures
