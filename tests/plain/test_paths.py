"""Every path the plain game prints stands on a line of its own, indented, with nothing after it: a double-click
or a copy takes the path alone (a full stop, comma or colon right after it was picked up with it)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import disk_fills_after, full_disk, play_plain

import game.plain
import game.session


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("AMBASSADOR_HOME", str(home))
    monkeypatch.setenv("COLUMNS", "60")  # narrow: a path is never wrapped, whatever the width
    return home




def alone(out: str, path: Path) -> bool:
    """``path`` is printed, and every line that names it is the path alone ('  PATH') or the replay command."""
    named = [line for line in out.splitlines() if str(path) in line]
    return bool(named) and all(line == f"  {path}" or line.startswith("  ambassador replay ") for line in named) \
        and f"  {path}" in named


def test_the_record_of_a_finished_game(home: Path, tmp_path: Path) -> None:
    record = tmp_path / "a folder" / "my.game.json"
    code, out = play_plain(["e", "y"] * 3, record=record)
    assert code == 0 and record.is_file()
    assert alone(out, record)
    assert "Your game record is saved in:\n" in out


def test_the_autosave_when_the_game_is_left(home: Path) -> None:
    code, out = play_plain(["3", "q"])
    assert code == 0 and (home / "autosave.json").is_file()
    assert alone(out, home / "autosave.json")


def test_the_saved_game_that_is_waiting(home: Path) -> None:
    play_plain(["3", "q"])
    code, out = play_plain(["q"])
    assert code == 0 and alone(out, home / "autosave.json")


def test_a_save_that_fails(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(game.session, "write_record", full_disk)
    monkeypatch.setattr(game.session, "write_new_record", full_disk)
    code, out = play_plain(["3", "q"])
    assert code == 1 and "No space left on device" in out
    assert alone(out, home / "autosave.json")


def test_an_autosave_that_fails(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(game.session, "write_record", full_disk)
    monkeypatch.setattr(game.session, "write_new_record", full_disk)
    code, out = play_plain(["e", "y"] * 3)
    assert code == 1 and "No space left on device" in out
    assert alone(out, home / "autosave.json")


def test_the_autosave_that_still_holds_a_game_whose_record_failed(home: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    disk_fills_after(monkeypatch, 1)
    code, out = play_plain(["e", "y"] * 3)
    assert code == 1 and "still holds this game" in out
    assert alone(out, home / "autosave.json")
