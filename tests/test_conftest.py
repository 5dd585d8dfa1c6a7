"""The suite's own set-up (tests/conftest.py): what it changes in pytest's ways keeps every test as it was."""

from __future__ import annotations

import sys

import hypothesis.core
from _pytest.assertion.rewrite import AssertionRewritingHook


def test_hypothesis_loads_compiled_and_the_tests_are_still_rewritten() -> None:
    """conftest.UNREWRITTEN: hypothesis is imported as Python imports it (its compiled files), not parsed and
    rewritten by pytest in every test process; the test modules' asserts are rewritten as before (a failing
    assert shows its values)."""
    assert not isinstance(hypothesis.core.__loader__, AssertionRewritingHook)
    assert isinstance(sys.modules[__name__].__loader__, AssertionRewritingHook)
