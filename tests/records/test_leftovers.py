"""What saving leaves behind: no stray temporary files, the user's normal permissions, true messages on a full
disk; one seed range from the command line to the store; a classroom store read without being modified."""

from __future__ import annotations

import errno
import hashlib
import io
import os
import shutil
import sqlite3
import sys
import tempfile
from contextlib import closing
from pathlib import Path

import pytest
from conftest import disk_fills_after, full_disk, play_plain

import game.plain
import game.session
from game.classroom.store import Store, StoreError
from game.cli import main as cli
from game.engine import new_game
from game.engine.rng import SEED_MAX, parse_seed
from game.paths import STALE_SECONDS, write_atomic
from game.records import from_state, read, write_record
from game.scenario import load, resolve

ROOT = Path(__file__).resolve().parents[2]
RECORD = ROOT / "tests" / "fixtures" / "records" / "class" / "anna.json"


#: Every test here gets its own data and working folder (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("home")


# --- temporary files and permissions ----------------------------------------------------------------------

def test_a_save_removes_the_temporary_file_a_killed_save_left(tmp_path: Path) -> None:
    target = tmp_path / "autosave.json"
    stale = tmp_path / ".autosave.json.abc123.tmp"
    stale.write_text("half a save", encoding="utf-8")
    long_ago = stale.stat().st_mtime - STALE_SECONDS - 60
    os.utime(stale, (long_ago, long_ago))
    recent = tmp_path / ".autosave.json.def456.tmp"  # another process saving right now: left alone
    recent.write_text("in progress", encoding="utf-8")
    other = tmp_path / ".other.json.abc123.tmp"  # another file's: left alone
    other.write_text("x", encoding="utf-8")
    os.utime(other, (long_ago, long_ago))
    write_atomic(target, "new\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".autosave.json.def456.tmp", ".other.json.abc123.tmp",
                                                          "autosave.json"]
    assert target.read_text(encoding="utf-8") == "new\n"


def test_a_failed_save_leaves_no_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*_: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError):
        write_atomic(tmp_path / "autosave.json", "x")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.name != "posix", reason="a file size limit as POSIX has it")
def test_a_record_that_cannot_be_written_whole_leaves_the_last_one_as_it_was(tmp_path: Path) -> None:
    # The disk fills in the middle of a save: the file size limit is set between the size of the saved game
    # (the tutorial's first month) and the size of the game three months on. The save fails, and the file
    # still holds the game saved before, whole, with no temporary file beside it.
    import resource
    import signal

    from game.engine import play_turn

    start = new_game(load(resolve("tutorial")), 7)
    later = start
    for _ in range(3):
        later, _ = play_turn(later, {})
    target, scratch = tmp_path / "autosave.json", tmp_path / "scratch.json"
    write_record(scratch, from_state(later, "Ann"))
    size = scratch.stat().st_size
    scratch.unlink()
    write_record(target, from_state(start, "Ann"))
    before = target.read_bytes()
    limit = (len(before) + size) // 2
    assert len(before) < limit < size
    limits = resource.getrlimit(resource.RLIMIT_FSIZE)
    handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead of killing us
    try:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limits[1]))
        with pytest.raises(OSError):
            write_record(target, from_state(later, "Ann"))
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, limits)
        signal.signal(signal.SIGXFSZ, handler)
    assert target.read_bytes() == before
    assert list(tmp_path.iterdir()) == [target]

@pytest.mark.parametrize("umask", [0o022, 0o002, 0o077])
def test_files_for_the_teacher_get_the_users_normal_permissions(umask: int, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("game.paths._UMASK", [umask])
    expected = 0o666 & ~umask
    cli(["compare", str(RECORD), "--scenario", str(ROOT / "tests/fixtures/scenarios/mini.toml"),
         "--csv", "class.csv", "--html", "class.html"])
    cli(["new", "mine.toml"])
    write_record(Path("record.json"), read(RECORD))
    capsys.readouterr()
    for name in ("class.csv", "class.html", "mine.toml", "scenario.schema.json", "record.json"):
        assert Path(name).stat().st_mode & 0o777 == expected, name
    # A file that is replaced keeps the permissions it had.
    Path("record.json").chmod(0o640)
    write_record(Path("record.json"), read(RECORD))
    assert Path("record.json").stat().st_mode & 0o777 == 0o640


# --- a full disk: what the plain game says is true --------------------------------------------------------



def test_a_full_disk_from_the_start_says_nothing_was_saved(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(game.session, "write_record", full_disk)
    monkeypatch.setattr(game.session, "write_new_record", full_disk)
    code, out = play_plain(["e", "y"] * 3)
    assert code == 1
    assert "The autosave could not be written (No space left on device); the game goes on." in out
    words = " ".join(out.split())  # the plain game wraps its lines
    assert "still holds" not in words
    assert words.endswith(". Nothing of this game could be saved (is the disk full?); its result is shown above.")
    assert not (home / "autosave.json").exists()


def test_a_disk_that_fills_up_names_the_month_the_autosave_holds(home: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    disk_fills_after(monkeypatch, 1)
    code, out = play_plain(["e", "y"] * 3)
    assert code == 1
    assert out.endswith(
        f"The autosave still holds this game as it was at the start of month 2:\n  {home / 'autosave.json'}\n"
        "`ambassador play --resume --plain` plays it again from there.\n")
    assert len(read(home / "autosave.json").turns) == 1


# --- one seed range ---------------------------------------------------------------------------------------

def test_the_seed_range_is_checked_where_a_seed_enters(capsys: pytest.CaptureFixture[str]) -> None:
    assert parse_seed(" 42 ") == 42 and parse_seed(str(SEED_MAX)) == SEED_MAX
    message = "a seed is a whole number from 0 to 9223372036854775807 (2**63 - 1); "
    for text, why in ((str(SEED_MAX + 1), "9223372036854775808 is out of range"), ("-1", "-1 is out of range"),
                      ("seven", "'seven' is not one")):
        with pytest.raises(ValueError) as caught:
            parse_seed(text)
        assert str(caught.value) == message + why
        for command in (["play", "--plain", "--seed", text], ["serve", "--seed", text],
                        ["simulate", "tutorial", "--seed", text]):
            with pytest.raises(SystemExit) as done:
                cli(command)
            assert done.value.code == 2
            assert f"--seed: {message}{why}" in capsys.readouterr().err
    with pytest.raises(ValueError, match="out of range"):
        new_game(load(resolve("tutorial")), SEED_MAX + 1)


def test_the_store_refuses_a_seed_it_cannot_hold(tmp_path: Path) -> None:
    record = from_state(new_game(load(resolve("tutorial")), SEED_MAX), "Ann")
    with Store(tmp_path / "s.sqlite3") as store:
        assert store.add("9B", "g1", record).seed == SEED_MAX
        object.__setattr__(record, "seed", SEED_MAX + 1)
        with pytest.raises(StoreError, match=r"cannot store the game of Ann: a seed is a whole number"):
            store.add("9B", "g2", record)


# --- a classroom store is read without being modified -----------------------------------------------------

def _store(path: Path) -> None:
    with Store(path) as store:
        store.add("9B", "g1", read(RECORD))
    with closing(sqlite3.connect(path)) as db:  # as a store made before its version was stamped
        db.execute("PRAGMA user_version = 0")


def _readers(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["class", "9B", "--db", str(db), "--once"]) == 0
    assert cli(["compare", "--db", str(db), "--class", "9B", "--scenario",
                str(ROOT / "tests/fixtures/scenarios/mini.toml")]) == 0
    out = capsys.readouterr().out
    assert "Anna" in out and "1 verified game" in out


def test_reading_a_store_never_modifies_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "class.sqlite3"
    _store(db)
    before = hashlib.sha256(db.read_bytes()).hexdigest(), db.stat().st_mtime_ns
    _readers(db, capsys)
    assert (hashlib.sha256(db.read_bytes()).hexdigest(), db.stat().st_mtime_ns) == before
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 0, "reading must not re-stamp the version"


def _as_nobody(commands: list[list[str]], warm_up: list[list[str]]) -> tuple[list[int], str]:
    """Run the commands in a forked child that has given up root for 'nobody' (uid and gid 65534), so that
    file permissions apply to it: the exit codes and everything they printed as 'nobody'. ``warm_up`` runs
    first, still as root and unseen, so that every module the commands import lazily is loaded (the
    interpreter may sit where 'nobody' cannot read, as /root/.pyenv): give it other files than the commands,
    since root may leave files beside them."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 0
        try:
            os.close(read_end)
            sys.stdout = sys.stderr = io.StringIO()
            for command in warm_up:
                cli(command)
            out = io.TextIOWrapper(os.fdopen(write_end, "wb", buffering=0), encoding="utf-8", write_through=True)
            sys.stdout = sys.stderr = out
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
            codes = [cli(command) for command in commands]
            out.write(f"\ncodes {codes}\n")
        except BaseException as exc:  # whatever it is, the parent reads it
            os.write(write_end, f"\nchild failed: {exc!r}\n".encode())
            code = 1
        finally:
            os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        text = pipe.read().decode("utf-8", "replace")
    _pid, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, text
    head, _, tail = text.rpartition("\ncodes ")
    return [int(c) for c in tail.strip().strip("[]").split(",")], head


@pytest.mark.skipif(os.name != "posix", reason="file permissions as POSIX has them")
def test_a_read_only_store_can_be_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A store handed in on a read-only folder. Root reads and writes whatever the permissions say, so as root
    (CI) the readers run in a child that has become 'nobody', in a folder outside pytest's private one."""
    root = os.geteuid() == 0
    base = Path(tempfile.mkdtemp(prefix="ambassador-ro-")) if root else tmp_path
    folder = base / "handed-in"
    folder.mkdir()
    db = folder / "class.sqlite3"
    _store(db)
    scenario = base / "mini.toml"
    shutil.copy(ROOT / "tests/fixtures/scenarios/mini.toml", scenario)
    for path, mode in ((base, 0o755), (scenario, 0o444), (db, 0o444), (folder, 0o555)):
        path.chmod(mode)
    commands = [["class", "9B", "--db", str(db), "--once"],
                ["compare", "--db", str(db), "--class", "9B", "--scenario", str(scenario)]]
    try:
        if root:
            spare = tmp_path / "spare.sqlite3"  # pytest's own folder: root's alone
            _store(spare)
            codes, out = _as_nobody(commands, [[arg.replace(str(db), str(spare)) for arg in c] for c in commands])
        else:
            codes = [cli(command) for command in commands]
            out = capsys.readouterr().out
        assert codes == [0, 0], out
        assert "Anna" in out and "1 verified game" in out
        assert sorted(p.name for p in folder.iterdir()) == ["class.sqlite3"]  # no journal was left beside it
    finally:
        folder.chmod(0o755)
        if root:
            shutil.rmtree(base)


def test_a_store_that_is_not_a_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notes.sqlite3").write_text("shopping list", encoding="utf-8")
    with closing(sqlite3.connect(tmp_path / "other.sqlite3")) as conn:
        conn.execute("CREATE TABLE t (x)")
    for name, why in (("notes.sqlite3", "cannot read the classroom store"),
                      ("other.sqlite3", "is not a classroom store (it has no table of records; it holds: t)"),
                      ("missing.sqlite3", "no classroom store at"), (".", "this is a folder, not a classroom store")):
        assert cli(["class", "9B", "--db", str(tmp_path / name), "--once"]) == 2
        assert why in capsys.readouterr().err
