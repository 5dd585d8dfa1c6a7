"""The suite's own set-up (tests/conftest.py): what it changes in pytest's ways keeps every test as it was."""

from __future__ import annotations

import os
import sys

import hypothesis.core
import pytest
from _pytest.assertion.rewrite import AssertionRewritingHook


def test_hypothesis_loads_compiled_and_the_tests_are_still_rewritten() -> None:
    """conftest.UNREWRITTEN: hypothesis is imported as Python imports it (its compiled files), not parsed and
    rewritten by pytest in every test process; the test modules' asserts are rewritten as before (a failing
    assert shows its values)."""
    assert not isinstance(hypothesis.core.__loader__, AssertionRewritingHook)
    assert isinstance(sys.modules[__name__].__loader__, AssertionRewritingHook)


def test_auto_runs_two_workers_more_than_the_cores(monkeypatch: pytest.MonkeyPatch,
                                                   pytestconfig: pytest.Config) -> None:
    """``-n auto`` (the README's pytest) on a machine of two cores runs four workers: two of them may wait (on
    the TUI's Pilot, a server, a browser) while the other two keep both cores busy."""
    import conftest

    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    assert conftest.pytest_xdist_auto_num_workers(pytestconfig) == 4
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0}, raising=False)
    assert conftest.pytest_xdist_auto_num_workers(pytestconfig) == 3


def test_textual_lets_go_of_the_widgets_of_a_finished_test() -> None:
    """conftest.forget_textual_caches, run after every test: Textual's cache of background styles is keyed by
    each widget's StylesCache (an lru_cache on a method, 1,024 entries), which holds the lines the widget drew;
    a test process kept some 17,000 such lines (120,000 objects) of finished apps alive, and every full
    collection of the garbage collector walked them again. Once forgotten, they are freed."""
    import gc
    import weakref

    import conftest
    from textual._styles_cache import StylesCache
    from textual.color import Color

    cache = StylesCache()
    cache.get_inner_outer(Color(1, 2, 3), Color(4, 5, 6))
    kept = weakref.ref(cache)
    del cache
    gc.collect()
    assert kept() is not None  # what Textual does: the entry keeps the StylesCache (and its lines) alive
    conftest.forget_textual_caches()
    gc.collect()
    assert kept() is None
    assert StylesCache.get_inner_outer.cache_info().currsize == 0
