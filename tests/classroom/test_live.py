"""The teacher's live view: each game's status worked out by hand from what the store says of its browser."""

from __future__ import annotations

import dataclasses
import io
from datetime import datetime, timezone
from pathlib import Path

from game.classroom.live import FOOTER, ending_title, render, scenarios, snapshot, status, watch
from game.classroom.store import Row, Store
from game.records import read

from .conftest import CLASS, MINI, ROOT

NOW = datetime(2026, 3, 4, 10, 30, tzinfo=timezone.utc)


def row(id: int, player: str, owner: str, *, stored: str, months: int = 1, finished: bool = False,
        seed: int = 5) -> Row:
    return Row(id, "3B", f"g{id}", player, "mini", seed, months, finished, "bad" if finished else None,
               60 if finished else None, "{}", stored, stored, "standard", owner)


def test_status_from_the_browser() -> None:
    presence = {"AAAA-AAAA": (True, "2026-03-04T10:29:30+00:00"),  # typed 30 s ago
                "CCCC-CCCC": (True, "2026-03-04T10:20:00+00:00"),  # connected, no key for 10 min
                "DDDD-DDDD": (False, "2026-03-04T10:25:00+00:00")}  # the tab closed 5 min ago
    rows = [row(1, "Anna", "AAAA-AAAA", stored="2026-03-04T10:10:00+00:00"),
            row(2, "Boris", "CCCC-CCCC", stored="2026-03-04T10:15:00+00:00"),
            row(3, "Clara", "DDDD-DDDD", stored="2026-03-04T10:24:00+00:00"),
            row(4, "Dora", "EEEE-EEEE", stored="2026-03-04T10:00:00+00:00", months=3, finished=True),
            row(5, "Anna", "AAAA-AAAA", stored="2026-03-04T10:29:00+00:00")]  # Anna's newer game
    newest = {"AAAA-AAAA": 5, "CCCC-CCCC": 2, "DDDD-DDDD": 3, "EEEE-EEEE": 4}
    assert status(rows[4], presence, newest, NOW) == ("playing", "now")
    assert status(rows[0], presence, newest, NOW) == ("left", "now")  # her older game was left for the new one
    assert status(rows[1], presence, newest, NOW) == ("idle", "10 min")
    assert status(rows[2], presence, newest, NOW) == ("left", "5 min")
    assert status(rows[3], presence, newest, NOW) == ("finished", "30 min")


def test_two_students_of_the_same_name_are_told_apart() -> None:
    rows = [row(1, "Anna", "AAAA-AAAA", stored="2026-03-04T10:29:00+00:00"),
            row(2, "Anna", "CCCC-CCCC", stored="2026-03-04T10:29:00+00:00", seed=6)]
    text = render("3B", rows, {}, NOW)
    assert "2 players, 2 games: 0 finished, 0 playing, 0 idle, 2 left" in text
    lines = [line for line in text.splitlines() if line.startswith("Anna")]
    assert len(lines) == 2 and "AAAA-AAAA" in lines[0] + lines[1] and "CCCC-CCCC" in lines[0] + lines[1]
    assert "different scenarios, seeds or difficulties;" in text
    assert "mini, seed 5, difficulty standard: 1 game" in text and "mini, seed 6, difficulty standard: 1 game" in text


def test_serve_keeps_presence_in_the_store(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite3") as store:
        store.add("3B", "g1", read(CLASS / "anna.json"), owner="AAAA-AAAA")
        store.seen("3B", "AAAA-AAAA", connected=True)
        assert store.presence("3B")["AAAA-AAAA"][0] is True
        store.all_left("3B")  # a restarted server: nobody is connected yet
        assert store.presence("3B")["AAAA-AAAA"][0] is False and store.presence("4A") == {}


def test_the_view_fits_80_columns() -> None:
    """A class of the main scenario at 80x24 (the terminal a teacher may have): no line wraps, the longest
    ending title of the bundled scenarios included; the scenario, seed and difficulty are said once, above the
    table, not in every row."""
    def game(id: int, player: str, owner: str, *, months: int, ending: str | None = None,
             scenario: str = "directive_1980") -> Row:
        return Row(id, "9B", f"g{id}", player, scenario, 1980, months, ending is not None, ending,
                   52 if ending else None, "{}", "2026-03-04T10:29:00+00:00", "2026-03-04T10:29:00+00:00", "easy",
                   owner)

    rows = [game(1, "Alexandra Petrova", "UVUY-PDCA", months=12, ending="beijing_group_grows"),
            game(2, "Boris", "AC9U-AN7P", months=4), game(3, "Ada", "JD6Y-JTUT", months=3)]
    presence = {"AC9U-AN7P": (True, "2026-03-04T10:29:30+00:00")}
    text = render("9B", rows, presence, NOW, find=scenarios([]))
    assert max(len(line) for line in text.splitlines()) <= 80, text
    assert "directive_1980, seed 1980, difficulty easy: 3 games" in text.splitlines()
    assert [line.rsplit(" ", 1)[-1] for line in text.splitlines() if line.startswith(("Alexandra", "Boris", "Ada"))] \
        == ["grows", "playing", "left"]
    assert "Beijing's own group grows" in text  # the longest bundled ending title, whole
    # two settings: a table each, under its own heading, each within 80 columns
    mixed = render("9B", [*rows, game(4, "Dora", "EEEE-EEEE", months=2, scenario="beijing_1980")], presence, NOW)
    assert max(len(line) for line in mixed.splitlines()) <= 80, mixed
    assert "beijing_1980, seed 1980, difficulty easy: 1 game" in mixed.splitlines()


def test_an_ending_reads_as_compare_names_it(tmp_path: Path) -> None:
    """A finished game's ending is its title, as `compare` shows it, not its id: from the scenario text the store
    kept when the class was served (the mini scenario is not bundled), or a bundled scenario of that id."""
    db = tmp_path / "s.sqlite3"
    with Store(db) as store:
        store.add("3B", "g1", read(CLASS / "anna.json"), owner="AAAA-AAAA")  # ended "bad", titled "Bad"
    (anna,) = [line for line in snapshot(db, "3B").splitlines() if line.startswith("Anna")]
    assert anna.endswith(" bad")  # a store that kept no scenario (not written by serve): the id, as before
    with Store(db) as store:
        store.keep_scenario((ROOT / MINI).read_bytes())  # as `serve` does when it starts
    (anna,) = [line for line in snapshot(db, "3B").splitlines() if line.startswith("Anna")]
    assert anna.endswith(" Bad")
    bundled = Row(1, "9B", "g1", "Ada", "directive_1980", 1980, 12, True, "bloc_holds", 80, "{}", "", "", "easy")
    assert ending_title(bundled, scenarios([])(bundled)) == "The bloc holds firm"
    unknown = dataclasses.replace(bundled, scenario="nowhere")
    assert scenarios([])(unknown) is None and ending_title(unknown, None) == "bloc_holds"


def _thirty() -> tuple[list[Row], dict[str, tuple[bool, str]]]:
    """Thirty students of one setting: student k last seen k minutes after 09:00 (k = 1..30); 1 to 5 finished."""
    rows, presence = [], {}
    for k in range(1, 31):
        stamp = f"2026-03-04T09:{k:02d}:00+00:00"
        owner = f"AAAA-{k:04d}"
        rows.append(Row(k, "9B", f"g{k}", f"Student {k:02d}", "directive_1980", 1980, 12 if k <= 5 else 3, k <= 5,
                        "bloc_holds" if k <= 5 else None, 60 + k if k <= 5 else None, "{}", stamp, stamp, "easy",
                        owner))
        presence[owner] = (k > 5, stamp)
    return rows, presence


def test_a_class_of_thirty_fits_80x24() -> None:
    """Thirty games and 24 lines: the summary stays at the top and the scores so far at the bottom, and the games
    shown are the ones seen last, with a line saying how many are not shown. Worked out by hand: 24 lines less
    the view's own two at the bottom and the cursor's line leave 21; the summary, the line about the games not
    shown (and a blank line after each), the heading, the column names, and the scores (with a blank line) take
    8, so 13 games are shown: students 18 to 30."""
    rows, presence = _thirty()
    text = render("9B", rows, presence, NOW, height=24 - FOOTER - 1)
    lines = text.splitlines()
    assert len(lines) <= 21 and max(len(line) for line in lines) <= 80, text
    assert lines[0] == "Class 9B: 30 players, 30 games: 5 finished, 0 playing, 25 idle, 0 left"
    assert lines[2] == "Showing the 13 games seen last, of 30: a taller window shows more, --once all."
    assert lines[-1] == "Scores so far: mean 63.0, median 63, lowest 61, highest 65 (5 finished)"
    assert [line.split()[1] for line in lines if line.startswith("Student")] == [str(k) for k in range(18, 31)]
    tall = render("9B", rows, presence, NOW, height=40)  # room for all: no line about games not shown
    assert sum(line.startswith("Student") for line in tall.splitlines()) == 30 and "Showing" not in tall


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_live_view_never_scrolls_its_summary_off(tmp_path: Path) -> None:
    """`ambassador class` refreshing in a terminal of 24 lines, thirty games in the store: one refresh writes at
    most 23 lines (a 24th newline would scroll the first off), the summary first."""
    db = tmp_path / "s.sqlite3"
    anna = read(CLASS / "anna.json")
    with Store(db) as store:
        for k in range(30):
            store.add("9B", f"g{k}", dataclasses.replace(anna, player=f"Student {k}", seal=None),
                      owner=f"AAAA-{k:04d}")
    out = _Terminal()

    def stop(_: float) -> None:
        raise KeyboardInterrupt

    assert watch(db, "9B", out=out, sleep=stop, lines=lambda: 24) == 0
    screen = out.getvalue().removeprefix("\x1b[H\x1b[2J").removesuffix("\n\n")  # the Ctrl+C's newline
    assert screen.count("\n") <= 23, screen
    assert screen.startswith("Class 9B: 30 players, 30 games: 30 finished"), screen


def test_not_in_a_terminal_every_game_is_listed() -> None:
    """Without a height (--once, or the view's output not a terminal), every game is listed."""
    rows, presence = _thirty()
    assert sum(line.startswith("Student") for line in render("9B", rows, presence, NOW).splitlines()) == 30


def test_each_side_of_a_year_has_its_own_aggregate(tmp_path: Path) -> None:
    """A class split between Moscow's side and Beijing's: the Beijing side's table names its number as the
    scenario does ('openness', as compare's table does), not 'cohesion'."""
    def game(id: int, scenario: str) -> Row:
        return Row(id, "9B", f"g{id}", "Ada", scenario, 42, 3, False, None, None, "{}", "", "", "standard", "")

    text = render("9B", [game(1, "directive_1980"), game(2, "beijing_1980")], {}, NOW, find=scenarios([]))
    headers = [line.split()[4] for line in text.splitlines() if line.startswith("player ")]
    assert headers == ["cohesion", "openness"]


def test_a_class_name_typed_otherwise_names_the_classes_of_the_store(tmp_path: Path) -> None:
    """`ambassador class 9b` for a class served as 9B said 'nobody has started yet' at every refresh, while the
    whole class played: the view now names the classes the store holds."""
    db = tmp_path / "s.sqlite3"
    with Store(db) as store:
        store.add("9B", "g1", read(CLASS / "anna.json"))
        store.add("10A", "g2", read(CLASS / "boris.json"))
    text = snapshot(db, "9b")
    assert " ".join(text.split()) == ("Class 9b: nobody has started yet. The store holds games of 10A, 9B: a class "
                                      "is named exactly as `serve --class` named it.")
    assert max(len(line) for line in text.splitlines()) <= 80


def test_each_setting_keeps_a_game_in_a_small_window() -> None:
    """Thirty games of Moscow's side seen after the five of Beijing's: at 80x24 the Beijing table was its heading
    and no game at all (the 13 games seen last were all Moscow's). Each setting now keeps its game seen last,
    and the rest of the room goes to the games seen last of any setting. By hand: 21 lines less the summary, the
    line about games not shown, the note on mixed settings (two lines) and two blank lines (6), each table's
    blank line, heading and column names (6), Moscow's scores and a blank line (2), and the blank line the cut
    adds... leave 7 games: Beijing's last (student 5), and Moscow's 6 seen last (students 35 to 40)."""
    rows, presence = _thirty()
    beijing = [dataclasses.replace(r, id=r.id, scenario="beijing_1980", finished=False, ending=None, score=None,
                                   months=3) for r in rows[:5]]
    moscow = [dataclasses.replace(r, id=r.id + 10, player=f"Student {r.id + 10:02d}", owner=f"BBBB-{r.id:04d}",
                                  stored=r.stored.replace("T09:", "T10:")) for r in rows]
    presence = {**presence, **{r.owner: (True, r.stored) for r in moscow}}
    text = render("9B", beijing + moscow, presence, NOW, height=21)
    lines = text.splitlines()
    assert len(lines) <= 21, text
    shown = [int(line.split()[1]) for line in lines if line.startswith("Student")]
    assert shown[:1] == [5] and sorted(shown[1:]) == [35, 36, 37, 38, 39, 40], text
