"""`ambassador serve`: the game in the class's browsers, every record into the teacher's store.

``game.classroom.web`` serves the page and has one game process per browser forked by the fork server
(``ambassador _zygote``, ``game.classroom.forkserver``), with the scenario, seed, difficulty, class and store
fixed by the teacher, so the page offers nothing else: no other command, no file to open, no way to read the
store (a game only inserts into it, and reads back the browser's own unfinished game to continue it).

Data folders. A game's saves and records live in the store; on the disk, each game has a throwaway data folder
of its own (``AMBASSADOR_HOME``: its autosave, the record it writes, named after the student), so students never
see each other's saves. Nothing of them is left once the server has stopped, however its games ended:

- the server makes one folder per run when it starts (``ambassador-serve-*`` in the temporary folder, TMPDIR
  where set, readable by its user only), names it to the fork server (``forkserver.HOMES_ENV``), and removes
  it, whatever is left in it, when it stops (Ctrl+C, SIGTERM, SIGHUP: a closed terminal);
- in it, each game process has ``game-PID`` (``forkserver.child_home``), made empty when the game starts and
  removed by the fork server when it reaps the process: a game that quit, and one killed by SIGKILL that ran
  no code of its own to clean up;
- the fork server's warm-up (the first screen drawn once before any game) uses ``warm-up`` in it.

A game whose fork server was killed leaves its folder until the server stops. Only a server killed outright
(SIGKILL, a power cut) leaves its ``ambassador-serve-*`` folder behind.
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

    A store that cannot be written (read-only, a full disk, locked by another program) loses nothing: the
    StoreError goes to the caller (the game tells the student), ``trouble`` tells the teacher, and the record
    waits (``pending``); every record holds the whole game so far, so the next one stored carries it, and
    ``flush`` tries once more when the game ends. ``trouble("")`` says the store can be written again. The
    store may be given as how to open it, when a game could not open it at its start.
    """

    def __init__(self, store: Store | Callable[[], Store], klass: str,
                 new_id: Callable[[], str] = lambda: uuid.uuid4().hex, *,
                 owner: str = "", game: str = "", last: Record | None = None,
                 owner_from: Callable[[], str] | None = None,
                 trouble: Callable[[str], None] = lambda message: None) -> None:
        self.store = store  # or how to open it, when first needed
        self.klass = klass
        self.new_id = new_id
        self.owner = owner
        self.game = game
        self.last = last
        self.owner_from = owner_from
        self.trouble = trouble
        self.pending: Record | None = None
        self.troubled = False

    def __call__(self, record: Record) -> None:
        if self.owner_from is not None:
            self.owner, self.owner_from = self.owner_from(), None
        if record == self.last:
            self.pending = None
            return
        if self.pending is not None and not _extends(record, self.pending):
            self.flush()  # another game begins while the last one's record waits: that one first
        game = self.game if _extends(record, self.last) else self.new_id()
        try:
            if not isinstance(self.store, Store):
                self.store = self.store()
            self.store.add(self.klass, game, record, owner=self.owner)
        except StoreError as exc:
            self.pending = record
            self.troubled = True
            self.trouble(str(exc))
            raise
        self.game, self.last, self.pending = game, record, None
        if self.troubled:
            self.troubled = False
            self.trouble("")

    def flush(self) -> bool:
        """Store the record that waits, if any; False when it still cannot be stored."""
        record, self.pending = self.pending, None
        if record is None:
            return True
        try:
            self(record)
        except StoreError:
            return False
        return True


def _extends(record: Record, base: Record | None) -> bool:
    """Whether ``record`` is the game of ``base`` played on (same scenario, seed and difficulty; the same months
    first), ``base`` being unfinished."""
    return (base is not None and not base.finished
            and (base.scenario_id, base.scenario_sha256, base.seed, base.difficulty)
            == (record.scenario_id, record.scenario_sha256, record.seed, record.difficulty)
            and record.turns[:len(base.turns)] == base.turns)


def continue_game(store: Store | None, sink: GameSink, scenario: Path, seed: int, difficulty: str) -> bool:
    """A returning browser: put its unfinished game of the class (played with these settings: this scenario, seed
    and difficulty) where the app continues from (the session's autosave), and make the sink carry it on under
    its id. False when there is none (a new game starts): a game of the tutorial, served to the class before
    this scenario, is not continued here."""
    from game.paths import autosave_path
    from game.records import RecordError, write_atomic, write_record
    from game.scenario import declared_id

    if store is None:
        return False
    try:
        row = store.unfinished(sink.klass, sink.owner)
        record = row.record() if row is not None else None
    except (StoreError, RecordError):
        return False
    if row is None or record is None or (record.scenario_id, record.seed, record.difficulty) \
            != (declared_id(scenario), seed, difficulty):
        return False
    path = autosave_path()
    try:
        write_record(path, record)
        write_atomic(path.with_suffix(".scenario"), f"{scenario.resolve()}\n")
    except OSError:
        return False
    sink.game, sink.last = row.game, record
    return True


#: How a game tells the server, on its stderr, that the store cannot be written (and, with nothing after it,
#: that it can again): the server tells the teacher.
TROUBLE = "ambassador-store-trouble:"

#: How long a game's write waits for another writer's lock: long enough for thirty students ending a month
#: together (each insert takes milliseconds), short enough that a store locked by another program freezes no
#: screen for long (the record waits for the next one).
GAME_WAIT = 3.0


def play(request_owner: str | None, owner: Callable[[], str], scenario: Path, seed: int, difficulty: str,
         klass: str, db: Path, home: Path, run: Callable[..., int]) -> int:
    """One game of the class, in its forked process: ``home`` its data folder (see the module's docstring),
    every record into the store, the browser's unfinished game continued. ``request_owner``:
    the browser's resume code, or None for a warm game (``owner`` waits for it). ``run`` is the served TUI's
    ``run``. A store that cannot be opened or written stops nothing: the student and the teacher are told,
    and the game is stored when the store can be written again (``GameSink``)."""
    import os

    def trouble(message: str) -> None:  # to the process's stderr itself: the running app captures sys.stderr
        os.write(2, f"{TROUBLE}{message}\n".encode("utf-8", "replace"))

    os.environ["AMBASSADOR_HOME"] = str(home)
    store: Store | None = None
    try:
        try:
            store = Store(db, wait=GAME_WAIT)
        except StoreError as exc:
            trouble(str(exc))
        opened: Store | Callable[[], Store] = store if store is not None else (lambda: Store(db, wait=GAME_WAIT))
        if request_owner is None:  # a warm game: its browser is named when one takes it
            sink = GameSink(opened, klass, owner_from=owner, trouble=trouble)
            resume = False
        else:
            sink = GameSink(opened, klass, owner=request_owner, trouble=trouble)
            resume = continue_game(store, sink, scenario, seed, difficulty)
        code = run(scenario, seed=seed, sink=sink, difficulty=difficulty, resume=resume)
        sink.flush()
        return code
    finally:
        if store is not None:
            store.close()


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
