"""game.engine.bounds: the most capital a month and economy a game can hold, worked out by hand."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from game.engine.bounds import Unaffordable, capital_ceiling, economy_ceiling, unaffordable
from game.engine.expr import Names, compile_effects
from game.scenario import load

ROOT = Path(__file__).resolve().parents[2]
MAIN = load(ROOT / "scenarios" / "directive-1980.toml")


def test_main_scenario_by_hand() -> None:
    # The easy difficulty's 9 a month, 2 carried over, and the Interkit meeting's +2 as June opens (the 26th
    # CPSU Congress adds only 1, in February 1981).
    assert capital_ceiling(MAIN) == 9 + 2 + 2
    # The easy difficulty's 20 for the game; no event adds economy.
    assert economy_ceiling(MAIN) == 20
    assert unaffordable(MAIN) == []


def test_the_first_month_has_nothing_carried_over() -> None:
    # Without the Interkit meeting, February 1981 is the best month: 9 + 2 carried over + 1 from the Congress.
    events = tuple(e for e in MAIN.events if e.id != "interkit_mierki")
    assert capital_ceiling(replace(MAIN, events=events)) == 12
    # Without any event that adds capital, any month after the first: 9 + 2; with no carry-over, 9.
    events = tuple(e for e in events if e.id != "cpsu_congress")
    assert capital_ceiling(replace(MAIN, events=events)) == 11
    assert capital_ceiling(replace(MAIN, events=events, capital_carry=0.0)) == 9
    # A game of one month never carries anything over.
    assert capital_ceiling(replace(MAIN, events=events, turns=1)) == 9


def test_an_effect_that_sets_capital_as_a_month_opens_cannot_be_bounded() -> None:
    names = Names(tuple(c.id for c in MAIN.countries), False)
    events = tuple(replace(e, effects=compile_effects("capital = 50", names)) if e.id == "tito_dies" else e
                   for e in MAIN.events)
    assert capital_ceiling(replace(MAIN, events=events)) is None


def test_costs_above_the_ceilings_are_reported_in_scenario_order() -> None:
    responses = tuple(replace(r, capital=14.0) if r.id == "explain" else
                      replace(r, economy=21.0) if r.id == "engage" else r for r in MAIN.responses)
    assert unaffordable(replace(MAIN, responses=responses)) == [
        Unaffordable("responses", "explain", "capital", 14.0, 13.0),
        Unaffordable("responses", "engage", "economy", 21.0, 20.0),
    ]
    # At the ceiling exactly, a plan can pay.
    responses = tuple(replace(r, capital=13.0) if r.id == "explain" else r for r in MAIN.responses)
    assert unaffordable(replace(MAIN, responses=responses)) == []


def test_one_difficulty() -> None:
    # Hard: 5 a month, 8 for the game; the scenario's own resources: 7 and 14 (+2 carried, +2 Interkit).
    assert (capital_ceiling(MAIN, "hard"), economy_ceiling(MAIN, "hard")) == (5 + 2 + 2, 8)
    assert (capital_ceiling(MAIN, ""), economy_ceiling(MAIN, "")) == (7 + 2 + 2, 14)
    responses = tuple(replace(r, economy=10.0) if r.id == "engage" else r for r in MAIN.responses)
    assert unaffordable(replace(MAIN, responses=responses), "hard") == [
        Unaffordable("responses", "engage", "economy", 10.0, 8.0)]
    assert unaffordable(replace(MAIN, responses=responses)) == []
