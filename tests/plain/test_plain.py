"""The plain game played through stdin: whole games, the golden transcript, saving on end of input and
resuming, and invalid input. Every test keeps its saves in a temporary AMBASSADOR_HOME.

Set UPDATE_GOLDEN=1 to rewrite the golden transcript after a deliberate change; then read the diff."""

from __future__ import annotations

import argparse
import io
import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any, TextIO, cast

import pytest
from conftest import Ambassador

from game.engine import new_game, play_turn
from game.plain import run
from game.records import from_state, read
from game.scenario import load, resolve

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).parent / "golden"

# The tutorial with seed 7, one line per answer (see game.plain's docstring for the protocol). The answers
# also visit help, glossary, sources, review, coordination, a changed answer and some invalid input.
MONTH_1 = ["?", "3", "", "x", "5", "2", "r", "e"]
MONTH_2 = ["g", "3", "4", "9", "2", "", "2", "6", "e"]
MONTH_3 = ["s", "c", "3", "4", "", "", "e"]
SCRIPT = MONTH_1 + MONTH_2 + MONTH_3


def _text(lines: list[str]) -> str:
    return "".join(line + "\n" for line in lines)


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("AMBASSADOR_HOME", "COLUMNS")}
    env.update(AMBASSADOR_HOME=str(home), PYTHONIOENCODING="utf-8", PYTHONPATH=str(ROOT))
    return env


def _cli(argv: list[str], stdin: str, cwd: Path, home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "game", *argv], input=stdin, capture_output=True, text=True,
                          cwd=cwd, env=_env(home), timeout=60, encoding="utf-8")


def _args(**kw: Any) -> argparse.Namespace:
    base: dict[str, Any] = dict(scenario="tutorial", plain=True, seed=7, name="Test", difficulty="", record=None,
                                resume=False)
    base.update(kw)
    return argparse.Namespace(**base)


def _play(lines: list[str], **kw: Any) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(_args(**kw), io.StringIO(_text(lines)), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("AMBASSADOR_HOME", str(home))
    return home


def test_whole_tutorial_through_stdin(tmp_path: Path, ambassador: Ambassador) -> None:
    home = tmp_path / "home"  # the ambassador fixture's too
    done = _cli(["play", "tutorial", "--plain", "--seed", "7", "--name", "Test", "--record", "game.json"],
                _text(SCRIPT), tmp_path, home)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    out = done.stdout
    for line in ("Tutorial: Three Embassies, Spring 1980", "March 1980: month 1 of 3", "Report for May 1980",
                 "What changed, and why:", "4 May 1980: Tito dies.", "Debrief", "Questions for discussion:",
                 "Your game record is saved in:\n  game.json\n"):
        assert line in out
    record = read(tmp_path / "game.json")
    assert record.finished and record.player == "Test" and record.seed == 7
    assert record.turns[0].choices == {"t1-gdr-1": "expose", "t1-poland-1": "ignore", "t1-poland-2": "vigilance",
                                       "t1-mongolia-1": "explain"}
    assert record.turns[2].initiatives == ["coordinate"]
    assert f"The end: {load(resolve('tutorial')).ending(record.ending or '').title}" in out
    assert f"Score {record.score}: the bloc's cohesion" in out
    # The finished game leaves no autosave behind, and the record replays (in this process: the real command
    # is tests/records' test_replay_in_a_real_process).
    assert not (home / "autosave.json").exists()
    replayed = ambassador("replay", "game.json", cwd=tmp_path)
    assert replayed.returncode == 0, replayed.stdout + replayed.stderr


def test_the_record_is_exactly_from_state(home: Path, tmp_path: Path) -> None:
    """The plain game writes what game.records.from_state gives for the final state, so a TUI game with the
    same seed and choices writes the same record."""
    code, _, _ = _play(SCRIPT, record=tmp_path / "game.json")
    assert code == 0
    written = json.loads((tmp_path / "game.json").read_text(encoding="utf-8"))
    sc = load(resolve("tutorial"))
    state = new_game(sc, 7)
    for entry in written["turns"]:
        state, _ = play_turn(state, entry["choices"], entry["initiatives"])
    assert written == from_state(state, "Test").to_json()


def test_golden_transcript(home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole transcript, played in this process (the real command is test_whole_tutorial_through_stdin's)."""
    monkeypatch.chdir(tmp_path)
    code, out, err = _play(SCRIPT, record=Path("game.json"))
    assert code == 0, err
    golden = GOLDEN / "tutorial-seed7.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("cut", [3, len(MONTH_1), len(MONTH_1) + 4, len(MONTH_1) + len(MONTH_2) + 2])
def test_end_of_input_saves_and_resume_finishes_the_same_game(home: Path, tmp_path: Path, cut: int) -> None:
    whole = tmp_path / "whole.json"
    assert _play(SCRIPT, record=whole)[0] == 0

    parted = tmp_path / "parted.json"
    code, out, err = _play(SCRIPT[:cut], record=parted)
    assert code == 0 and err == ""
    assert "ambassador play --resume" in out and "Traceback" not in out
    assert (home / "autosave.json").is_file() and not parted.exists()
    saved = read(home / "autosave.json")
    assert not saved.finished

    code, out, err = _play(SCRIPT[cut:], resume=True, scenario=None, seed=None, name="")
    assert code == 0, err
    assert out.startswith("Resuming Tutorial")
    assert json.loads(parted.read_text()) == json.loads(whole.read_text())
    assert not (home / "autosave.json").exists()


def test_eof_mid_game_then_the_command_resumes_it(tmp_path: Path, ambassador: Ambassador) -> None:
    """`ambassador play --plain` as the command line runs it, in this process (the real process is
    test_whole_tutorial_through_stdin's; a closed terminal, test_a_closed_terminal_saves_the_months_answers)."""
    home = tmp_path / "home"  # the ambassador fixture's
    done = ambassador("play", "tutorial", "--plain", "--seed", "7", "--name", "Test", cwd=tmp_path,
                      stdin=_text([*MONTH_1, "3"]))
    assert done.returncode == 0
    assert done.stderr == ""
    assert done.stdout.rstrip().endswith("To continue this game later, run: ambassador play --resume --plain")
    resumed = ambassador("play", "--plain", "--resume", cwd=tmp_path, stdin=_text(MONTH_2[2:] + MONTH_3))
    assert resumed.returncode == 0, resumed.stderr
    records = list((home / "records").glob("tutorial-7-Test-*.json"))
    assert len(records) == 1
    assert read(records[0]).finished


def test_ctrl_c_saves_and_exits_0(home: Path) -> None:
    class Interrupting(io.StringIO):
        def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
            line = super().readline()
            if not line:
                raise KeyboardInterrupt
            return line

    out = io.StringIO()
    code = run(_args(), Interrupting(_text([*MONTH_1, "3", "4"])), out, io.StringIO())
    assert code == 0
    assert "ambassador play --resume" in out.getvalue()
    saved = json.loads((home / "autosave.json").read_text())
    assert len(saved["turns"]) == 1
    assert saved["resume"]["choices"] == {"t2-gdr-1": "expose", "t2-poland-1": "economic_care"}


class GoneOutput(io.StringIO):
    """An output that fails as a closed terminal or a pipe whose reader stopped does, once ``gone`` is set."""

    gone = False

    def write(self, text: str) -> int:
        if self.gone:
            raise BrokenPipeError(32, "Broken pipe")
        return super().write(text)


class Stopping(io.StringIO):
    """The answers, then (when they run out) the output goes and ``then`` happens: Ctrl+C, or one more answer."""

    def __init__(self, text: str, out: GoneOutput, then: str) -> None:
        super().__init__(text)
        self.out, self.then = out, then

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        line = super().readline()
        if line:
            return line
        self.out.gone = True
        if self.then == "interrupt":
            raise KeyboardInterrupt
        return "3\n"


@pytest.mark.parametrize("then", ["interrupt", "answer"])
def test_the_answers_are_saved_when_the_output_is_gone(home: Path, then: str) -> None:
    """`ambassador play --plain | tee log`, then Ctrl+C: tee dies first, and saying 'Game saved' fails. The
    save comes before the words, so the month's answers are kept; no traceback either way."""
    out = GoneOutput()
    code = run(_args(), Stopping(_text([*MONTH_1, "3", "4"]), out, then), out, io.StringIO())
    assert code == 0
    saved = json.loads((home / "autosave.json").read_text())
    assert len(saved["turns"]) == 1
    # ("answer": the game fails echoing the third answer, before taking it; the two before it are kept.)
    assert saved["resume"]["choices"] == {"t2-gdr-1": "expose", "t2-poland-1": "economic_care"}


def test_a_closed_terminal_saves_the_months_answers(tmp_path: Path) -> None:
    """SIGHUP (the terminal window closed) while the game waits for an answer: saved, as Ctrl+C saves."""
    home = tmp_path / "home"
    game = subprocess.Popen([sys.executable, "-m", "game", "play", "tutorial", "--plain", "--seed", "7"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path,
                            env=_env(home))
    assert game.stdin is not None and game.stdout is not None
    game.stdin.write(_text([*MONTH_1, "3", "4"]).encode())
    game.stdin.flush()
    said = b""
    while b"Card 3, response" not in said.partition(b"April 1980: month 2")[2]:  # waiting for an answer
        chunk = os.read(game.stdout.fileno(), 65536)
        assert chunk, said.decode(errors="replace")[-2000:]
        said += chunk
    game.send_signal(signal.SIGHUP)
    _, err = game.communicate(timeout=60)
    assert game.returncode == 0 and b"Traceback" not in err, err.decode(errors="replace")
    saved = json.loads((home / "autosave.json").read_text())
    assert saved["resume"]["choices"] == {"t2-gdr-1": "expose", "t2-poland-1": "economic_care"}


def test_a_resumed_month_counts_the_answers_already_given(home: Path) -> None:
    assert _play([*MONTH_1, "3", "4", "q"])[0] == 0
    code, out, _ = _play(["q"], resume=True, scenario=None, seed=None, name="")
    assert code == 0
    said = " ".join(out.split())
    assert "You have 4 cards this month: 2 answered before the game was saved (type r to review them), 2 still " \
           "to answer." in said
    assert "Card 3 of 4" in said and "Card 1 of 4" not in said  # the questions go on where they stopped
    # by hand: month 1 spent 2 of 4 capital and 1 of the 2 unspent carries over (capital_carry = 1): 5 for
    # April; the two answers cost 1 each
    assert "Resources: political capital 3 of 5 left this month (up to 1 unspent carries over" in said


def test_q_saves_and_quits(home: Path) -> None:
    code, out, _ = _play(["3", "q"])
    assert code == 0 and "Game saved (March 1980, month 1 of 3) in:" in out
    assert read(home / "autosave.json").turns == []


def test_invalid_input_asks_again_with_a_hint(home: Path) -> None:
    code, out, _ = _play(["x", "0", "7", "-1", "3.5", "2", "e", "n", "e", "y"], name="Hints")
    assert code == 0
    hint = "Please type a number from 1 to 6, Enter for Do nothing, or ? for help."
    assert out.count(hint) == 5
    # The warnings are the TUI's (game.session.Session.worries), then the question.
    assert "3 cards are unanswered: 'Do nothing' will apply.\n3 capital unspent (at most 1 carries over).\n" \
           "End the month anyway? (y/n):" in out
    assert "The month goes on." in out
    saved = read(home / "autosave.json")
    assert saved.turns[0].choices == {"t1-gdr-1": "explain"}


def test_unaffordable_response_is_refused(home: Path) -> None:
    # Positive engagement costs 2 economy of 4 for the whole game: the third one cannot be paid.
    code, out, _ = _play(["6", "6", "6", "1", "q"])
    assert code == 0
    out = " ".join(out.split())  # as read, whatever the line breaks
    assert ("Positive engagement costs 1 capital and 2 economy; you have 2 capital left this month and 0 economy "
            "left." in out)
    assert "Choose another response, or Enter for Do nothing." in out


def test_final_prompt_rejects_other_input(home: Path) -> None:
    code, out, _ = _play(["", "", "", "", "7", "hello", "q"])
    assert code == 0
    assert out.count("Please type e to end the month, or a card number from 1 to 4.") == 2


def test_a_record_path_that_is_a_folder_is_refused_before_the_game(ambassador: Ambassador, tmp_path: Path) -> None:
    """`--record FOLDER` was taken, and at the end the record went to the data folder without a word: the
    teacher looked for it where they had asked."""
    (tmp_path / "class").mkdir()
    ran = ambassador("play", "tutorial", "--plain", "--record", "class", cwd=tmp_path)
    assert (ran.returncode, ran.stdout) == (2, "")
    assert ran.stderr == ("ambassador play: --record class is a folder; name the record's file in it, for example "
                          "--record class/game.json\n")


def test_a_record_that_cannot_go_where_asked_says_so(home: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """When the file --record names cannot be written at the end (here its folder is a file), the record goes
    to the data folder, and the player is told both: it said only where it went."""
    monkeypatch.chdir(tmp_path)
    Path("notes").write_text("not a folder", encoding="utf-8")
    code, out, _ = _play(SCRIPT, record=Path("notes/game.json"))
    assert code == 0
    (written,) = (home / "records").glob("*.json")
    assert (f"Could not write the record to notes/game.json (Not a directory); it is saved in the data folder "
            f"instead. Your game record is saved in: {written} ") in " ".join(out.split()) + " "
    assert read(written).finished


def test_resume_without_a_save(home: Path) -> None:
    code, out, err = _play([], resume=True)
    assert code == 2 and out == ""
    assert "there is no saved game" in err


def test_resume_without_a_save_says_how_to_start_one(home: Path) -> None:
    """A student who typed --resume with nothing saved was told only that nothing is saved."""
    code, _, err = _play([], resume=True)
    assert code == 2
    assert err.rstrip().endswith("; start a new game with: ambassador play --plain"), err


def test_resume_an_unreadable_save(home: Path) -> None:
    home.mkdir()
    (home / "autosave.json").write_text("{ not json", encoding="utf-8")
    code, _, err = _play([], resume=True)
    assert code == 2
    assert "the saved game cannot be read" in err and ": not JSON: " in err


def test_resume_an_unreadable_save_names_the_file_and_how_to_start_again(home: Path) -> None:
    """The message said what was wrong with the saved game but not which file it is, nor what to do."""
    home.mkdir()
    (home / "autosave.json").write_text("{ not json", encoding="utf-8")
    code, out, err = _play([], resume=True)
    assert (code, out) == (2, "")
    assert err == (f"ambassador play --resume: the saved game cannot be read ({home / 'autosave.json'}): not JSON: "
                   "Expecting property name enclosed in double quotes: line 1 column 3 (char 2); start a new game "
                   "with: ambassador play --plain\n")


def test_resume_a_save_whose_name_was_edited(home: Path) -> None:
    """The seal catches the edit before any month differs: the message said 'month None'."""
    assert _play(MONTH_1, name="Ann")[0] == 0
    data = json.loads((home / "autosave.json").read_text())
    data["player"] = "Boris"
    (home / "autosave.json").write_text(json.dumps(data), encoding="utf-8")
    code, _, err = _play([], resume=True)
    assert code == 1
    assert err == (f"ambassador play --resume: the saved game does not replay ({home / 'autosave.json'}): the "
                   "player's name or the result was changed after the game was written (its seal does not match)\n")


def test_resume_a_save_that_does_not_replay(home: Path) -> None:
    assert _play(MONTH_1)[0] == 0
    data = json.loads((home / "autosave.json").read_text())
    data["turns"][0]["cohesion"] += 1
    (home / "autosave.json").write_text(json.dumps(data), encoding="utf-8")
    code, _, err = _play([], resume=True)
    assert code == 1
    assert f"does not replay ({home / 'autosave.json'}): month 1: the numbers differ" in err


def test_unknown_scenario_and_difficulty(home: Path) -> None:
    code, _, err = _play([], scenario="tutorail")
    assert code == 2 and "did you mean 'tutorial'?" in err  # no such file or bundled scenario: the README's 2
    code, _, err = _play([], difficulty="hard")
    assert code == 2 and "--difficulty 'hard': tutorial defines no such difficulty; use one of standard, easy" in err


def test_a_new_game_mentions_the_waiting_save_and_leaving_at_once_keeps_it(home: Path) -> None:
    assert _play(["3", "q"], seed=5)[0] == 0  # one card answered: something to lose, so it is saved
    waiting = read(home / "autosave.json")
    assert waiting.seed == 5
    code, out, _ = _play(["q"])
    assert code == 0 and "Note: a saved game is waiting in" in out
    assert "Nothing saved: nothing played yet. The saved game that was waiting is kept." in out
    assert read(home / "autosave.json") == waiting


def test_default_record_path_when_no_record_is_given(home: Path) -> None:
    code, out, _ = _play(["e", "y", "e", "y", "e", "y"], name="Ann Lee")
    assert code == 0
    (path,) = (home / "records").glob("*.json")
    assert path.name.startswith("tutorial-7-Ann-Lee-")
    assert f"Your game record is saved in:\n  {path}\n" in out  # on a line of its own, however long


def test_golden_transcript_fits_80_columns() -> None:
    """A transcript that goes to no terminal is wrapped at 80 columns, at spaces: no line is longer."""
    lines = (GOLDEN / "tutorial-seed7.txt").read_text(encoding="utf-8").splitlines()
    assert max(len(line) for line in lines) <= 80
    assert max(len(line) for line in lines) > 70  # and it does use the width


def test_plain_wraps_at_the_terminal_width(home: Path) -> None:
    """On a terminal the game wraps at that terminal's width (here 60 columns), not at a fixed width."""
    import fcntl
    import struct
    import termios

    from game.plain.render import terminal_width

    leader, follower = os.openpty()
    try:
        fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 60, 0, 0))
        with open(follower, "w", encoding="utf-8", closefd=False) as tty:
            assert terminal_width(tty) == 60
        fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 20, 0, 0))
        with open(follower, "w", encoding="utf-8", closefd=False) as tty:
            assert terminal_width(tty) == 40  # never narrower than MIN_WIDTH
    finally:
        os.close(leader)
        os.close(follower)
    assert terminal_width(io.StringIO()) == 80


def test_reflections_asked_kept_and_resumed(home: Path, tmp_path: Path) -> None:
    """With --reflect the plain game asks for one line before each month ends: an empty line skips, control
    characters are dropped, the lines go into the save and the record, survive a resume and reach the debrief."""
    first = ["e", "y", "Berlin \x1b[2Jfirst, Warsaw later"]  # month 1, then end of input: saved
    code, out, _ = _play(first, reflect=True)
    assert code == 0 and "Your reflection on March 1980" in out
    assert read(autosave_path_in(home)).reflections() == [(1, "Berlin [2Jfirst, Warsaw later")]
    rest = ["e", "y", "", "e", "y", "Coordination was worth it."]
    code, out, _ = _play(rest, resume=True, record=tmp_path / "r.json")  # --reflect is remembered
    assert code == 0
    assert read(tmp_path / "r.json").reflections() == [(1, "Berlin [2Jfirst, Warsaw later"),
                                                      (3, "Coordination was worth it.")]
    debrief = out.split("Your reflections, month by month:", 1)[1]
    assert "March 1980: Berlin [2Jfirst, Warsaw later" in debrief and "May 1980: Coordination was worth it." in debrief


def test_a_question_mark_asks_for_help_at_the_month_end_questions(home: Path) -> None:
    """'Type ? at any question for help': at 'End the month anyway?' and at the reflection too. There '?' was
    kept as the month's reflection (in the record, for the teacher) and the month ended; at the confirmation it
    read as 'no'."""
    code, out, _ = _play(["e", "?", "y", "?", "Berlin first."], reflect=True)
    assert code == 0
    out = " ".join(out.split())  # as read, whatever the line breaks
    asked = out.split("End the month anyway? (y/n):", 2)
    assert len(asked) == 3 and asked[1].startswith(" ? y ends the month now"), asked[1]
    assert "The month goes on." not in out
    reflection = out.split("(Enter to skip):", 2)
    assert len(reflection) == 3 and reflection[1].startswith(" ? One line of your own"), reflection[1]
    assert read(autosave_path_in(home)).reflections() == [(1, "Berlin first.")]


def test_the_plan_before_any_cost_says_nothing_is_spent(home: Path) -> None:
    """r before anything costly is chosen: 'Spent nothing'; it said 'Spent free' (the word for a free response)."""
    code, out, _ = _play(["r", "q"])
    assert code == 0
    assert "  Spent nothing; left 4 capital, 4 economy.\n" in out


def test_no_reflection_question_without_the_flag(home: Path) -> None:
    code, out, _ = _play(["e", "y"])
    assert code == 0 and "Your reflection on" not in out


def autosave_path_in(home: Path) -> Path:
    from game.records import autosave_path

    path = autosave_path()
    assert path.is_relative_to(home)
    return path


def test_a_finished_save_is_not_offered_as_waiting(home: Path) -> None:
    """The autosave of a finished game is not a game to continue: a new game does not mention it."""
    import shutil

    assert _play(["e", "y", "e", "y", "e", "y"])[0] == 0
    finished = home / "records"
    (record,) = finished.glob("*.json")
    shutil.copy(record, home / "autosave.json")  # what the TUI leaves behind after a finished game
    assert read(home / "autosave.json").finished
    _, out, _ = _play(["q"])
    assert "a saved game is waiting" not in out
    _, out, _ = _play(["", "q"])  # an unfinished game is saved in the autosave...
    _, out, _ = _play(["q"])
    assert "a saved game is waiting" in " ".join(out.split())  # ...and is mentioned


def test_the_score_is_explained_once_at_the_start_and_computed_once_at_the_end(home: Path) -> None:
    """The scenario's explanation of the score opens the game; the debrief gives the computed sentence alone
    (it printed the explanation again after it)."""
    code, out, _ = _play(SCRIPT)
    assert code == 0
    flat = " ".join(out.split())
    explained = " ".join(load(resolve("tutorial")).score_text.split())
    assert flat.count(explained) == 1
    assert flat.index(explained) < flat.index("March 1980: month 1 of 3")
    assert flat.count("Score ") == 1 and flat.index("The end:") < flat.index("Score ")


def test_a_decision_is_answered_like_a_card(home: Path, tmp_path: Path) -> None:
    """tests/fixtures/scenarios/decisions.toml, seed 7: in month 2 the strike puts a decision at Alpha and at
    Beta, after each post's card. Enter on a decision takes its default ("Wait and see", though listed last);
    the report names it as a decision, not as the rival's move."""
    fixture = ROOT / "tests" / "fixtures" / "scenarios" / "decisions.toml"
    lines = ["", "", "e",  # month 1: both cards left at the default
             "", "1", "", "", "e",  # month 2: Alpha's card, Alpha's decision (press), Beta's card, Beta's decision
             "", "", "e", ""]
    code, out, err = _play(lines, scenario=str(fixture), record=tmp_path / "game.json")
    assert code == 0, err
    assert "Card 2 of 4, a decision, Alpha (A-town): A strike." in out
    assert "Card 4, response 1 to 3 (Enter: Wait and see):" in out
    assert "Alpha (A-town): Decision: A strike. You: Press for a hard line." in out
    record = read(tmp_path / "game.json")
    assert record.turns[1].choices == {"t2-a-1": "ignore", "t2-a-strike": "strike.press", "t2-b-1": "ignore",
                                       "t2-b-strike": "strike.wait"}


def test_a_rival_named_with_an_article_starts_its_sentences_with_a_capital(home: Path, tmp_path: Path) -> None:
    """[words] words are written as they read inside a sentence ("the Delta Combine"); where one starts a
    sentence or a line, the briefing capitalises it, as the format reference promises."""
    fixture = (ROOT / "tests" / "fixtures" / "scenarios" / "other-words.toml").read_text(encoding="utf-8")
    scenario = tmp_path / "article.toml"
    scenario.write_text(fixture.replace('rival = "Ruritania"', 'rival = "the Delta Combine"', 1), encoding="utf-8")
    code, out, err = _play(["q"], scenario=str(scenario))
    assert code == 0, err
    read = " ".join(out.split())  # as read, whatever the line breaks
    assert ". The Delta Combine's approach: Courted openly." in read
    assert "\n  The Delta Combine: " in out  # a watched post's move, at the start of its line
    assert ". the Delta" not in read
    assert not [line for line in out.splitlines() if line.lstrip().startswith("the Delta")]


def test_a_scenario_without_history_does_not_promise_it_in_the_debrief(home: Path, tmp_path: Path) -> None:
    """tests/fixtures/scenarios/mini.toml names no history, aftermath or outcome at any post: its debrief lists
    the results without 'beside what really happened'; the tutorial, which names them, keeps the words."""
    fixture = ROOT / "tests" / "fixtures" / "scenarios" / "mini.toml"
    code, out, err = _play(["e", "y"] * 4 + [""], scenario=str(fixture), record=tmp_path / "mini.json")
    assert code == 0, err
    assert "Your result at every post (start to end; in brackets the change):" in out
    assert "really happened" not in out
    code, out, err = _play(SCRIPT, record=tmp_path / "tutorial.json")
    assert code == 0, err
    assert "Your result at every post beside what really happened (start to end; in brackets the change):" \
        in " ".join(out.split())


class _ReaderQuits(io.TextIOBase):
    """Standard output into a real pipe whose reader reads everything until ``marker`` is written, then quits
    (closes its end), as a pager left or a `head` satisfied at that point: every write from then on fails with
    EPIPE (BrokenPipeError), the way the operating system refuses it."""

    def __init__(self, marker: str) -> None:
        self.marker = marker
        self.read_end: int | None
        self.read_end, self.write_end = os.pipe()
        self.seen = ""

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    def write(self, text: str) -> int:
        if self.read_end is not None and self.marker in self.seen + text:
            os.close(self.read_end)
            self.read_end = None
        data = text.encode()
        os.write(self.write_end, data)  # BrokenPipeError once the reader has quit
        self.seen += text
        while self.read_end is not None and data:  # the reader keeps up: the pipe never fills
            data = data[len(os.read(self.read_end, len(data))):]
        return len(text)

    def close(self) -> None:
        for fd in (self.read_end, self.write_end):
            if fd is not None:
                os.close(fd)
        self.read_end = None
        super().close()


@pytest.mark.parametrize("marker", ["Report for May 1980", "The end:", "Check it with:"])
def test_the_record_is_kept_when_the_output_breaks_at_the_end(home: Path, tmp_path: Path, marker: str) -> None:
    """The tutorial played to its end through a pipe whose reader quits at the last month's report, at the
    debrief, or just before the replay command: the game's record is written all the same (and the autosave
    removed, as after any finished game), and the exit code says nothing went wrong with the game. The record
    was written after the debrief, so a broken pipe there lost it (BrokenPipeError out of run)."""
    out = _ReaderQuits(marker)
    try:
        code = run(_args(record=tmp_path / "game.json"), io.StringIO(_text(SCRIPT)), cast("TextIO", out),
                   io.StringIO())
    finally:
        out.close()
    assert "March 1980: month 1 of 3" in out.seen and marker not in out.seen  # the reader quit there
    assert code == 0
    record = read(tmp_path / "game.json")
    assert record.finished and record.seed == 7 and len(record.turns) == 3
    assert not (home / "autosave.json").exists()
