"""The `ambassador` command line: built for the words given (game.cli builds only the parser of the command
named, or every command's line for the listing), it must still list, explain and parse every command."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Ambassador

from game.cli import _parser, main

ROOT = Path(__file__).resolve().parents[1]

#: Each command and an option or argument only its own parser has (known from the README and the guides).
OWN: dict[str, str] = {
    "play": "--plain", "validate": "FILE", "schema": "--output", "scenarios": "usage: ambassador scenarios",
    "docs": "TOPIC", "replay": "RECORD", "compare": "--per-turn", "serve": "--max-sessions", "class": "--once",
    "simulate": "--slow-games", "new": "PATH",
}


@pytest.fixture(autouse=True)
def _wide(monkeypatch: pytest.MonkeyPatch) -> None:
    """Help lines unwrapped, whatever the terminal running the tests."""
    monkeypatch.setenv("COLUMNS", "200")


def test_the_listing_names_every_command_with_its_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    listed = [line.split()[0] for line in out.splitlines() if line.startswith("    ") and line[4:5] != " "]
    assert listed == list(OWN), out
    assert "_zygote" not in out
    assert "verify a class's records and compare the players" in out
    assert "play many games headless and report how the scenario plays" in out
    # As wide as COLUMNS says (game.cli finds the width itself, without shutil): this line is 104 characters.
    assert "show a guide that comes with the game (the scenario format, writing a scenario, the teacher's guide)" \
        in out


@pytest.mark.parametrize("command", list(OWN))
def test_each_command_explains_itself(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main([command, "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: ambassador {command}"), out
    assert OWN[command] in out


def test_an_unknown_command_names_the_choices(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["plya"])
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'plya'" in err
    assert all(f"'{name}'" in err for name in OWN), err


def test_an_option_before_the_command_is_still_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--plain", "play"])
    assert done.value.code == 2
    assert "unrecognized arguments: --plain" in capsys.readouterr().err


def test_the_chosen_command_gets_its_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["play", "--seed", "many"])
    assert done.value.code == 2
    assert "argument --seed" in capsys.readouterr().err
    with pytest.raises(SystemExit) as done:
        main(["simulate", "tutorial", "--games", "0"])
    assert done.value.code == 2
    assert "expected 1 or more, got 0" in capsys.readouterr().err


@pytest.mark.parametrize(("option", "value", "message"), [
    ("--games", "100000000000", "argument --games: at most 10,000,000 games per policy, got 100,000,000,000"),
    ("--slow-games", "100000000000", "argument --slow-games: at most 10,000,000 games per policy, got "
                                     "100,000,000,000"),
    ("--jobs", "1000", "argument --jobs: at most 64 worker processes, got 1,000"),
    ("--rollouts", "100000000", "argument --rollouts: at most 1,000 playouts per plan, got 100,000,000"),
])
def test_simulate_refuses_absurd_amounts(option: str, value: str, message: str,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    """A few zeros too many were taken: --games 100000000000 made the list of every chunk up front (4.7 GB in
    15 s, growing until the system killed it, with no word), --jobs 1000 started a thousand processes of
    about 55 MB each, --rollouts 100000000 played one game for ever. (Parsed only: where the amount is taken,
    running the command is what the test must not do.)"""
    argv = ["simulate", "tutorial", option, value]
    with pytest.raises(SystemExit) as done:
        _parser(argv).parse_args(argv)
    assert done.value.code == 2
    assert capsys.readouterr().err.endswith(f"ambassador simulate: error: {message}\n")


@pytest.mark.parametrize("command", [["simulate"], ["play", "--plain"], ["serve"], ["play"]])
def test_a_difficulty_the_scenario_lacks_is_refused_in_one_wording(ambassador: Ambassador,
                                                                   command: list[str]) -> None:
    """tests/fixtures/scenarios/other-words.toml defines no difficulties; the tutorial defines two. The
    full-screen ``play`` refuses it before it looks for a terminal (it drew a traceback, exit code 0)."""
    other = str(ROOT / "tests" / "fixtures" / "scenarios" / "other-words.toml")
    ran = ambassador(*command, other, "--difficulty", "hard")
    assert (ran.returncode, ran.stdout) == (2, "")
    assert ran.stderr == (f"ambassador {command[0]}: --difficulty 'hard': other_words defines no difficulties; "
                          "leave out --difficulty\n")
    ran = ambassador(*command, "tutorial", "--difficulty", "hard")
    assert ran.returncode == 2
    assert ran.stderr == (f"ambassador {command[0]}: --difficulty 'hard': tutorial defines no such difficulty; "
                          "use one of standard, easy\n")


def test_the_scenario_list_names_each_bundled_file(ambassador: Ambassador) -> None:
    """A teacher told to copy a bundled scenario finds its file in the list (an installed game keeps it inside
    the package, not in a folder of the teacher's)."""
    from game.scenario import bundled_entries

    ran = ambassador("scenarios")
    assert ran.returncode == 0
    files = [line.removeprefix("  file: ") for line in ran.stdout.splitlines() if line.startswith("  file: ")]
    assert sorted(files) == sorted(str(entry.path) for entry in bundled_entries())
    assert {Path(f).name for f in files} >= {"tutorial.toml", "directive-1980.toml"}


def test_watch_with_plain_is_refused_not_ignored(ambassador: Ambassador) -> None:
    """--watch reloads the terminal app; with --plain nothing would reload, so the preview is refused with a
    usage error rather than a game that silently never reloads."""
    ran = ambassador("play", "tutorial", "--plain", "--watch", stdin="q\n")
    assert (ran.returncode, ran.stdout) == (2, "")
    assert ran.stderr == ("ambassador play: --watch reloads the scenario in the terminal app only; leave out --plain "
                          "to preview with --watch, or leave out --watch to play line by line\n")


@pytest.mark.parametrize("command", ["play", "simulate"])
def test_a_scenario_file_named_without_toml_is_suggested(command: str, ambassador: Ambassador,
                                                         tmp_path: Path) -> None:
    """A teacher types `ambassador simulate crisis` beside crisis.toml: the answer names the file, not only the
    bundled scenarios (it said "no such file or bundled scenario (bundled: beijing-1980, ...)")."""
    from game.scenario.scaffold import scaffold_text

    (tmp_path / "crisis.toml").write_text(scaffold_text("crisis"), encoding="utf-8")
    ran = ambassador(command, "crisis", *(["--plain"] if command == "play" else []), cwd=tmp_path)
    assert (ran.returncode, ran.stdout) == (2, "")
    assert ran.stderr == (f"ambassador {command}: the scenario cannot be played:\ncrisis:1: no such file or bundled "
                          "scenario; did you mean 'crisis.toml', the file in this folder?\n")


@pytest.mark.parametrize("command", ["play", "simulate"])
def test_a_folder_named_as_the_scenario_is_called_a_folder(command: str, ambassador: Ambassador,
                                                          tmp_path: Path) -> None:
    """`ambassador play myscenarios` (the folder, not a file in it) said 'no such file or bundled scenario',
    of a folder that is there; `validate` said what it is."""
    (tmp_path / "myscenarios").mkdir()
    ran = ambassador(command, "myscenarios", *(["--plain"] if command == "play" else []), cwd=tmp_path)
    assert (ran.returncode, ran.stdout) == (2, "")
    assert ran.stderr == (f"ambassador {command}: the scenario cannot be played:\nmyscenarios:1: this is a folder, "
                          "not a scenario file; name a .toml file\n")


def test_a_file_name_that_holds_an_escape_sequence_is_printed_escaped(ambassador: Ambassador,
                                                                     tmp_path: Path) -> None:
    """A scenario file named with a terminal escape sequence (in a folder of files from elsewhere: validate
    *.toml) had its name printed as it was, in validate's 'ok' line and simulate's heading: the name cleared
    the screen. Every other line that names a file already escaped it."""
    from game.scenario.scaffold import scaffold_text

    name = "crisis\x1b[2J\x1b[H.toml"
    (tmp_path / name).write_text(scaffold_text("crisis"), encoding="utf-8")
    ran = ambassador("validate", name, cwd=tmp_path)
    assert (ran.returncode, ran.stdout) == (0, "crisis\\x1b[2J\\x1b[H.toml: ok\n")
    ran = ambassador("simulate", name, "--games", "10", "--jobs", "1", cwd=tmp_path)
    assert ran.returncode == 0 and "\x1b" not in ran.stdout
    assert ran.stdout.startswith("Balance report: My first scenario (crisis\\x1b[2J\\x1b[H.toml, sha256 ")


def test_simulate_takes_the_scenario_after_the_policies(ambassador: Ambassador) -> None:
    """`--policy` takes every name after it, so `ambassador simulate --policy ignore random tutorial` left no
    scenario ("the following arguments are required: scenario", exit 2): the last word is the scenario."""
    ran = ambassador("simulate", "--games", "20", "--policy", "ignore", "random", "tutorial", "--jobs", "1")
    assert (ran.returncode, ran.stderr) == (0, ""), ran.stderr
    assert "Games per policy: ignore 20, random 20. Seed 1980." in ran.stdout
    ran = ambassador("simulate", "--policy", "ignore")
    assert (ran.returncode, ran.stdout) == (2, "")
    assert ran.stderr.splitlines()[-1] == ("ambassador simulate: error: the following arguments are required: "
                                           "scenario")
    assert ran.stderr.startswith("usage: ambassador simulate [-h]")
    assert "[scenario]" not in ran.stderr and " scenario\n" in ran.stderr  # the usage says it is required
