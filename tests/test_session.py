"""The session's own rules (game.session), in process: which scenario file a saved game comes back on, and
where a finished game's record goes. tests/test_front_ends.py holds both front ends to the rest."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.engine import new_game, play_turn
from game.records import read
from game.scenario import load, resolve
from game.session import Session, carry_over

TUTORIAL = resolve("tutorial")
MINI = Path(__file__).parent / "fixtures" / "scenarios" / "mini.toml"


#: Each test has its own data and working folders (conftest.home).
pytestmark = pytest.mark.usefixtures("home")


def saved_after_a_month(path: Path) -> None:
    """The tutorial played for a month on the scenario file ``path`` (seed 7, Ann), left to the autosave."""
    session = Session.start(load(path), path, seed=7, player="Ann")
    session.end_month()
    assert session.keep() is not None


def test_a_saved_game_comes_back_on_the_very_file_it_was_played_on(tmp_path: Path) -> None:
    # Played on the bundled tutorial through a copy of it; the copy is edited afterwards (a comment: the same
    # game, another sha256). Both files have the game's scenario id; the bundled one is byte for byte the file
    # the game was played on, so the game comes back on it, although the copy comes first.
    copy = tmp_path / "tutorial-copy.toml"
    copy.write_bytes(TUTORIAL.read_bytes())
    saved_after_a_month(copy)
    copy.write_bytes(TUTORIAL.read_bytes() + b"\n# edited later\n")
    resumed = Session.resume()
    assert resumed.scenario_path == TUTORIAL
    assert resumed.scenario.sha256 == load(TUTORIAL).sha256
    assert resumed.state.turn == 2


def test_a_saved_game_does_not_come_back_on_a_file_of_another_scenario(tmp_path: Path) -> None:
    # Played on an edited copy of the tutorial, which is then replaced by another scenario (mini): that file
    # is passed over for its id, and the game comes back on the bundled tutorial (same id, not the same bytes).
    copy = tmp_path / "mine.toml"
    copy.write_bytes(TUTORIAL.read_bytes() + b"\n# my own copy\n")
    saved_after_a_month(copy)
    copy.write_bytes(MINI.read_bytes())
    resumed = Session.resume()
    assert (resumed.scenario.id, resumed.scenario_path) == ("tutorial", TUTORIAL)
    assert resumed.state.turn == 2


def test_a_finished_game_never_overwrites_an_earlier_record(home: Path) -> None:
    # Two games of Ann's on seed 7 finished within the same second: the second record goes beside the first.
    written: list[Path] = []
    for _ in range(2):
        session = Session.start(load(TUTORIAL), TUTORIAL, seed=7, player="Ann", stamp=lambda: "20260101-120000")
        path = None
        while not session.state.over:
            session.end_month()
            path = session.keep()
        assert path is not None
        written.append(path)
    assert written == [home / "records" / "tutorial-7-Ann-20260101-120000.json",
                       home / "records" / "tutorial-7-Ann-20260101-120000-2.json"]
    assert read(written[0]) == read(written[1])


def _finished(player: str, record_path: Path | None = None, seed: int = 7) -> Session:
    session = Session.start(load(TUTORIAL), TUTORIAL, seed=seed, player=player, record_path=record_path,
                            stamp=lambda: "20260101-120000")
    while not session.state.over:
        session.end_month()
    return session


def test_a_record_file_asked_for_twice_keeps_the_first_game(tmp_path: Path) -> None:
    """`--record game.json` again (a student's second game, the command line called back) replaced the first
    game's record without a word; the second now goes beside it, and the player is told where."""
    asked = tmp_path / "game.json"
    assert _finished("Ann", asked).keep() == asked
    second = _finished("Boris", asked, seed=8)
    assert second.keep() == tmp_path / "game-2.json"
    assert (read(asked).player, read(tmp_path / "game-2.json").player) == ("Ann", "Boris")
    assert second.record_note == (f"{asked} already holds a file; so as not to replace it, this game's record is "
                                  "saved beside it as game-2.json.")


def test_two_games_finishing_at_once_on_one_name_keep_both(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Looking for a free name, then writing it, let a second game that finished in between take the same name
    and be replaced (two students' games of one name and seed in the same second, or one --record file): the
    name is now taken by the writing itself. Here the other game writes its file just after the look."""
    import os

    first = _finished("Ann")
    target = home / "records" / "tutorial-7-Ann-20260101-120000.json"
    real = os.fsync

    def other_game_lands_first(fd: int) -> None:  # while this game's file is being written
        real(fd)
        if not target.exists():
            target.write_text("the other game's record", encoding="utf-8")

    monkeypatch.setattr(os, "fsync", other_game_lands_first)
    assert first.keep() == target.with_name("tutorial-7-Ann-20260101-120000-2.json")
    assert target.read_text(encoding="utf-8") == "the other game's record"


def test_a_name_with_undecodable_bytes_or_a_terminal_escape_is_kept_as_readable_text(home: Path) -> None:
    # `--name` (or a name typed) in a terminal whose locale is not UTF-8 reaches Python with each byte it cannot
    # decode as a lone surrogate ('Ann\udcff'): the finished record could not be written (UnicodeEncodeError, a
    # traceback, the game lost). An escape sequence in a name went on to every screen and into the record.
    session = Session.start(load(TUTORIAL), TUTORIAL, seed=7, player="Ann\udcff\x1b[31m", stamp=lambda: "1")
    assert session.player == "Ann [31m"
    path = None
    while not session.state.over:
        session.end_month()
        path = session.keep()
    assert path is not None and read(path).player == "Ann [31m"


def test_watch_names_the_choices_an_edit_removed() -> None:
    """--watch plays the game again on the edited scenario (Session.reload): each choice the edit no longer
    allows is left to the default and named, with its month and post."""
    from dataclasses import replace

    from game.sim.policies import make_policy

    sc = load(resolve("tutorial"))
    state = new_game(sc, 9)
    state, _ = play_turn(state, *make_policy("hardline", sc).plan(state))  # 'Control contacts' on every card
    assert state.history[0].choices and all(rid == "vigilance" for _, rid in state.history[0].choices)
    first_uid = state.history[0].choices[0][0]
    first_card = sc.card(next(c.card for c in new_game(sc, 9).cards if c.uid == first_uid))
    # The edit: the first card answered no longer allows 'Control contacts'.
    cards = tuple(replace(c, responses=tuple(r for r in c.responses if r != "vigilance")) if c is first_card
                  else c for c in sc.cards)
    edited = replace(sc, cards=cards)
    kept, dropped, _ = carry_over(edited, state)
    post = sc.country(first_uid.split("-")[1]).post
    assert f"March 1980, {post}: 'Control contacts'" in dropped
    assert all("Control contacts" in d for d in dropped)
    assert len(kept.history) == 1 and first_uid not in dict(kept.history[0].choices)
    # Unchanged, nothing is dropped.
    assert carry_over(sc, state)[1] == []
