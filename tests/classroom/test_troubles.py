"""A store that cannot be written: read-only, a full disk, locked by another program. Each is made for real by
SQLite (a read-only connection, a size limit the next row passes, a second connection holding the lock), so
the errors are SQLite's own and the tests run as root too. The game goes on, the teacher and the student are
told in words, and no game is lost: once the store can be written, the next record stores the whole game."""

from __future__ import annotations

import dataclasses
import errno
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest

from game.classroom.serve import GameSink
from game.classroom.store import Store, StoreError, write_error
from game.records import Record, read

from .conftest import CLASS


def _months(months: int, *, finished: bool = False) -> Record:
    """Anna's game (the mini scenario) after ``months`` months, as big as a year's game with its reflections
    (more than a page of the store: storing it takes new pages, which a full disk refuses)."""
    anna = dataclasses.replace(read(CLASS / "anna.json"), extra={"notes": "a year's reflections " * 400})
    if finished:
        return dataclasses.replace(anna, seal=None)
    return dataclasses.replace(anna, turns=anna.turns[:months], finished=False, ending=None, score=None, seal=None)


def _read_only(store: Store) -> Callable[[bool], None]:
    def switch(on: bool) -> None:
        store._db.execute(f"PRAGMA query_only = {int(on)}")

    return switch


def _full(store: Store) -> Callable[[bool], None]:
    def switch(on: bool) -> None:
        pages = store._db.execute("PRAGMA page_count").fetchone()[0]
        store._db.execute(f"PRAGMA max_page_count = {pages if on else 1_000_000}")

    return switch


@contextmanager
def _locked(db: Path) -> Iterator[None]:
    """Another program holds the store: a second connection in an exclusive transaction."""
    with closing(sqlite3.connect(db, isolation_level=None)) as other:
        other.execute("BEGIN EXCLUSIVE")
        yield
        other.execute("ROLLBACK")


def _locker(db: Path) -> Callable[[bool], None]:
    other = sqlite3.connect(db, isolation_level=None)

    def switch(on: bool) -> None:
        other.execute("BEGIN EXCLUSIVE" if on else "ROLLBACK")

    return switch


TROUBLES = {
    "read-only": (_read_only, "the classroom store cannot be written: it is read-only"),
    "full": (_full, "the classroom store cannot be written: the disk is full"),
    "locked": (lambda store: _locker(store.path), "the classroom store cannot be written: another program holds "
                                                   "it locked"),
}


@pytest.mark.parametrize("kind", TROUBLES)
def test_a_store_that_cannot_be_written_says_why_and_loses_no_game(tmp_path: Path, kind: str) -> None:
    make, words = TROUBLES[kind]
    said: list[str] = []
    with Store(tmp_path / "class.sqlite3", wait=0.2) as store:
        switch = make(store)
        sink = GameSink(store, "3B", owner="K7PD-3RXM", trouble=said.append)
        sink(_months(0))  # the start is stored
        switch(True)
        with pytest.raises(StoreError) as refused:
            sink(_months(1))  # month 1 cannot be: the game tells the student the StoreError's words
        assert refused.value.kind == kind and str(refused.value).startswith(words)
        assert said == [str(refused.value)]  # and the teacher
        switch(False)
        sink(_months(2, finished=True))  # the store can be written again: the end holds month 1 too
        assert said[-1] == ""  # the teacher is told
        switch(True)
        with pytest.raises(StoreError):
            sink(_months(0))  # the student's next game cannot be stored at its start...
        switch(False)
        assert sink.flush()  # ...until the game's process ends and tries again
        rows = store.rows("3B")
    assert [(r.months, r.finished) for r in rows] == [(0, False), (2, True), (0, False)]
    assert [r.game for r in rows][:2] == [rows[0].game] * 2 and rows[2].game != rows[0].game
    assert {r.owner for r in rows} == {"K7PD-3RXM"}


def test_os_errors_of_a_read_only_or_full_disk_are_named() -> None:
    path = Path("/srv/class.sqlite3")
    assert write_error(path, OSError(errno.EROFS, "Read-only file system")).kind == "read-only"
    assert write_error(path, OSError(errno.ENOSPC, "No space left on device")).kind == "full"
    other = write_error(path, OSError(errno.EIO, "Input/output error"))
    assert other.kind == "" and "Input/output error" in str(other)


def test_a_store_that_cannot_be_opened_yet_is_opened_when_a_record_comes(tmp_path: Path) -> None:
    """A game whose store could not be opened at its start (locked) opens it for its first record."""
    db = tmp_path / "class.sqlite3"
    Store(db).close()
    said: list[str] = []
    opened: list[Store] = []

    def opener() -> Store:
        opened.append(Store(db, wait=0.2))
        return opened[-1]

    sink = GameSink(opener, "3B", owner="K7PD-3RXM", trouble=said.append)
    with _locked(db), pytest.raises(StoreError):
        sink(_months(0))
    sink(_months(1))
    assert said == [said[0], ""] and "locked" in said[0]
    with Store(db) as store:
        assert [r.months for r in store.rows("3B")] == [1]
    for store in opened:
        store.close()
