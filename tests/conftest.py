"""Fixtures for the whole suite: `ambassador` runs the command in this process, as a subprocess would.

Golden outputs are compared from here rather than from one subprocess each (a Python start and the game's
imports cost more than the command itself); a few tests in each package still start the real command, so the
process as people meet it stays covered.
"""

from __future__ import annotations

import contextlib
import gc
import io
import os
import sys
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest

from game.cli import main

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Ran:
    """What a finished command left: the same three fields as ``subprocess.CompletedProcess``."""

    returncode: int
    stdout: str
    stderr: str


Ambassador = Callable[..., Ran]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests marked slow first, the others after them, each in the files' order (a stable sort): spread
    over pytest-xdist's workers, the longest start at once, not last, when one worker would run them alone."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


#: Allocations between two collections of the youngest generation (Python's default: 700). A test process
#: holds a large heap (the game, Textual, numpy, hypothesis, every test module) that the collector walks
#: again and again: about 17 % of the workers' CPU went to it (measured with gc.callbacks over the whole
#: suite: 24 of 141 CPU-seconds).
GC_YOUNG = 10_000


#: The packages that pytest rewrites the asserts of, as it does for every package that provides a plugin, and
#: that the suite's own asserts never run through: hypothesis (73 modules, which each test process parsed,
#: rewrote and compiled again instead of loading their compiled files: about 0.35 CPU-seconds per process).
UNREWRITTEN = ("hypothesis",)


def _leave_unrewritten(names: tuple[str, ...]) -> None:
    """Take ``names`` off pytest's list of plugin packages to rewrite (the assertion rewriting hook's
    ``_must_rewrite``, filled before this file is imported; hypothesis is first imported after it, by the test
    modules). Test modules and conftest files are rewritten as before."""
    for finder in sys.meta_path:
        marked = getattr(finder, "_must_rewrite", None)
        if isinstance(marked, set):
            marked.difference_update(names)


_leave_unrewritten(UNREWRITTEN)


def pytest_configure(config: pytest.Config) -> None:
    """The collector runs less often in test processes (GC_YOUNG); the older generations keep their ratios."""
    gc.set_threshold(GC_YOUNG, *gc.get_threshold()[1:])


def pytest_collection_finish(session: pytest.Session) -> None:
    """What is imported and collected by now lives as long as the process: moved out of the collector's
    generations (gc.freeze), the full collections during the tests no longer walk it. Garbage made later,
    cycles included, is still collected: in fixtures as before, and a test body's once the body ends
    (pytest_runtest_call, which pauses the collector while the body runs)."""
    gc.collect()
    gc.freeze()


def forget_textual_caches() -> None:
    """Textual's cache of background styles (``StylesCache.get_inner_outer``, an lru_cache of 1,024 entries on
    a method) is keyed by each widget's StylesCache, which holds the lines the widget drew last, so it kept the
    drawings of finished apps alive: after the TUI tests, one process held 240,000 objects the collector
    tracks, 47,000 once this runs after each test. Every full collection walks them: pytest's five at the end
    of each worker (its search for unraisable exceptions) and those during the tests (measured on
    tests/tui/test_tui_{small,snapshots,play}.py in one process: full collections 2.6 against 1.3
    CPU-seconds, pytest's end 1.3 against 0.5). Nothing if no test has imported Textual."""
    styles = sys.modules.get("textual._styles_cache")
    if styles is not None:
        styles.StylesCache.get_inner_outer.cache_clear()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, object, object]:
    """The test's body runs with the collector paused; what it left is collected as soon as it ends (its garbage
    is all in the youngest generation then, so one collection of that generation frees it). A TUI test's app
    lives the whole test: while it ran, each collection of the middle generation walked it again, and the
    full ones too (tests/tui/test_tui_play.py, test_tui_snapshots.py and tests/classroom/test_served.py in one
    process, alternated twice: 4.9 and 5.0 CPU-seconds of collections against 4.0 and 3.4, and less memory at
    its peak, 90 MiB against 111). An explicit ``gc.collect()`` in a test still collects; a file or socket
    left open in a cycle is still found, in the same test's teardown."""
    gc.disable()
    try:
        return (yield)
    finally:
        gc.enable()
        gc.collect(0)


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item: pytest.Item) -> None:
    """After each test's own teardown: what the finished test's apps drew is let go (forget_textual_caches)."""
    forget_textual_caches()


#: Workers beyond the cores (``-n auto``). A third of the tests' time is waiting, not computing (-n 0: 83 of
#: 222 seconds): the TUI tests sleep while Textual's Pilot lets the app settle (at least 40 ms after every
#: key), the served, web and browser tests wait on other processes, one waits out the game's lock timeout.
#: With one spare worker on two cores, two workers are often waiting at once and a core idles; xdist's
#: scheduling replayed with each test's measured CPU and wall time finishes in 85 s with three workers, 79 s
#: with four (each worker's start and collection included, about 3 CPU-seconds), no sooner with five.
SPARE_WORKERS = 2


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto`` (the README's pytest): SPARE_WORKERS more than the cores this process may use."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return cores + SPARE_WORKERS


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The test's own data folder (saves, records) and working folder, so nothing reaches the user's. A package
    whose games need more (the TUI's settings, the plain game's stdin) has a ``home`` of its own."""
    home = tmp_path / "home"
    monkeypatch.setenv("AMBASSADOR_HOME", str(home))
    monkeypatch.chdir(tmp_path)
    return home


FACTS = ROOT.parent / "shared" / "history" / "FACTS.md"
#: The directive itself (the translation the game quotes), beside FACTS.md.
DIRECTIVE = ROOT.parent / "shared" / "seed" / "directive-1980-03-04.txt"


def missing(what: str, how: str) -> NoReturn:
    """A requirement of the environment (a file beside the clone, a browser, a package) is not there: the test
    skips, saying what is missing and how to get it, except under CI=true, where it fails: CI provides every
    requirement (.ci/run), so a skip there would hide a test that never ran."""
    message = f"{what} is missing: {how}"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message} (CI=true: a missing requirement fails, it does not skip)", pytrace=False)
    pytest.skip(message)


def _shared(path: Path) -> str:
    """A file of shared/ beside the clone (see ``missing`` where it is absent)."""
    if not path.is_file():
        missing(str(path), "shared/ is laid beside the clone (CI does so)")
    return path.read_text(encoding="utf-8")


@pytest.fixture
def facts() -> str:
    """FACTS.md's text (see _shared for where it is missing)."""
    return _shared(FACTS)


@pytest.fixture
def directive() -> str:
    """The directive's translation, the text the scenarios quote (see _shared for where it is missing)."""
    return _shared(DIRECTIVE)


@contextlib.contextmanager
def _cwd(path: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


@pytest.fixture
def ambassador(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Ambassador:
    """``ambassador(*args, cwd=ROOT, stdin="")``: `ambassador ARGS` run by ``game.cli.main`` in this process, with
    the test's own data folder (``tmp_path / "home"``, the folder the packages' ``home`` fixtures use); usage
    errors give exit code 2 as argparse's do in a real process."""
    monkeypatch.setenv("AMBASSADOR_HOME", str(tmp_path / "home"))

    def run(*args: str, cwd: Path = ROOT, stdin: str = "") -> Ran:
        out, err = io.StringIO(), io.StringIO()
        with _cwd(cwd), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), \
                monkeypatch.context() as patch:
            patch.setattr(sys, "stdin", io.StringIO(stdin))
            try:
                code = main(list(args))
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 2
        return Ran(code, out.getvalue(), err.getvalue())

    return run


# --- plain games on a disk that is full --------------------------------------------------------------------

def play_plain(lines: list[str], record: Path | None = None) -> tuple[int, str]:
    """The tutorial in plain mode (seed 7, Ann), ``lines`` typed in: its exit code and what it printed."""
    import argparse

    import game.plain

    args = argparse.Namespace(scenario="tutorial", plain=True, seed=7, name="Ann", difficulty="", record=record,
                              resume=False)
    out = io.StringIO()
    code = game.plain.run(args, io.StringIO("".join(f"{line}\n" for line in lines)), out, io.StringIO())
    return code, out.getvalue()


def full_disk(*_: object) -> NoReturn:
    """Writing a file on a disk with no space left."""
    import errno

    raise OSError(errno.ENOSPC, "No space left on device")


def disk_fills_after(monkeypatch: pytest.MonkeyPatch, writes: int) -> None:
    """The session's first ``writes`` saves or records are written; every one after them finds the disk full."""
    import game.session
    from game.records import write_new_record, write_record

    done: list[Path] = []

    def write(path: Path, record: object) -> None:
        done.append(path)
        if len(done) > writes:
            full_disk()
        write_record(path, record)  # type: ignore[arg-type]

    def write_new(path: Path, record: object) -> Path:  # a finished game's record
        done.append(path)
        if len(done) > writes:
            full_disk()
        return write_new_record(path, record)  # type: ignore[arg-type]

    monkeypatch.setattr(game.session, "write_record", write)
    monkeypatch.setattr(game.session, "write_new_record", write_new)


# --- a scenario's text and what validate says of it ------------------------------------------------------------

def problems_of(text: str, name: str = "s.toml") -> list[str]:
    """What `validate` says of ``text``, a scenario file named ``name`` that must not load: each problem as it
    prints it."""
    from game.scenario.loader import check_bytes

    scenario, found = check_bytes(text.encode("utf-8"), name)
    assert scenario is None
    return [str(p) for p in found]


def line_of(text: str, start: str) -> int:
    """The number (from 1) of the first line of ``text`` that begins with ``start``."""
    return next(k for k, line in enumerate(text.splitlines(), 1) if line.startswith(start))
