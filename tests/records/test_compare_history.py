"""`compare` sets the class's year beside history and lists each student's reflections (main scenario)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from game.debrief import year_against_history
from game.engine import GameState, Scenario, new_game, play_turn
from game.records import from_state, write_record
from game.records.compare import compare, render_csv, render_html, render_text
from game.scenario import load

ROOT = Path(__file__).resolve().parents[2]
MAIN = ROOT / "scenarios" / "directive-1980.toml"


def _play(sc: Scenario, response: str) -> GameState:
    """Every card at a post the player runs that admits ``response`` gets it while the month's capital lasts
    (a decision, such as Gdańsk's, is left to its default)."""
    state = new_game(sc, 1980)
    while not state.over:
        left, choices = state.capital, {}
        for c in state.cards:
            if sc.countries[c.country].acts and response in sc.card(c.card).responses \
                    and sc.response(response).capital <= left:
                choices[c.uid] = response
                left -= sc.response(response).capital
        state, _ = play_turn(state, choices, [])
    return state


def test_the_class_year_against_history(tmp_path: Path) -> None:
    sc = load(MAIN)
    idle, briefing = _play(sc, "ignore"), _play(sc, "explain")
    write_record(tmp_path / "ida.json", from_state(idle, "Ida", {1: "=1+1 nothing to do", 3: "Still waiting."}))
    write_record(tmp_path / "eli.json", from_state(briefing, "Eli"))
    cmp = compare([tmp_path], lambda _id, _sha: sc)
    assert sorted(p.name for p in cmp.players) == ["Eli", "Ida"]

    expected = {name: [r.matched is True for r in year_against_history(state)] for name, state in
                (("Ida", idle), ("Eli", briefing))}
    ran = [k for k, c in enumerate(sc.countries) if c.acts]
    same = sum(expected[n][k] for n in expected for k in ran)
    text = render_text(cmp)
    assert f"History repeated itself in {same} of {2 * len(ran)} results at the posts the students ran" in text
    for name in expected:
        assert f"{name} {sum(expected[name][k] for k in ran)} of {len(ran)}" in text
    for k, c in enumerate(sc.countries):
        n = sum(expected[name][k] for name in expected)
        line = next(line for line in text.splitlines() if line.startswith(f"  {c.post[:12]:<12}"))
        assert f"{n:>3} of 2" in line, line
        assert ("Ida" in line) is (not expected["Ida"][k]) and ("Eli" in line) is (not expected["Eli"][k]), line
    assert "    March 1980: =1+1 nothing to do\n    May 1980: Still waiting.\n" in text
    assert "History repeated itself" in render_html(cmp)
    turns = list(csv.DictReader(io.StringIO(render_csv(cmp, per_turn=True))))
    ida = {r["turn"]: r["reflection"] for r in turns if r["player"] == "Ida"}
    assert ida["1"] == "'=1+1 nothing to do" and ida["2"] == "" and ida["3"] == "Still waiting."

    rows = {r["player"]: r for r in csv.DictReader(io.StringIO(render_csv(cmp)))}
    for name in expected:
        assert rows[name]["as_in_history"] == str(sum(expected[name][k] for k in ran))
        assert rows[name]["posts_with_history"] == str(len(ran))
        for k, c in enumerate(sc.countries):
            assert rows[name][f"history_{c.id}"] == str(int(expected[name][k])), (name, c.id)


def test_the_tables_fit_80_columns_and_keep_the_ending_whole(tmp_path: Path) -> None:
    """The main scenario runs nine posts: the players' table (player, ending, score, cohesion) and the posts'
    final alignment each fit 80 columns, and an ending's title is never cut ('Beijing's own group grows' was
    'Beijing's own group gr', in a table of 126 columns)."""
    sc = load(MAIN)
    idle, briefing = _play(sc, "ignore"), _play(sc, "explain")
    write_record(tmp_path / "a.json", from_state(idle, "Alexandra Petrova"))
    write_record(tmp_path / "e.json", from_state(briefing, "Eli"))
    text = render_text(compare([tmp_path], lambda _id, _sha: sc))
    table = text.split("\nEndings:")[0].split("\n\nplayer ", 1)[1].splitlines()  # from the players' header on
    assert max(len(line) for line in table) <= 80, "\n".join(table)
    alexandra = [line for line in table if line.startswith("Alexandra Petrov ")]
    eli = [line for line in table if line.startswith("Eli ")]
    assert len(alexandra) == len(eli) == 2  # a row in each table
    assert "Beijing's own group grows" in alexandra[0] and "52" in alexandra[0].split()
    assert "'Neutrality' spreads" in eli[0] and "64" in eli[0].split()
    # the posts' table: every post the player ran, by its short name, with its final alignment
    header = next(line for line in table if line.startswith("final alignment"))
    assert header.split()[2:] == [c.short for c in sc.countries if c.acts]
    assert alexandra[1].split()[-9:] == [f"{idle.values[k][0]:.0f}" for k, c in enumerate(sc.countries) if c.acts]


def test_a_class_of_thirty_fits_80_columns(tmp_path: Path) -> None:
    """Thirty students, on easy, whose games all differ from history at the same posts: the heading and the
    lists of names ('differs: ...', 'Per student ...') wrap within 80 columns, the names on lines of their own,
    broken only between names, and every name is still there."""
    sc = load(MAIN)
    idle = new_game(sc, 1980, "easy")
    while not idle.over:
        idle, _ = play_turn(idle, {}, [])
    names = [f"Student {k:02d} Name" for k in range(1, 31)]
    for name in names:
        write_record(tmp_path / f"{name}.json", from_state(idle, name))
    text = render_text(compare([tmp_path], lambda _id, _sha: sc))
    assert max(len(line) for line in text.splitlines()) <= 80, max(text.splitlines(), key=len)
    berlin = text.split("\n  Berlin ", 1)[1].split("\n  Warsaw ", 1)[0]
    lines = berlin.splitlines()
    assert len(lines) > 2 and lines[0].endswith("as in history; differs:")  # the names on lines of their own
    assert all(line.startswith("    Student ") for line in lines[1:])  # broken between names, never inside one
    assert " ".join(line.strip() for line in lines[1:]) == ", ".join(names)
    per_student = text.split("  Per student (posts they ran that ended as in history):\n", 1)[1].splitlines()
    matched = sum(1 for k, r in enumerate(year_against_history(idle)) if sc.countries[k].acts and r.matched)
    assert " ".join(line.strip() for line in per_student) == ", ".join(f"{name} {matched} of 9" for name in names)
    assert "About the China Question, 1980-81 (directive_1980), seed 1980, difficulty easy:\n  30 games\n" in text
