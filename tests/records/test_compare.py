"""`ambassador compare` over committed records: verified games, divergences, and rejected records with reasons."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from conftest import Ambassador

from game.cli import main as cli

ROOT = Path(__file__).parents[2]
CLASS = "tests/fixtures/records/class"
MINI = "tests/fixtures/scenarios/mini.toml"
GOLDEN = ROOT / "tests" / "fixtures" / "records" / "compare.golden.txt"


def test_compare_table_matches_golden(ambassador: Ambassador) -> None:
    result = ambassador("compare", CLASS, "--scenario", MINI)
    assert result.returncode == 1, "records were set apart, so the exit code is 1"
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(result.stdout)
    assert result.stdout == GOLDEN.read_text()
    # Tampered, other-version and non-record files are listed apart, never counted.
    assert "3 verified games" in result.stdout
    assert "tampered.json: does not replay: month 1" in result.stdout
    assert "other-version.json: does not replay: month 2" in result.stdout and "another version" in result.stdout


def test_compare_csv_and_html(ambassador: Ambassador, tmp_path: Path) -> None:
    out_csv, per_turn, out_html = tmp_path / "c.csv", tmp_path / "t.csv", tmp_path / "c.html"
    made = ambassador("compare", CLASS, "--scenario", MINI, "--csv", str(out_csv), "--html", str(out_html))
    assert made.returncode == 1
    rows = list(csv.DictReader(io.StringIO(out_csv.read_text())))
    assert [(r["player"], r["score"], r["ending"]) for r in rows] == [
        ("Boris", "66", "bad"), ("Anna", "63", "bad"), ("Clara", "61", "bad")]
    assert rows[0]["alignment_a"] == "77.00"
    assert ambassador("compare", CLASS, "--scenario", MINI, "--csv", str(per_turn), "--per-turn").returncode == 1
    turns = list(csv.DictReader(io.StringIO(per_turn.read_text())))
    assert len(turns) == 6 and turns[0]["month"] == "December 1980" and turns[0]["choices"] == "t1-a-1=soft"
    page = out_html.read_text()
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page
    assert "http" not in page.replace('xmlns="http://www.w3.org/2000/svg"', ""), "the page must open offline"


def test_compare_exit_codes(ambassador: Ambassador, tmp_path: Path) -> None:
    assert ambassador("compare", str(tmp_path / "missing")).returncode == 2
    only_bad = tmp_path / "bad"
    only_bad.mkdir()
    (only_bad / "x.json").write_text("nope")
    result = ambassador("compare", str(only_bad))
    assert result.returncode == 1 and "not JSON" in result.stdout


def test_compare_a_folder_without_records_says_so(ambassador: Ambassador, tmp_path: Path) -> None:
    """The class's folder mistyped for another (or a folder of screenshots) said only 'No verified games.' and
    exit 0, as if a class had played and nobody's game verified."""
    (tmp_path / "empty").mkdir()
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "todo.txt").write_text("nothing here", encoding="utf-8")
    ran = ambassador("compare", "empty", "notes", cwd=tmp_path)
    assert (ran.returncode, ran.stdout) == (2, "")
    assert ran.stderr == "ambassador compare: no game records (*.json) in empty, notes\n"


# --- every record defect, in a folder that also holds good records ----------------------------------------

def _class_with_defects(folder: Path) -> None:
    """The three good records of the fixture class, and one file for each way a record can be wrong."""
    folder.mkdir()
    for name in ("anna", "boris", "clara"):
        (folder / f"{name}.json").write_bytes((ROOT / CLASS / f"{name}.json").read_bytes())
    anna = (ROOT / CLASS / "anna.json").read_text(encoding="utf-8")
    defects = {
        "deep": "[" * 100_000 + "]" * 100_000,
        "digits": anna.replace('"seed": 5', '"seed": ' + "7" * 5000),
        "player-twice": anna.replace('"player": "Anna"', '"player": "Anna", "player": "Boris"'),
        "renamed": anna.replace('"player": "Anna"', '"player": "Mallory"'),
        "wrong-type": anna.replace('"finished": true', '"finished": "yes"'),
        "seed-too-large": anna.replace('"seed": 5', f'"seed": {2**64}'),
        "scenario-is-a-path": anna.replace('"id": "mini"', '"id": "/dev/zero"'),
        "not-json": "{",
    }
    for name, text in defects.items():
        assert text != anna, name
        (folder / f"{name}.json").write_text(text, encoding="utf-8")
    # A good record whose name (and file name) hold terminal escape codes: counted, shown escaped.
    from game.records import parse, write_record

    record = parse(json.loads(anna))
    write_record(folder / "esc\x1b[2J.json", replace(record, player="\x1b[31mEve\u202e", seal=None))


def test_each_record_defect_is_set_apart_and_the_good_ones_counted(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "class"
    _class_with_defects(folder)
    table = tmp_path / "class.csv"
    code = cli(["compare", str(folder), "--scenario", str(ROOT / MINI), "--csv", str(table)])
    out, err = capsys.readouterr()
    assert (code, err) == (1, "")
    assert out.startswith("4 verified games\n")
    assert "\x1b" not in out and "\u202e" not in out
    assert "\n\\x1b[31mEve\\u202 Bad" in out  # the player, escaped, in the table (cut to 16 characters)
    rows = list(csv.DictReader(io.StringIO(table.read_text(encoding="utf-8"))))
    assert {(r["player"], Path(r["file"]).name) for r in rows} >= {("\\x1b[31mEve\\u202e", "esc\\x1b[2J.json")}
    f = str(folder)
    assert out.split("Not counted (8):\n")[1] == (
        f"  {f}/deep.json: not a game record: its JSON is nested thousands of levels deep\n"
        f"  {f}/digits.json: not a game record: it holds a number with thousands of digits\n"
        f"  {f}/not-json.json: not JSON: Expecting property name enclosed in double quotes: line 1 column 2 "
        "(char 1)\n"
        f"  {f}/player-twice.json: the key \"player\" appears twice in one object; a record has each key once "
        "(the file was edited)\n"
        f"  {f}/renamed.json: does not replay: the player's name or the result was changed after the game was "
        "written (its seal does not match)\n"
        f"  {f}/scenario-is-a-path.json: its scenario '/dev/zero' is not a bundled one and no file given "
        "declares it: pass the scenario's file with --scenario FILE (or a folder of scenario files)\n"
        f"  {f}/seed-too-large.json: seed: a seed is a whole number from 0 to 9223372036854775807 (2**63 - 1); "
        "18446744073709551616 is out of range\n"
        f"  {f}/wrong-type.json: finished: expected true or false, found text\n")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_fifo_among_the_records_does_not_hang_the_class(tmp_path: Path) -> None:
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "anna.json").write_bytes((ROOT / CLASS / "anna.json").read_bytes())
    os.mkfifo(folder / "pipe.json")
    result = subprocess.run([sys.executable, "-m", "game", "compare", str(folder), "--scenario", MINI], cwd=ROOT,
                            capture_output=True, text=True, check=False, timeout=60)
    assert result.returncode == 1
    assert result.stdout.startswith("1 verified game\n")
    assert result.stdout.endswith(f"Not counted (1):\n  {folder}/pipe.json: this is a named pipe (FIFO), not a "
                                  "game record; name a record file (.json)\n")


def test_a_defect_of_the_game_on_one_record_sets_only_that_record_apart(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    import game.records.compare as module
    from game.records import replay as real

    def breaks_on_boris(scenario: Any, record: Any) -> Any:
        if record.player == "Boris":
            raise RecursionError("maximum recursion depth exceeded")
        return real(scenario, record)

    def breaks_on_any_batch_with_boris(scenario: Any, records: Any) -> Any:
        if any(record.player == "Boris" for record in records):
            raise RecursionError("maximum recursion depth exceeded")
        return [real(scenario, record) for record in records]

    # The batch breaks, so every record of it is replayed alone: only Boris's breaks again.
    monkeypatch.setattr(module, "replay_many", breaks_on_any_batch_with_boris)
    monkeypatch.setattr(module, "replay", breaks_on_boris)
    code = cli(["compare", str(ROOT / CLASS / "anna.json"), str(ROOT / CLASS / "boris.json"), "--scenario",
                str(ROOT / MINI)])
    out = capsys.readouterr().out
    assert code == 1 and out.startswith("1 verified game\n")
    assert out.endswith(f"Not counted (1):\n  {ROOT / CLASS / 'boris.json'}: could not be checked (RecursionError: "
                        "maximum recursion depth exceeded); please report this\n")


# --- what happened at a post, card by card: worked out by hand ----------------------------------------------

# One post, three months. A card is drawn there only while resentment is above 40 (it starts at 45); the card
# lowers it by 10 and the response Hard raises it by 15. A decision, "A strike", is put there in the second
# month; "Wait and see what the workers do" applies when it is left unanswered, "Do nothing" when the card is.
CHOICES = """
[scenario]
id = "choices"
title = "Choices"
description = "One post, three months: a card only while resentment runs high, a decision in the second."
start = "1980-11"
turns = 3
seed = 1
max_cards = 1

[resources]
capital = 2
capital_carry = 0
economy = 0
climate = 50

[[groups]]
id = "g"
name = "Group"
cards_per_turn = "resentment > 40"

[[countries]]
id = "a"
name = "Alpha"
post = "A-town"
group = "g"
weight = 1
alignment = 70
china_ties = 20
resentment = 45
stability = 60

[[responses]]
id = "ignore"
name = "Do nothing"
default = true

[[responses]]
id = "hard"
name = "Hard"
effects = "resentment += 15"

[[cards]]
id = "push"
title = "Push"
text = "China pushes."
directive = "Introduction"
sources = []
groups = ["g"]
effects = "resentment -= 10"

[[events]]
id = "strike"
title = "A strike"
text = "A strike at Alpha: the player decides how to answer it."
date = "1980-12"
historical = false
scope = "country"
countries = ["a"]

[[events.options]]
id = "press"
name = "Press on"
effects = "stability += 1"

[[events.options]]
id = "wait"
name = "Wait and see what the workers do"
default = true

[[endings]]
id = "end"
title = "The end"
text = "Always."
"""


@pytest.fixture(scope="module")
def three_players(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Piet answers everything (Hard on every Push, Press on in the strike), Rosa every Push but not the strike,
    Quinn nothing. By hand: November, all three hold Push (resentment 45): Hard leaves 45 - 10 + 15 = 50 (Piet,
    Rosa), the card left to its default 35 (Quinn). December, the strike at all three; Push only at Piet's and
    Rosa's (50 > 40; Quinn's 35 is not): 50 - 10 + 15 = 55. January, Push only at Piet's and Rosa's again:
    Quinn had no card at all that month."""
    from game.engine import new_game, play_turn
    from game.records import from_state
    from game.records.compare import Source, compare
    from game.scenario import load

    path = tmp_path_factory.mktemp("choices") / "choices.toml"
    path.write_text(CHOICES, encoding="utf-8")
    sc = load(path)
    answers = {"Piet": {"push": "hard", "event.strike": "strike.press"}, "Rosa": {"push": "hard"}, "Quinn": {}}
    items: list[Path | Source] = []
    for name, plays in answers.items():
        state = new_game(sc, 7)
        while not state.over:
            state, _ = play_turn(state, {c.uid: plays[c.card] for c in state.cards if c.card in plays})
        record = from_state(state, name)
        items.append(Source(name, lambda r=record: r))  # type: ignore[misc]
    result = compare(items, lambda *_: sc)
    assert [p.name for p in result.players] == ["Piet", "Quinn", "Rosa"] and not result.rejected
    assert [p.state.value("a", "resentment") for p in result.players] == [55 - 10 + 15, 35, 55 - 10 + 15]
    return result


@pytest.mark.parametrize(("month", "player", "shown"), [
    # the answered card named, and the decision beside it, which was left to its own default option
    pytest.param("December 1980", "Rosa", "Hard, (left to default: Wait and see what the workers do)",
                 id="answered card"),
    # the scenario's default response applied
    pytest.param("November 1980", "Quinn", "(left to default: Do nothing)", id="unanswered card"),
    # the decision's own default option applied, not the scenario's default response
    pytest.param("December 1980", "Quinn", "(left to default: Wait and see what the workers do)",
                 id="unanswered decision"),
    # nothing was answered and nothing left to a default
    pytest.param("January 1981", "Quinn", "(no card)", id="no card"),
    # as before: what the player answered, every card of the post in the order the engine resolved them
    pytest.param("November 1980", "Piet", "Hard", id="one card answered"),
    pytest.param("December 1980", "Piet", "Hard, Press on", id="card and decision answered"),
])
def test_each_card_at_a_diverging_post_says_what_happened_to_it(three_players: Any, month: str, player: str,
                                                                 shown: str) -> None:
    got = {d.label: dict(d.choices) for d in three_players.divergences}
    assert list(got) == ["November 1980", "December 1980", "January 1981"]
    assert got[month][player] == shown


def test_a_diverging_post_reads_so_in_the_text(three_players: Any) -> None:
    """The labels are never cut: every card of the post is named, however many. A line keeps to 80 columns: the
    choice has 38 (80 less the indent, the name's 16, two spaces and 'alignment after: 100'); a longer one goes
    on below it, broken between cards, and inside a card only when it alone is wider, and the value stays on
    the player's line. Those lines were 85 columns and more (a class of thirty on the main scenario: up to
    100), so they wrapped at 80x24."""
    from game.records.compare import render_text

    text = render_text(three_players)
    assert ("  December 1980, Alpha: no one answer was chosen most\n"  # three answers, one each
            f"    Piet             {'Hard, Press on':<38} alignment after: 70\n"
            f"    Quinn            {'(left to default: Wait and see what':<38} alignment after: 70\n"
            "                     the workers do)\n"
            f"    Rosa             {'Hard,':<38} alignment after: 70\n"
            "                     (left to default: Wait and see what\n"
            "                     the workers do)\n"
            "\n  January 1981, Alpha: most chose Hard\n") in text
    assert max(len(line) for line in text.splitlines()) <= 80, max(text.splitlines(), key=len)
