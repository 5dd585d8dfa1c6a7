"""The teacher's loop on a scenario of their own: new -> validate -> simulate -> play -> replay, each step
through the `ambassador` command (in-process), and the replay command the game prints at the end works."""

from __future__ import annotations

import io
import shlex
from pathlib import Path

import pytest

from game.cli import main


def test_new_validate_simulate_play_replay(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("AMBASSADOR_HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    file = tmp_path / "my-class" / "crisis.toml"
    file.parent.mkdir()
    assert main(["new", str(file)]) == 0
    # The teacher makes it their own: a title and a shorter game.
    text = file.read_text(encoding="utf-8")
    text = text.replace('title = "My first scenario"', 'title = "A test of the loop"').replace("turns = 4", "turns = 3")
    file.write_text(text, encoding="utf-8")
    assert main(["validate", str(file)]) == 0
    assert main(["simulate", str(file), "--games", "30", "--slow-games", "4", "--rollouts", "1", "--jobs", "1"]) == 0
    assert "Balance report: A test of the loop" in capsys.readouterr().out

    # Every card left to its default, every month ended and confirmed.
    monkeypatch.setattr("sys.stdin", io.StringIO("e\ny\n\n" * 20))
    assert main(["play", str(file), "--plain", "--seed", "11", "--record", "game.json"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines.count("Check it with:") == 1, out[-2000:]
    command = shlex.split(lines[lines.index("Check it with:") + 1])  # on one line, however long
    assert command[:3] == ["ambassador", "replay", "game.json"]
    assert command[3:] == ["--scenario", str(file.resolve())]  # not bundled, so named
    assert main(command[1:]) == 0
    assert "game.json: ok: 3 months replayed" in capsys.readouterr().out


def test_a_bundled_scenario_is_found_by_its_id() -> None:
    from game.records import replay_command
    from game.scenario import load
    from game.scenario.catalog import bundled_dir

    sc = load(bundled_dir() / "tutorial.toml")
    assert replay_command("my game.json", sc) == "ambassador replay 'my game.json'"


def test_the_guides_come_with_the_game(capsys: pytest.CaptureFixture[str]) -> None:
    from game.scenario.reference import reference_text

    assert main(["docs"]) == 0
    listing = capsys.readouterr().out
    assert all(f"  {topic} " in listing for topic in ("format", "writing", "teachers", "simulate-json"))
    assert main(["docs", "format"]) == 0
    assert capsys.readouterr().out == reference_text()  # the committed reference, generated from the format
    assert main(["docs", "writing"]) == 0
    assert capsys.readouterr().out.startswith("# Writing a scenario")
    assert main(["docs", "formt"]) == 2
    assert "did you mean 'format'?" in capsys.readouterr().err


def test_the_next_steps_new_prints_work_as_written_for_a_name_with_spaces(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """`ambassador new "Hungary 1956.toml"` printed `ambassador validate Hungary 1956.toml`: pasted, that names
    two files, neither of which exists. Each command it prints is one the shell reads back as written."""
    monkeypatch.chdir(tmp_path)
    assert main(["new", "Hungary 1956.toml"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[1] == ("next: `ambassador validate 'Hungary 1956.toml'`, then `ambassador simulate "
                                   "'Hungary 1956.toml'`, then `ambassador play 'Hungary 1956.toml'`")
    validate = shlex.split(out.splitlines()[1].split("`")[1])
    assert main(validate[1:]) == 0
    assert capsys.readouterr().out == "Hungary 1956.toml: ok\n"

    (tmp_path / "my class").mkdir()
    (tmp_path / "my class" / "scenario.schema.json").write_text("{}", encoding="utf-8")  # an old one is kept
    assert main(["new", "my class/Poland 1980.toml"]) == 0
    err = capsys.readouterr().err
    assert err == ("ambassador new: left the existing my class/scenario.schema.json as it is; `ambassador schema "
                   "-o 'my class/scenario.schema.json'` brings it up to date\n")
