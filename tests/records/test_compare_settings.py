"""compare keeps games of different settings apart, and its CSV never hands a spreadsheet a formula."""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from pathlib import Path

from game.records import read
from game.records.compare import Source, compare, render_csv, render_html, render_text, spreadsheet_safe
from game.scenario import load

ROOT = Path(__file__).parents[2]
CLASS = ROOT / "tests" / "fixtures" / "records" / "class"
MINI = load(ROOT / "tests" / "fixtures" / "scenarios" / "mini.toml")


def test_one_table_per_scenario_and_seed() -> None:
    """Anna's and Boris's games replayed with another seed are another game: a table of their own."""
    from game.engine import new_game, play_turn
    from game.records import from_state

    items: list[Path | Source] = [CLASS / "anna.json", CLASS / "boris.json", CLASS / "clara.json"]
    for name in ("Dora", "Emil"):
        state = new_game(MINI, 99, "")
        while not state.over:
            state, _ = play_turn(state, {})
        record = from_state(state, name)
        items.append(Source(name, lambda r=record: r))  # type: ignore[misc]
    result = compare(items, lambda *_: MINI)
    text = render_text(result)
    assert "5 verified games, played with 2 different settings: one table each" in text
    assert "Mini (mini), seed 5: 3 games" in text and "Mini (mini), seed 99: 2 games" in text
    first, second = text.split("Mini (mini), seed 99")
    assert "Dora" not in first and "Anna" not in second.split("Where choices")[0]
    assert all({p for p, _ in d.choices} <= {"Anna", "Boris", "Clara"} or {p for p, _ in d.choices} <= {"Dora", "Emil"}
               for d in result.divergences)


def _played(seed: int, name: str, answer: str | None, note: str) -> Source:
    """A finished game of MINI: every card answered with ``answer`` (None: left to the default), and the
    reflection ``note`` written every month."""
    from game.engine import new_game, play_turn
    from game.records import from_state

    state = new_game(MINI, seed, "")
    while not state.over:
        state, _ = play_turn(state, {c.uid: answer for c in state.cards if MINI.countries[c.country].acts}
                             if answer else {})
    record = from_state(state, name, {h.turn: note for h in state.history})
    return Source(f"{name}-{seed}", lambda: record)


def test_reflections_and_divergences_stay_with_their_own_setting() -> None:
    """The teacher's guide: games of different settings are never mixed, each table with its own divergences.
    A class that played the tutorial and then the main game (the same names in both) read its reflections and
    its divergences in one list after the last table, with no setting named: two 'Anna' blocks, and a month's
    divergence at 'Alpha' that could be either game's."""
    items = [_played(seed, name, answer, f"{name}, seed {seed}")
             for seed in (5, 99) for name, answer in (("Anna", "hard"), ("Boris", None))]
    result = compare(items, lambda *_: MINI)
    text = render_text(result)
    first, second = text.split("Mini (mini), seed 99")
    assert "Mini (mini), seed 5" in first
    for section, seed, other in ((first, 5, 99), (second, 99, 5)):
        assert f"Anna, seed {seed}" in section and f"Boris, seed {seed}" in section
        assert f"seed {other}" not in section.replace("Mini (mini), seed 5", "")
        assert "Where choices diverged" in section
        diverged = section[section.index("Where choices diverged"):]
        assert "Hard" in diverged and "(left to default: Do nothing)" in diverged


def test_a_long_reflection_is_wrapped_whole() -> None:
    """A reflection of the most a student may write (500 characters) stood on one line of 512: the HTML report
    (its text in a <pre>) showed its start on the projector and the rest off the page's right edge. It is
    wrapped to the report's width, every word kept, under the month's label."""
    from game.records import REFLECTION_MAX

    note = ("I answered Warsaw first because its resentment was rising and stability was low, " * 7)[:REFLECTION_MAX]
    text = render_text(compare([_played(5, "Anna", "hard", note)], lambda *_: MINI))
    block = text[text.index("Reflections (each"):].splitlines()
    first = next(k for k, line in enumerate(block) if line.startswith("    ") and ": I answered" in line)
    lines = [block[first]]
    for line in block[first + 1:]:
        if not line.startswith("      "):  # the next month's label, or the end
            break
        lines.append(line)
    assert max(len(line) for line in text.splitlines()) <= 80
    assert len(lines) > 1
    label = block[first].strip().split(": ", 1)[0]
    assert " ".join(line.strip() for line in lines) == f"{label}: {note.strip()}"


def test_a_tie_is_not_called_what_most_chose() -> None:
    """Anna answered Hard, Boris left the card: one each, so neither is what 'most chose'."""
    result = compare([_played(5, "Anna", "hard", ""), _played(5, "Boris", None, "")], lambda *_: MINI)
    assert result.divergences and all(d.common is None for d in result.divergences)
    text = render_text(result)
    assert "most chose" not in text
    assert "December 1980, Alpha: no one answer was chosen most\n" in text


def test_spreadsheet_safe_cells() -> None:
    assert [spreadsheet_safe(t) for t in ("=1+1", "+A1", "-2", "@SUM(A1)", "\t=x", "Anna", "")] == [
        "'=1+1", "'+A1", "'-2", "'@SUM(A1)", "'\t=x", "Anna", ""]


def test_the_csv_has_no_formula_and_names_the_scenario() -> None:
    anna = read(CLASS / "anna.json")
    evil = dataclasses.replace(anna, player='=HYPERLINK("http://evil.example","x")', seal=None)
    result = compare([Source("@evil.json", lambda: evil)], lambda *_: MINI)
    for per_turn in (False, True):
        rows = list(csv.DictReader(io.StringIO(render_csv(result, per_turn=per_turn))))
        assert rows and all(r["scenario"] == "mini" and r["seed"] == str(anna.seed) for r in rows)
        cells = [cell for r in rows for cell in r.values()]
        assert not any(cell[:1] in ("=", "+", "@") for cell in cells)
        assert rows[0]["player"].startswith("'=HYPERLINK") and rows[0]["file"] == "'@evil.json"


def test_the_html_report_fits_its_axis_and_sets_unfinished_games_apart() -> None:
    anna = read(CLASS / "anna.json")
    dmitri = dataclasses.replace(anna, player="Dmitri", turns=anna.turns[:1], finished=False, ending=None, seal=None,
                                 score=None)
    items: list[Path | Source] = [CLASS / "anna.json", CLASS / "boris.json", CLASS / "clara.json",
                                  Source("dmitri", lambda: dmitri)]
    page = render_html(compare(items, lambda *_: MINI))
    chart = page[page.index("<svg"):page.index("</svg>")]
    assert chart.count("<polyline") == 3  # the three finished games; Dmitri's is not plotted as a result
    assert "Not finished, not plotted (1):</b> Dmitri (month 2)" in page
    ticks = [float(t) for t in re.findall(r'text-anchor="end">([0-9.]+)</text>', chart)]
    # Cohesion in these games runs from 57.5 to 70.0 (the records' own numbers), so the axis is 56 to 70 in 2s.
    assert ticks[0] == 56 and ticks[-1] == 70 and ticks[1] - ticks[0] == 2
    legend = page[page.index('<ul class="legend">'):page.index("</ul>")]
    assert all(name in legend for name in ("Anna", "Boris", "Clara")) and "Dmitri" not in legend
    # The number after a name is the final cohesion, and the page says so (a bare number beside a name reads as
    # the score): Anna's last month in her record.
    assert f"Anna <b>{anna.turns[-1].cohesion:.0f}</b>" in legend
    note = page[:page.index('<ul class="legend">')].rsplit("<p", 1)[1]
    assert "After each name: bloc cohesion at the end (the scores are in the table below)." in note
    assert "<h3>Endings</h3>" in page and "http" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_endings_of_a_class_with_no_finished_game_say_so() -> None:
    """Lesson 2 may compare a class whose games are still open: the 'Endings:' heading stood over nothing."""
    anna = read(CLASS / "anna.json")
    open_game = dataclasses.replace(anna, turns=anna.turns[:1], finished=False, ending=None, seal=None, score=None)
    text = render_text(compare([Source("open", lambda: open_game)], lambda *_: MINI))
    assert "(unfinished)" in text
    assert "\nEndings:\n  (no finished game yet)\n" in text
