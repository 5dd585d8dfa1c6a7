"""The teacher's live view: each game's status worked out by hand from what the store says of its browser."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from game.classroom.live import render, status
from game.classroom.store import Row, Store
from game.records import read

from .conftest import CLASS

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
    ending id of the bundled scenarios included; the scenario, seed and difficulty are said once, above the
    table, not in every row."""
    def game(id: int, player: str, owner: str, *, months: int, ending: str | None = None,
             scenario: str = "directive_1980") -> Row:
        return Row(id, "9B", f"g{id}", player, scenario, 1980, months, ending is not None, ending,
                   52 if ending else None, "{}", "2026-03-04T10:29:00+00:00", "2026-03-04T10:29:00+00:00", "easy",
                   owner)

    rows = [game(1, "Alexandra Petrova", "UVUY-PDCA", months=12, ending="beijing_group_grows"),
            game(2, "Boris", "AC9U-AN7P", months=4), game(3, "Ada", "JD6Y-JTUT", months=3)]
    presence = {"AC9U-AN7P": (True, "2026-03-04T10:29:30+00:00")}
    text = render("9B", rows, presence, NOW)
    assert max(len(line) for line in text.splitlines()) <= 80, text
    assert "directive_1980, seed 1980, difficulty easy: 3 games" in text.splitlines()
    assert [line.split()[-1] for line in text.splitlines() if line.startswith(("Alexandra", "Boris", "Ada"))] \
        == ["beijing_group_grows", "playing", "left"]
    # two settings: a table each, under its own heading, each within 80 columns
    mixed = render("9B", [*rows, game(4, "Dora", "EEEE-EEEE", months=2, scenario="beijing_1980")], presence, NOW)
    assert max(len(line) for line in mixed.splitlines()) <= 80, mixed
    assert "beijing_1980, seed 1980, difficulty easy: 1 game" in mixed.splitlines()
