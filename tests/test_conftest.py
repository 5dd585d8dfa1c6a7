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


def test_the_collector_waits_for_the_end_of_the_test_and_frees_its_garbage_then() -> None:
    """conftest.pytest_runtest_call: a test's body runs with the garbage collector paused (the running test's
    objects, a TUI test's whole app, are not walked again and again while it runs); once the body ends, the
    collector runs again and the cycles the body left are freed at once (its youngest generation collected),
    not whenever enough objects are allocated later."""
    import gc
    import weakref

    import conftest

    assert not gc.isenabled()  # this test's own body

    class Node:
        other: object = None

    body = conftest.pytest_runtest_call(None)  # type: ignore[arg-type]  # the wrapper, run around a body
    gc.enable()
    next(body)
    assert not gc.isenabled()
    a, b = Node(), Node()
    a.other, b.other = b, a  # a cycle: only the collector frees it
    left = weakref.ref(a)
    del a, b
    with pytest.raises(StopIteration):
        body.send(None)
    try:
        assert gc.isenabled()
        assert left() is None
    finally:
        gc.disable()  # as it was: the rest of this test's body
