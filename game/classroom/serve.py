"""`ambassador serve`: the game in the class's browsers, every record into the teacher's store.

``game.classroom.web`` serves the page and has one game process per browser forked by the fork server
(``ambassador _zygote``, ``game.classroom.forkserver``), with the scenario, seed, difficulty, class and store
fixed by the teacher, so the page offers nothing else: no other command, no file to open, no way to read the
store (a game only inserts into it, and reads back the browser's own unfinished game to continue it).
"""

from __future__ import annotations

import ipaddress
import socket
import sys
import uuid
from collections.abc import Callable
from pathlib import Path

from game.classroom.store import Store, StoreError
from game.records import Record


class GameSink:
    """Hands a session's records to the store, each game under an id of its own.

    A record starts a new game when it does not continue the last one stored (a new game, or a saved game
    loaded); a record equal to the last one (Ctrl+C after an autosave) is not stored twice. A returning
    student's game goes on under its id: ``game`` and ``last`` are its newest stored row. Every row carries
    ``owner``, the browser's resume code; a warm game learns it when a browser takes it (``owner_from``, which
    waits for it, is asked before the first record is stored).
    """

    def __init__(self, store: Store, klass: str, new_id: Callable[[], str] = lambda: uuid.uuid4().hex, *,
                 owner: str = "", game: str = "", last: Record | None = None,
                 owner_from: Callable[[], str] | None = None) -> None:
        self.store = store
        self.klass = klass
        self.new_id = new_id
        self.owner = owner
        self.game = game
        self.last = last
        self.owner_from = owner_from

    def __call__(self, record: Record) -> None:
        if self.owner_from is not None:
            self.owner, self.owner_from = self.owner_from(), None
        last = self.last
        if record == last:
            return
        continues = (last is not None and (last.scenario_id, last.scenario_sha256, last.seed, last.difficulty)
                     == (record.scenario_id, record.scenario_sha256, record.seed, record.difficulty)
                     and record.turns[:len(last.turns)] == last.turns and not last.finished)
        if not continues:
            self.game = self.new_id()
        self.store.add(self.klass, self.game, record, owner=self.owner)
        self.last = record


def continue_game(store: Store, sink: GameSink, scenario: Path, seed: int, difficulty: str) -> bool:
    """A returning browser: put its unfinished game of the class (played with these settings) where the app
    continues from (the session's autosave), and make the sink carry it on under its id. False when there is
    none (a new game starts)."""
    from game.paths import autosave_path
    from game.records import RecordError, write_atomic, write_record

    try:
        row = store.unfinished(sink.klass, sink.owner)
        record = row.record() if row is not None else None
    except (StoreError, RecordError):
        return False
    if row is None or record is None or (record.seed, record.difficulty) != (seed, difficulty):
        return False
    path = autosave_path()
    try:
        write_record(path, record)
        write_atomic(path.with_suffix(".scenario"), f"{scenario.resolve()}\n")
    except OSError:
        return False
    sink.game, sink.last = row.game, record
    return True


def zygote_argv(scenario: Path, seed: int, difficulty: str, klass: str, db: Path) -> list[str]:
    """The fork server of one class (run without a shell): every game it forks plays these settings."""
    return [sys.executable, "-m", "game", "_zygote", str(scenario), "--seed", str(seed), "--difficulty",
            difficulty, "--class", klass, "--db", str(db)]


def lan_address() -> str:
    """This machine's address on the local network, as students' browsers reach it."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # UDP: picks the outgoing interface; no packet is sent
            return str(probe.getsockname()[0])
        except OSError:
            return socket.gethostbyname(socket.gethostname())


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def public_url(host: str, port: int) -> str:
    """The address the banner gives for the students' browsers (the wildcard address named as this machine's)."""
    if host in ("0.0.0.0", "::", ""):  # noqa: S104 - naming the wildcard address, not binding it here
        host = lan_address()
    return f"http://{f'[{host}]' if ':' in host else host}:{port}"
