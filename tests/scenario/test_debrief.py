"""The debrief as data (game.debrief): the student's year beside history, worked out by hand for known values,
the wording both front ends share, and the teacher's guide's generated block of questions and notes."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from game import debrief
from game.engine import GameState, new_game
from game.engine.data import Scenario
from game.scenario import load

ROOT = Path(__file__).resolve().parents[2]
MAIN = ROOT / "scenarios" / "directive-1980.toml"
GUIDE = ROOT / "docs" / "teachers-guide.md"
ACTION_POSTS = ["Berlin", "Warsaw", "Budapest", "Prague", "Sofia", "Ulan-Bator", "Havana", "Hanoi", "Vientiane"]


@pytest.fixture(scope="module")
def sc() -> Scenario:
    return load(MAIN)


def _with(state: GameState, values: dict[str, tuple[float, float]]) -> GameState:
    """The state with (alignment, China ties) set per country; resentment and stability kept."""
    sc = state.scenario
    rows = [list(row) for row in state.values]
    for cid, (alignment, ties) in values.items():
        rows[sc.country_index(cid)][0:2] = [alignment, ties]
    return dataclasses.replace(state, values=tuple(tuple(r) for r in rows))


def test_year_against_history_known_answer(sc: Scenario) -> None:
    """Alignment 59 everywhere (one point short of the common line) except Berlin at 60: of the nine action
    posts only Berlin ends as history did; Bucharest and Belgrade (under 60) do; Pyongyang needs alignment under
    70 and China ties of 20 or more; Phnom Penh needs 60 or more."""
    state = _with(new_game(sc, 1980), {c.id: (59.0, 30.0) for c in sc.countries} | {"gdr": (60.0, 30.0)})
    results = {r.country.post: r.matched for r in debrief.year_against_history(state)}
    assert results == {"Berlin": True, "Warsaw": False, "Budapest": False, "Prague": False, "Sofia": False,
                       "Ulan-Bator": False, "Havana": False, "Hanoi": False, "Vientiane": False,
                       "Bucharest": True, "Belgrade": True, "Pyongyang": True, "Phnom Penh": False}
    state = _with(state, {"dprk": (59.0, 19.9), "kampuchea": (60.0, 0.0)})
    results = {r.country.post: r.matched for r in debrief.year_against_history(state)}
    assert results["Pyongyang"] is False and results["Phnom Penh"] is True


def test_summary_names_the_posts_that_differ_and_asks_why(sc: Scenario) -> None:
    state = _with(new_game(sc, 1980), {c.id: (59.0, 30.0) for c in sc.countries} | {"gdr": (60.0, 30.0)})
    summary = debrief.history_summary(debrief.year_against_history(state), sc.differs)
    assert summary.startswith("At 1 of the 9 posts you ran, your year ended as history did; at 8 the model's "
                              "result differs from history: Warsaw, Budapest, Prague, Sofia, Ulan-Bator, Havana, "
                              "Hanoi, Vientiane.")
    assert summary.endswith(sc.differs)
    start = debrief.history_summary(debrief.year_against_history(new_game(sc, 1980)), sc.differs)
    assert start == "At 9 of the 9 posts you ran, your year ended as history did."  # no question to ask


def test_every_history_item_of_the_debrief_names_its_sources(sc: Scenario) -> None:
    state = _with(new_game(sc, 1980), {"poland": (10.0, 70.0)})
    state = dataclasses.replace(state, over=True, ending="neutrality_spreads", score=60)
    deb = debrief.build(state, [(1, "I protected Warsaw first."), (2, "  ")])
    history_labels = {debrief.HISTORY_DIFFERS, debrief.WHAT_HAPPENED, "Relations with China afterwards",
                      debrief.YOUR_YEAR}
    labelled = [it for it in deb.ending if it.label] + [it for p in deb.posts for it in p.items]
    assert {it.label for it in labelled} == history_labels
    keys = {s.key for s in sc.sources}
    for it in labelled:
        assert it.sources and set(it.sources) <= keys, it
    assert deb.epilogue is not None and set(deb.epilogue.sources) <= keys
    assert [it.line() for it in deb.reflections] == ["March 1980: I protected Warsaw first."]
    warsaw = next(p for p in deb.posts if p.result.country.id == "poland")
    assert warsaw.result.matched is False
    assert warsaw.items[-1].text.endswith(f"{debrief.DIFFERS}.")


def test_item_line() -> None:
    assert debrief.Item("What happened", "A strike.", ("PL",)).line() == "What happened: A strike. (source: PL)"
    assert debrief.Item("", "Text.", ("A", "B")).line() == "Text. (sources: A, B)"
    assert debrief.Item("", "Text.").line() == "Text."


def test_guide_block_is_generated_from_the_scenario(sc: Scenario) -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    assert debrief.update_guide(guide, sc) == guide, (
        "docs/teachers-guide.md's questions block has drifted from scenarios/directive-1980.toml; regenerate it "
        "with `python -m game.debrief`")
    for k, note in enumerate(sc.notes, 1):
        assert f"{k}. {sc.questions[k - 1]}\n\n   *Note for the teacher:* {note}" in guide
    for q in sc.source_questions:
        assert q.note and q.note in guide


def test_guide_block_needs_its_markers(sc: Scenario) -> None:
    with pytest.raises(ValueError, match="markers"):
        debrief.update_guide("# A guide without the block\n", sc)
