"""The classroom store: round trip, insert-only, WAL, names, and the commands that read it (golden outputs)."""

from __future__ import annotations

import dataclasses
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Ambassador

from game.classroom.serve import GameSink, is_loopback
from game.classroom.store import Store, StoreError, clean_name
from game.records import read
from game.scenario import load

from .conftest import CLASS, MINI, ROOT

GOLDEN = Path(__file__).parent / "golden"


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text)
    assert text == path.read_text()


def test_round_trip(tmp_path: Path) -> None:
    record = read(CLASS / "anna.json")
    with Store(tmp_path / "s.sqlite3") as store:
        row = store.add("3B", "g1", record)
    with Store(tmp_path / "s.sqlite3", create=False) as store:
        (back,) = store.rows("3B")
    assert back == row
    assert back.record() == record  # the full record, equal field for field
    assert (back.klass, back.player, back.scenario, back.seed, back.months, back.finished, back.ending,
            back.score) == ("3B", "Anna", "mini", record.seed, 2, True, record.ending, record.score)
    assert back.started == back.stored and back.started.endswith("+00:00")


def test_insert_only(class_db: Path) -> None:
    with Store(class_db) as store:
        before = store.rows()
        store.add("3B", "game-anna", read(CLASS / "anna.json"))  # the same game stored again: a new row
        assert len(store.rows()) == len(before) + 1
    db = sqlite3.connect(class_db)
    for sql in ("UPDATE records SET score = 100", "DELETE FROM records", "INSERT OR REPLACE INTO records "
                "SELECT * FROM records WHERE id = 1"):
        with pytest.raises(sqlite3.DatabaseError, match=r"insert-only"):
            db.execute(sql)
    db.close()
    with Store(class_db) as store:
        assert store.rows()[: len(before)] == before


def test_wal_mode_and_missing_store(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite3") as store:
        assert store.journal_mode() == "wal"
    assert sqlite3.connect(tmp_path / "s.sqlite3").execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with pytest.raises(StoreError, match="no classroom store"):
        Store(tmp_path / "missing.sqlite3", create=False)
    assert not (tmp_path / "missing.sqlite3").exists()


@pytest.mark.parametrize(("typed", "kept"), [
    ("Ada", "Ada"), ("  Ada   Lovelace ", "Ada Lovelace"), ("../../etc/passwd", "etc passwd"),
    ("C:\\Users\\x", "C Users x"), ("O'Brien-Smith_2", "O'Brien-Smith_2"), ("Zoë Ångström", "Zoë Ångström"),
    ("", "anonymous"), ("/", "anonymous"), ("x" * 100, "x" * 40), ("a\x00b\nc\x1b[31m", "a b c 31m"),
])
def test_names_are_cleaned(typed: str, kept: str) -> None:
    assert clean_name(typed) == kept
    assert "/" not in clean_name(typed) and "\\" not in clean_name(typed) and ".." not in clean_name(typed)


def test_the_stored_json_carries_the_cleaned_name(class_db: Path) -> None:
    with Store(class_db, create=False) as store:
        dmitri = next(r for r in store.latest("3B") if r.game == "game-dmitri")
    assert dmitri.player == "Dmitri" and dmitri.record().player == "Dmitri"


def test_a_session_stores_each_game_under_its_own_id(tmp_path: Path) -> None:
    record = read(CLASS / "anna.json")
    ids = iter(["first", "second", "third"])
    with Store(tmp_path / "s.sqlite3") as store:
        sink = GameSink(store, "3B", new_id=lambda: next(ids))
        start = dataclasses.replace(record, turns=[], finished=False, ending=None, score=None)
        one = dataclasses.replace(start, turns=record.turns[:1])
        for r in (start, one, one, record):  # start, month 1, Ctrl+C (the same again: not stored), the end
            sink(r)
        sink(start)  # a new game in the same browser session
        sink(one)
        assert [(r.game, r.months) for r in store.rows()] == [("first", 0), ("first", 1), ("first", 2),
                                                              ("second", 0), ("second", 1)]
        sink(dataclasses.replace(one, seed=record.seed + 1))  # a saved game of another seed was loaded
        assert store.rows()[-1].game == "third"


def test_loopback_names() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("192.168.1.5") and not is_loopback("evil.example")


def test_a_store_of_schema_1_gains_the_new_columns(tmp_path: Path) -> None:
    db = tmp_path / "old.sqlite3"
    old = sqlite3.connect(db)
    old.executescript("CREATE TABLE records (id INTEGER PRIMARY KEY, class TEXT NOT NULL, game TEXT NOT NULL, "
                      "player TEXT NOT NULL, scenario TEXT NOT NULL, seed INTEGER NOT NULL, months INTEGER NOT NULL, "
                      "finished INTEGER NOT NULL, ending TEXT, score INTEGER, record TEXT NOT NULL, "
                      "started TEXT NOT NULL, stored TEXT NOT NULL);")
    old.execute("INSERT INTO records VALUES (1, '3B', 'g', 'Anna', 'mini', 7, 0, 0, NULL, NULL, '{}', 't', 't')")
    old.commit()
    old.close()
    with Store(db) as store:
        (row,) = store.rows("3B")
        assert (row.player, row.difficulty, row.owner) == ("Anna", "", "")
        store.add("3B", "g2", read(CLASS / "anna.json"), owner="K7PD-3RXM")
        assert store.rows("3B")[-1].owner == "K7PD-3RXM"


def test_a_store_of_a_newer_version_is_left_as_it_is(tmp_path: Path) -> None:
    """`serve` on a store written by a newer game refuses it, as `class` and `compare` do: it set the store's
    version back to its own and wrote rows of its own kind into it."""
    db = tmp_path / "newer.sqlite3"
    Store(db).close()
    sqlite3.connect(db, isolation_level=None).execute("PRAGMA user_version = 3")
    with pytest.raises(StoreError) as refused:
        Store(db)
    assert str(refused.value) == (f"{db} was made by a newer version of the game (store version 3; this one "
                                  "reads 2)")
    assert sqlite3.connect(db).execute("PRAGMA user_version").fetchone()[0] == 3


def test_another_programs_database_is_not_made_a_store(tmp_path: Path) -> None:
    """A --db that names another program's SQLite file (a gradebook) is refused; the game's tables were added
    to it. An empty file is a new store."""
    db = tmp_path / "gradebook.sqlite3"
    sqlite3.connect(db, isolation_level=None).execute("CREATE TABLE grades (student TEXT, mark INTEGER)")
    with pytest.raises(StoreError) as refused:
        Store(db)
    assert str(refused.value) == (f"{db} is not a classroom store (it has no table of records; it holds: grades); "
                                  "name another file for --db")
    tables = sqlite3.connect(db).execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    assert tables == [("grades",)]
    (tmp_path / "empty.sqlite3").touch()
    with Store(tmp_path / "empty.sqlite3") as store:
        assert store.rows("3B") == []


@pytest.mark.parametrize("host", ["", " "])
def test_serve_refuses_an_empty_host(host: str, ambassador: Ambassador, tmp_path: Path) -> None:
    """`--host "$ADDRESS"` with the variable unset served every network the machine is on: an empty host means
    all of them to the server. It is refused, naming the two usual choices."""
    ran = ambassador("serve", str(MINI), "--db", str(tmp_path / "s.sqlite3"), "--host", host)
    assert (ran.returncode, ran.stdout) == (2, "")
    assert ran.stderr == (f"ambassador serve: --host {host!r} is empty: 127.0.0.1 serves this machine only, "
                          "0.0.0.0 the whole network\n")
    assert not (tmp_path / "s.sqlite3").exists()


@pytest.mark.parametrize(("name", "kind"), [(".", "a folder"), ("/dev/null", "a device")])
def test_serve_on_a_folder_or_a_device_says_so(name: str, kind: str, ambassador: Ambassador,
                                                 tmp_path: Path) -> None:
    """`serve --db` on what is not a file says so, as `class` and `compare` do; it said 'unable to open
    database file' (a folder) and 'disk I/O error' (/dev/null)."""
    path = tmp_path if name == "." else Path(name)
    ran = ambassador("serve", str(MINI), "--db", str(path), "--port", "1")
    assert ran.returncode == 2 and ran.stdout == ""
    assert ran.stderr == (f"ambassador serve: this is {kind}, not a classroom store; name a file for --db (a new "
                          f"store is made where none is): {path}\n")


def test_the_join_code_is_kept_per_class(tmp_path: Path) -> None:
    codes = iter(["111111", "222222", "333333"])
    with Store(tmp_path / "s.sqlite3") as store:
        assert store.join_code("3B", lambda: next(codes)) == "111111"
        assert store.join_code("4A", lambda: next(codes)) == "222222"
    with Store(tmp_path / "s.sqlite3") as store:  # a restarted `serve`: the same code
        assert store.join_code("3B", lambda: next(codes)) == "111111"


def test_the_unfinished_game_of_a_browser(tmp_path: Path) -> None:
    anna = read(CLASS / "anna.json")
    start = dataclasses.replace(anna, turns=anna.turns[:1], finished=False, ending=None, score=None)
    with Store(tmp_path / "s.sqlite3") as store:
        assert store.unfinished("3B", "AAAA-AAAA") is None and store.unfinished("3B", "") is None
        store.add("3B", "g1", start, owner="AAAA-AAAA")
        store.add("3B", "g2", start, owner="CCCC-CCCC")  # another browser's game
        found = store.unfinished("3B", "AAAA-AAAA")
        assert found is not None and found.game == "g1"
        assert store.unfinished("4A", "AAAA-AAAA") is None  # another class
        store.add("3B", "g1", anna, owner="AAAA-AAAA")  # finished: nothing to continue
        assert store.unfinished("3B", "AAAA-AAAA") is None


def test_class_once_golden(ambassador: Ambassador, class_db: Path) -> None:
    result = ambassador("class", "3B", "--db", str(class_db), "--once")
    assert result.returncode == 0, result.stderr
    _golden("class-3B.txt", result.stdout)
    assert "Other class" not in result.stdout  # another class of the same store
    empty = ambassador("class", "5C", "--db", str(class_db), "--once")
    assert empty.returncode == 0 and " ".join(empty.stdout.split()) == (
        "Class 5C: nobody has started yet. The store holds games of 3B, 4A: a class is named exactly as "
        "`serve --class` named it.")
    missing = ambassador("class", "3B", "--db", str(class_db.with_name("nope.sqlite3")), "--once")
    assert missing.returncode == 2 and "no classroom store" in missing.stderr and not missing.stdout


def test_compare_db_golden(ambassador: Ambassador, class_db: Path) -> None:
    result = ambassador("compare", "--db", str(class_db), "--class", "3B", "--scenario", MINI)
    assert result.returncode == 1, "Eve's record is set apart, so the exit code is 1"
    _golden("compare-3B.txt", result.stdout)
    # Verified by replay like files: Eve's edited record is listed apart with the reason, never counted.
    assert "4 verified games" in result.stdout
    assert "Not counted (1):\n  #" in result.stdout and "Eve: does not replay: month 1" in result.stdout


def test_compare_db_finds_the_served_scenario_in_the_store(ambassador: Ambassador, class_db: Path) -> None:
    """The class played a scenario that is not bundled: without the file, its records are listed apart saying
    what to pass; once the store keeps the text (as `serve` does), compare --db needs no --scenario."""
    without = ambassador("compare", "--db", str(class_db), "--class", "3B")
    assert without.returncode == 1 and without.stdout.startswith("No verified games.\n")
    assert "its scenario 'mini' is not a bundled one and no file given declares it: pass the scenario's file " \
           "with --scenario FILE" in without.stdout
    with Store(class_db) as store:
        store.keep_scenario((ROOT / MINI).read_bytes())
        store.keep_scenario((ROOT / MINI).read_bytes())  # once per version
        assert [sha for sha, _ in store.scenarios()] == [load(ROOT / MINI).sha256]
    kept = ambassador("compare", "--db", str(class_db), "--class", "3B")
    given = ambassador("compare", "--db", str(class_db), "--class", "3B", "--scenario", MINI)
    assert kept.stdout == given.stdout and "4 verified games" in kept.stdout
    assert (kept.returncode, kept.stderr) == (1, "")  # Eve's edited record is still set apart


def test_serve_keeps_the_scenario_text_in_the_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import game.classroom.web as web
    from game.cli import main

    def no_server(*_: object, **__: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(web.Classroom, "__init__", no_server)
    db = tmp_path / "s.sqlite3"
    main(["serve", str(ROOT / MINI), "--db", str(db), "--class", "3B"])
    with Store(db, create=False) as store:
        assert store.scenarios() == [(load(ROOT / MINI).sha256, (ROOT / MINI).read_bytes())]


def _banner(monkeypatch: pytest.MonkeyPatch, *args: str) -> list[str]:
    """The lines `ambassador serve ARGS` shows the teacher before the class starts (no server is started)."""
    import game.classroom.web as web
    from game.cli import main

    seen: list[str] = []

    def no_server(self: object, options: web.Options) -> None:
        seen.append(options.banner)
        raise KeyboardInterrupt

    monkeypatch.setattr(web.Classroom, "__init__", no_server)
    main(["serve", str(ROOT / MINI), "--class", "3B", *args])
    assert len(seen) == 1
    return seen[0].splitlines()


def test_serve_names_the_store_in_its_next_commands_only_when_it_was_given(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The banner's next commands are typed as they stand: the default store needs no --db (its long path
    wrapped them at 80 columns), a store given is named, quoted for the shell."""
    monkeypatch.setenv("AMBASSADOR_HOME", str(tmp_path / "home"))
    lines = _banner(monkeypatch)
    assert "Watch the class: ambassador class 3B" in lines
    assert "Afterwards: ambassador compare --class 3B (--html FILE to project)" in lines
    db = tmp_path / "my class.sqlite3"
    lines = _banner(monkeypatch, "--db", str(db))
    assert f"Watch the class: ambassador class 3B --db '{db}'" in lines
    assert f"Afterwards: ambassador compare --db '{db}' --class 3B (--html FILE to project)" in lines
    assert f"Records go to {db}" in lines


def test_compare_db_usage(ambassador: Ambassador, class_db: Path) -> None:
    assert ambassador("compare", "--db", str(class_db)).returncode == 2  # which class?
    assert ambassador("compare").returncode == 2
    missing = ambassador("compare", "--db", str(class_db.with_name("nope.sqlite3")), "--class", "3B")
    assert missing.returncode == 2 and "no classroom store" in missing.stderr


def test_classroom_commands_never_load_textual(class_db: Path) -> None:
    code = ("import sys\nfrom game.cli import main\nimport game.classroom.serve, game.classroom.live\n"
            f"code = main(['class', '3B', '--db', {str(class_db)!r}, '--once'])\n"
            f"code += main(['compare', '--db', {str(class_db)!r}, '--class', '3B', '--scenario', {MINI!r}])\n"
            "print(code, any(m == 'textual' or m.startswith('textual.') for m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False,
                            timeout=120)
    assert result.stdout.splitlines()[-1] == "1 False", result.stderr  # 0 from class, 1 from compare (Eve)


def test_compare_a_class_the_store_does_not_hold(ambassador: Ambassador, class_db: Path) -> None:
    """A mistyped class name is not 'No verified games' with exit 0: the store holds no such class, and the
    message names the classes it holds (exit 2, like a missing store)."""
    result = ambassador("compare", "--db", str(class_db), "--class", "3b")
    assert result.returncode == 2 and not result.stdout
    assert result.stderr == (f"ambassador compare: the store {class_db} holds no class '3b'; "
                             "its classes: 3B, 4A\n")


def test_per_turn_without_csv_is_refused(ambassador: Ambassador, class_db: Path) -> None:
    result = ambassador("compare", "--db", str(class_db), "--class", "3B", "--per-turn")
    assert result.returncode == 2 and not result.stdout
    assert result.stderr == "ambassador compare: --per-turn needs --csv FILE (it shapes the CSV's rows)\n"


def test_two_students_of_one_name_are_told_apart_in_compare(ambassador: Ambassador, tmp_path: Path) -> None:
    """Two Annas in one class (or two names alike in the 16 characters the tables show): compare printed two
    rows 'Anna', and 'Anna' twice in every list, so the teacher could not tell whose result was whose. Each is
    now named with its row in the store (as 'class' tells them apart by browser); a name said once stays as it
    is."""
    db = tmp_path / "s.sqlite3"
    anna = read(CLASS / "anna.json")
    with Store(db) as store:
        store.add("3B", "g1", dataclasses.replace(anna, player="Anna", seal=None))  # row 1
        store.add("3B", "g2", dataclasses.replace(read(CLASS / "boris.json"), player="Anna", seal=None))  # row 2
        store.add("3B", "g3", dataclasses.replace(read(CLASS / "clara.json"), player="Clara", seal=None))
        store.keep_scenario((ROOT / MINI).read_bytes())
    result = ambassador("compare", "--db", str(db), "--class", "3B")
    assert result.returncode == 0, result.stderr
    table = result.stdout.split("\nplayer ", 1)[1].split("\n\n", 1)[0].splitlines()[1:]
    assert sorted(line.split("  ")[0] for line in table) == ["#1 Anna", "#2 Anna", "Clara"]
    assert "\n    Anna " not in result.stdout  # nor in the choices that diverged
