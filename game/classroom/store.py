"""The classroom store: every stored record of every game a class plays, in one SQLite file.

Rows are never updated or deleted (triggers refuse it), so a student cannot overwrite a result and a crash
cannot lose one. A game is stored when it starts, after every month (its autosave), when it is saved and when
it ends: each time as a new row holding the full record. Rows of one game share its ``game`` id; the newest
row of a game is that game (``latest``). WAL mode lets the served game processes write while the teacher's
view and ``compare`` read.
"""

from __future__ import annotations

import dataclasses
import errno
import hashlib
import json
import sqlite3
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from game.engine.rng import seed_problem
from game.errors import AmbassadorError
from game.files import FileRefused, check_regular, shown
from game.records import Record, data_home, loads

SCHEMA_VERSION = 2

_SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    id        INTEGER PRIMARY KEY,
    class     TEXT NOT NULL,
    game      TEXT NOT NULL,     -- one game's id, shared by all its rows
    player    TEXT NOT NULL,     -- sanitised (clean_name)
    scenario  TEXT NOT NULL,
    seed      INTEGER NOT NULL,
    months    INTEGER NOT NULL,  -- months played in this record
    finished  INTEGER NOT NULL,
    ending    TEXT,
    score     INTEGER,
    record    TEXT NOT NULL,     -- the full record, as JSON
    started   TEXT NOT NULL,     -- when the game started (UTC, ISO 8601)
    stored    TEXT NOT NULL,     -- when this row was written (UTC, ISO 8601)
    difficulty TEXT NOT NULL DEFAULT '',
    owner     TEXT NOT NULL DEFAULT ''  -- the browser's resume code (served games; '' otherwise)
);
CREATE TABLE IF NOT EXISTS presence (  -- each browser's connection, kept by `serve` for the teacher's view
    class     TEXT NOT NULL,
    owner     TEXT NOT NULL,
    connected INTEGER NOT NULL,
    seen      TEXT NOT NULL,     -- its last key, connection or disconnection (UTC, ISO 8601)
    PRIMARY KEY (class, owner)
);
CREATE TABLE IF NOT EXISTS codes (   -- each class's join code, kept so a restarted `serve` keeps it
    class     TEXT PRIMARY KEY,
    code      TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS scenarios (  -- the text of every scenario served, by its sha256: `compare --db`
    sha256    TEXT PRIMARY KEY,          -- replays the class against it without a file (a record names none)
    text      BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS records_class ON records (class, game, id);
CREATE TRIGGER IF NOT EXISTS records_insert_only_update BEFORE UPDATE ON records
    BEGIN SELECT RAISE(ABORT, 'the classroom store is insert-only'); END;
CREATE TRIGGER IF NOT EXISTS records_insert_only_delete BEFORE DELETE ON records
    BEGIN SELECT RAISE(ABORT, 'the classroom store is insert-only'); END;
CREATE TRIGGER IF NOT EXISTS records_insert_only_replace BEFORE INSERT ON records
    WHEN EXISTS (SELECT 1 FROM records WHERE id = NEW.id)
    BEGIN SELECT RAISE(ABORT, 'the classroom store is insert-only'); END;
"""


class StoreError(AmbassadorError):
    """The store cannot be opened, read or written; the message names the file and why. ``kind`` says which of
    the troubles a class can meet it is: "read-only", "full" (the disk), "locked" (another program holds the
    store), or "" for any other."""

    def __init__(self, message: str, kind: str = "") -> None:
        super().__init__(message)
        self.kind = kind


#: SQLite's primary result codes (https://sqlite.org/rescode.html) for the troubles a class can meet.
_SQLITE_KINDS = {5: "locked", 6: "locked", 8: "read-only", 13: "full"}
_ERRNO_KINDS = {errno.EROFS: "read-only", errno.EACCES: "read-only", errno.EPERM: "read-only",
                errno.ENOSPC: "full", errno.EDQUOT: "full"}
_TROUBLE = {"read-only": "it is read-only", "full": "the disk is full",
            "locked": "another program holds it locked"}


def write_error(path: Path, exc: BaseException) -> StoreError:
    """Why the store at ``path`` could not be written, in words a teacher can act on."""
    kind = ""
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", None)  # Python 3.11+
        if isinstance(code, int):
            kind = _SQLITE_KINDS.get(code & 0xFF, "")
        else:
            text = str(exc).lower()
            kind = ("read-only" if "readonly" in text else "full" if "full" in text
                    else "locked" if "locked" in text else "")
    elif isinstance(exc, OSError):
        kind = _ERRNO_KINDS.get(exc.errno or 0, "")
    if kind:
        return StoreError(f"the classroom store cannot be written: {_TROUBLE[kind]} ({path})", kind)
    return StoreError(f"cannot write to the classroom store {path}: {exc}")


def default_path() -> Path:
    """data_home()/classroom.sqlite3: $AMBASSADOR_HOME, or the user's data folder (platformdirs)."""
    return data_home() / "classroom.sqlite3"


def clean_name(name: str, *, fallback: str = "anonymous") -> str:
    """A student's or class's name as it is shown and stored: letters, digits, spaces, ' - _ only, at most 40
    characters. It is only ever a value in the store, never part of a path."""
    text = unicodedata.normalize("NFC", name)
    kept = "".join(ch if ch.isalnum() or ch in "'-_" else " " for ch in text)
    cleaned = " ".join(kept.split())[:40].strip()
    return cleaned or fallback


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Row:
    """One stored record of a game (the newest row of a game is the game)."""

    id: int
    klass: str
    game: str
    player: str
    scenario: str
    seed: int
    months: int
    finished: bool
    ending: str | None
    score: int | None
    record_json: str
    started: str
    stored: str
    difficulty: str = ""
    owner: str = ""

    def record(self) -> Record:
        """The stored record, or RecordError when the stored JSON is not a record."""
        return loads(self.record_json)

    def scenario_sha256(self) -> str:
        """The sha256 of the scenario file the game was played with, as the record says ("" when it cannot be
        read)."""
        try:
            value = json.loads(self.record_json).get("scenario", {}).get("sha256", "")
        except (ValueError, RecursionError, AttributeError):
            return ""
        return value if isinstance(value, str) else ""

    def cohesion(self) -> float | None:
        """The bloc's cohesion at the end of the last month played, as the record says (not verified)."""
        try:
            turns = json.loads(self.record_json).get("turns") or []
            value = turns[-1]["cohesion"] if turns else None
        except (ValueError, RecursionError, AttributeError, KeyError, TypeError):
            return None
        return float(value) if isinstance(value, (int, float)) else None


def _not_ours(path: Path, version: int, tables: set[str], *, create: bool) -> StoreError | None:
    """Why the SQLite file at ``path`` is not a store this game may use (None: it is one): a newer game's
    store, or another program's database (``create``: opened to be written, where an empty file is a new
    store)."""
    if "records" not in tables and (tables or not create):
        held = f"; it holds: {shown(', '.join(sorted(tables)), 100)}" if tables else ""
        advice = "; name another file for --db" if create else ""
        return StoreError(f"{path} is not a classroom store (it has no table of records{held}){advice}")
    if version > SCHEMA_VERSION:
        return StoreError(f"{path} was made by a newer version of the game (store version {version}; this one "
                          f"reads {SCHEMA_VERSION})")
    return None


def _open_read_only(path: Path) -> sqlite3.Connection:
    """The store opened for reading only (``class``, ``compare --db``): nothing is created, stamped or migrated,
    so a store on a read-only disk or handed over read-only can be read and is never modified by reading.

    SQLite needs the store's ``-shm`` file to read a WAL database; where it cannot be made (a read-only folder),
    the store is read as immutable, which is right for a copy nobody writes to any more.
    """
    try:
        check_regular(path, "a classroom store", "name the .sqlite3 file that `ambassador serve` printed")
    except FileRefused as exc:
        reason = "no classroom store at" if exc.reason == "no such file" else f"{exc.reason}:"
        raise StoreError(f"{reason} {path}") from None
    uri = path.resolve().as_uri()
    last: Exception | None = None
    for query in ("?mode=ro", "?mode=ro&immutable=1"):
        try:
            db = sqlite3.connect(uri + query, uri=True, timeout=30, isolation_level=None)
        except sqlite3.Error as exc:
            last = exc
            continue
        try:
            db.execute("PRAGMA busy_timeout = 30000")
            version = db.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError as exc:
            db.close()
            last = exc
            if "not a database" in str(exc) or "malformed" in str(exc):
                break
            continue
        refusal = _not_ours(path, version, tables, create=False)
        if refusal is not None:
            db.close()
            raise refusal
        return db
    raise StoreError(f"cannot read the classroom store {path}: {last}")


class Store:
    """The store at ``path``. ``create=False`` (the readers) refuses a missing file instead of making one.
    ``wait``: how long a write waits for another writer's lock before it fails (the server's own notes wait
    little: its event loop serves every browser)."""

    def __init__(self, path: Path, *, create: bool = True, wait: float = 30) -> None:
        self.path = path
        self._columns = self._COLUMNS
        if not create:
            self._db = _open_read_only(path)
            # A store of an older schema is read as it is (never migrated by reading): what it lacks reads ''.
            have = {str(r[1]) for r in self._db.execute("PRAGMA table_info(records)")}
            for column in ("difficulty", "owner"):
                if column not in have:
                    self._columns = self._columns.replace(f" {column}", f" '' AS {column}")
            return
        if path.exists():  # a folder or a device is not opened (SQLite would say 'disk I/O error')
            try:
                check_regular(path, "a classroom store", "name a file for --db (a new store is made where none is)")
            except FileRefused as exc:
                raise StoreError(f"{exc.reason}: {path}") from None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, timeout=wait, isolation_level=None)
            self._db.execute(f"PRAGMA busy_timeout = {int(wait * 1000)}")
            refusal = _not_ours(path, self._db.execute("PRAGMA user_version").fetchone()[0],
                                {r[0] for r in self._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")},
                                create=True)
            if refusal is not None:  # before anything is written to it
                self._db.close()
                raise refusal
            mode = self._db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise StoreError(f"{path}: cannot use write-ahead logging (journal mode {mode})")
            self._db.execute("PRAGMA synchronous = NORMAL")  # durable at every checkpoint; safe in WAL mode
            self._db.executescript(_SCHEMA)
            self._upgrade()
            if self._db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
                self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except (sqlite3.Error, OSError) as exc:
            trouble = write_error(path, exc)
            if trouble.kind:
                raise trouble from None
            raise StoreError(f"cannot open the classroom store {path}: {exc}") from None

    def _upgrade(self) -> None:
        """A store of schema 1 gets the columns added since (old rows: no difficulty, no owner)."""
        have = {str(r[1]) for r in self._db.execute("PRAGMA table_info(records)")}
        for column in ("difficulty", "owner"):
            if column not in have:
                self._db.execute(f"ALTER TABLE records ADD COLUMN {column} TEXT NOT NULL DEFAULT ''")

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def journal_mode(self) -> str:
        return str(self._db.execute("PRAGMA journal_mode").fetchone()[0])

    def add(self, klass: str, game: str, record: Record, *, started: str | None = None, owner: str = "") -> Row:
        """Insert one record of a game as a new row. The player's name is cleaned, in the row and the JSON."""
        problem = seed_problem(record.seed)
        if problem is not None:  # records come from the game, which refuses such seeds where they enter
            raise StoreError(f"cannot store the game of {clean_name(record.player)}: {problem}")
        player = clean_name(record.player)
        # The cleaned name is sealed with the game (a record whose seal was already wrong stays wrong).
        data = dataclasses.replace(record, player=player, seal=None if record.sealed else record.seal).to_json()
        text = json.dumps(data, ensure_ascii=False)
        stored = _now()
        started = started or self._started(game) or stored
        row = Row(0, clean_name(klass, fallback="class"), game, player, record.scenario_id, record.seed,
                  len(record.turns), record.finished, record.ending, record.score, text, started, stored,
                  record.difficulty, owner)
        values = (row.klass, row.game, row.player, row.scenario, row.seed, row.months, int(row.finished),
                  row.ending, row.score, row.record_json, row.started, row.stored, row.difficulty, row.owner)
        try:
            with self._transaction():
                cur = self._db.execute(
                    "INSERT INTO records (class, game, player, scenario, seed, months, finished, ending, score, "
                    "record, started, stored, difficulty, owner) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    values)
        except sqlite3.Error as exc:
            raise write_error(self.path, exc) from None
        assert cur.lastrowid is not None
        return dataclasses.replace(row, id=cur.lastrowid)

    def _started(self, game: str) -> str | None:
        found = self._db.execute("SELECT started FROM records WHERE game = ? ORDER BY id LIMIT 1",
                                 (game,)).fetchone()
        return str(found[0]) if found else None

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
            self._db.execute("COMMIT")
        except BaseException:
            if self._db.in_transaction:  # a failed COMMIT (a full disk) can leave it open
                with suppress(sqlite3.Error):
                    self._db.execute("ROLLBACK")
            raise

    _COLUMNS = ("SELECT id, class, game, player, scenario, seed, months, finished, ending, score, record, started, "
                "stored, difficulty, owner FROM records ")

    def _select(self, where: str, params: tuple[object, ...]) -> list[Row]:
        """Rows matching ``where``, which is always one of this class's constant clauses (values go in params)."""
        try:
            with closing(self._db.execute(self._columns + where, params)) as cur:
                return [Row(r[0], r[1], r[2], r[3], r[4], r[5], r[6], bool(r[7]), *r[8:]) for r in cur]
        except sqlite3.Error as exc:
            raise StoreError(f"cannot read the classroom store {self.path}: {exc}") from None

    def keep_scenario(self, raw: bytes) -> None:
        """Keep the text of a scenario the class plays (once per version), so that the class can be compared
        without the file: ``scenarios`` gives it back."""
        try:
            with self._transaction():
                self._db.execute("INSERT OR IGNORE INTO scenarios (sha256, text) VALUES (?, ?)",
                                 (hashlib.sha256(raw).hexdigest(), raw))
        except sqlite3.Error as exc:
            raise write_error(self.path, exc) from None

    def scenarios(self) -> list[tuple[str, bytes]]:
        """The texts of the scenarios kept (sha256, text); none for a store made before they were kept."""
        try:
            return [(str(r[0]), bytes(r[1])) for r in self._db.execute("SELECT sha256, text FROM scenarios "
                                                                        "ORDER BY sha256")]
        except sqlite3.Error:
            return []

    def rows(self, klass: str | None = None) -> list[Row]:
        """Every row (of one class), oldest first."""
        if klass is None:
            return self._select("ORDER BY id", ())
        return self._select("WHERE class = ? ORDER BY id", (clean_name(klass, fallback="class"),))

    def latest(self, klass: str) -> list[Row]:
        """The newest row of every game of a class, in the order the games started."""
        return self._select(
            "WHERE id IN (SELECT MAX(id) FROM records WHERE class = ? GROUP BY game) ORDER BY started, id",
            (clean_name(klass, fallback="class"),))

    def unfinished(self, klass: str, owner: str) -> Row | None:
        """The newest row of the game this browser (``owner``, its resume code) played last in the class, if
        that game is unfinished: what a returning student continues. None otherwise."""
        if not owner:
            return None
        found = self._select(
            "WHERE id IN (SELECT MAX(id) FROM records WHERE class = ? AND owner = ? GROUP BY game) "
            "ORDER BY id DESC", (clean_name(klass, fallback="class"), owner))
        return found[0] if found and not found[0].finished else None

    def join_code(self, klass: str, make: Callable[[], str]) -> str:
        """The class's join code: the one kept in the store, or a new one from ``make``, kept."""
        name = clean_name(klass, fallback="class")
        try:
            with self._transaction():
                found = self._db.execute("SELECT code FROM codes WHERE class = ?", (name,)).fetchone()
                if found:
                    return str(found[0])
                code = make()
                self._db.execute("INSERT INTO codes (class, code) VALUES (?, ?)", (name, code))
                return code
        except sqlite3.Error as exc:
            raise write_error(self.path, exc) from None

    def seen(self, klass: str, owner: str, *, connected: bool) -> None:
        """What `serve` knows of a browser: connected or not, and now (its last key or connection)."""
        try:
            with self._transaction():
                self._db.execute("INSERT OR REPLACE INTO presence (class, owner, connected, seen) VALUES (?, ?, ?, ?)",
                                 (clean_name(klass, fallback="class"), owner, int(connected), _now()))
        except sqlite3.Error as exc:
            raise write_error(self.path, exc) from None

    def all_left(self, klass: str) -> None:
        """A starting `serve`: nobody of the class is connected yet (a previous server may have been killed)."""
        try:
            with self._transaction():
                self._db.execute("UPDATE presence SET connected = 0 WHERE class = ?",
                                 (clean_name(klass, fallback="class"),))
        except sqlite3.Error as exc:
            raise write_error(self.path, exc) from None

    def presence(self, klass: str) -> dict[str, tuple[bool, str]]:
        """Each browser of the class: (connected, last seen); none in a store made before `serve` kept them."""
        try:
            if not self._db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'presence'"
                                    ).fetchone():
                return {}
            found = self._db.execute("SELECT owner, connected, seen FROM presence WHERE class = ?",
                                     (clean_name(klass, fallback="class"),)).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot read the classroom store {self.path}: {exc}") from None
        return {str(o): (bool(c), str(t)) for o, c, t in found}

    def classes(self) -> list[str]:
        return [r[0] for r in self._db.execute("SELECT DISTINCT class FROM records ORDER BY class")]
