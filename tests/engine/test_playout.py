"""Random playouts over many seeds for every bundled scenario (OpenSpiel's random_sim_test): no error, every
game ends, every number stays in its range, and every event is consistent with the state it leaves."""

from __future__ import annotations

from functools import cache

import pytest

from game.engine import EndTurn, GameState, ValueChanged, apply, legal_actions, new_game
from game.engine.data import RESOURCE_MAX, Scenario
from game.engine.rng import Stream
from game.scenario import bundled_entries, load

#: Random games per bundled scenario, in slices the test runner can spread over its workers. Measured over the
#: first 400 seeds (each game's cards, answers on each card, initiatives launched and recalled, events,
#: ending, and every value at each of its bounds): every card, answer, initiative, action, event and ending
#: that 400 games reach in each bundled scenario, the first 71 reach (directive-1980's rarest ending first
#: comes at seed 70). What 80 miss is three values at exactly 0: directive-1980's capital (first at seed 222)
#: and one value of one post in each 12-month scenario (seeds 182 and 216); clamping every value and
#: resource at its bounds is a known answer (tests/engine/test_known_answers.py). 240 took three times as
#: long for nothing else.
SEEDS = 80
SLICES = 2


@cache
def _scenario(path: str) -> Scenario:
    return load(path)


BUNDLED = [pytest.param(str(s.path), id=s.id) for s in bundled_entries()]


def _check_ranges(state: GameState) -> None:
    for row in state.values:
        for v in row:
            assert 0.0 <= v <= 100.0
    assert 0.0 <= state.climate <= 100.0
    assert 0.0 <= state.capital <= RESOURCE_MAX
    assert 0.0 <= state.economy <= RESOURCE_MAX
    cap, eco = state.remaining()
    assert cap >= -1e-9 and eco >= -1e-9


def _random_game(sc: Scenario, seed: int) -> GameState:
    """Pick uniformly among legal actions, ending the month with a fixed small probability."""
    state = new_game(sc, seed)
    stream = Stream(seed, 0, "*", "test-policy")
    steps = 0
    while not state.over:
        actions = legal_actions(state)
        assert actions, "a game that is not over must have a legal action"
        assert isinstance(actions[-1], EndTurn)
        action = actions[-1] if stream.random() < 0.15 else actions[stream.below(len(actions))]
        state, _ = apply(state, action)
        _check_ranges(state)
        steps += 1
        assert steps < 10_000, "the game does not end"
    return state


@pytest.mark.slow
@pytest.mark.parametrize("part", range(SLICES))
@pytest.mark.parametrize("path", BUNDLED)
def test_random_playouts_end_in_range(path: str, part: int) -> None:
    sc = _scenario(path)
    endings = {e.id for e in sc.endings}
    for seed in range(part, SEEDS, SLICES):
        state = _random_game(sc, seed)
        assert state.over
        assert state.ending in endings
        assert isinstance(state.score, int)
        assert len(state.history) == sc.turns
        assert legal_actions(state) == []


@pytest.mark.parametrize("path", BUNDLED)
def test_events_explain_every_change(path: str) -> None:
    """Replaying the ValueChanged events from the start values gives exactly the values the engine reports."""
    sc = _scenario(path)
    for seed in range(25):
        state = new_game(sc, seed)
        values = [list(c.start) for c in sc.countries]
        index = {c.id: k for k, c in enumerate(sc.countries)}
        names = ("alignment", "china_ties", "resentment", "stability")
        for ev in state.briefing:
            if isinstance(ev, ValueChanged) and ev.country is not None:
                values[index[ev.country]][names.index(ev.var)] = ev.after
        stream = Stream(seed, 0, "*", "explain-test")
        while not state.over:
            actions = [a for a in legal_actions(state) if not isinstance(a, EndTurn)]
            for _ in range(3):
                if actions:
                    state, _ = apply(state, actions[stream.below(len(actions))])
                    actions = [a for a in legal_actions(state) if not isinstance(a, EndTurn)]
            state, events = apply(state, EndTurn())
            for ev in events:
                if isinstance(ev, ValueChanged) and ev.country is not None:
                    row = values[index[ev.country]]
                    k = names.index(ev.var)
                    assert row[k] == ev.before, f"{ev} does not start where the last change ended"
                    assert ev.cause.label
                    row[k] = ev.after
            assert [tuple(r) for r in values] == [tuple(r) for r in state.values]
