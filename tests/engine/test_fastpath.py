"""The fast path (``play_turn(explain=False)``, game.engine.fast) and the explained path (``apply`` action by
action, ``play_turn(explain=True)``) give identical states, month by month, over many seeds for every
bundled scenario and the test fixtures."""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest

from game.engine import EndTurn, GameState, Launch, Respond, apply, new_game, play_turn
from game.engine.data import Scenario
from game.scenario import bundled, load
from game.sim.policies import Plan, plan_hardline, plan_ignore, plan_random, plan_tempered

FIXTURES = Path(__file__).parents[1] / "fixtures" / "scenarios"
PATHS = [Path(b.path) for b in bundled()] + sorted(FIXTURES.glob("*.toml"))


@cache
def _load(path: Path) -> Scenario:
    return load(path)


def _stepwise(state: GameState, plan: Plan) -> GameState:
    for uid, rid in plan[0].items():
        state, _ = apply(state, Respond(uid, rid))
    for iid in plan[1]:
        state, _ = apply(state, Launch(iid))
    state, _ = apply(state, EndTurn())
    return state


@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_fast_and_explained_paths_agree(path: Path) -> None:
    sc = _load(path)
    policies = (plan_random, plan_hardline, plan_tempered, plan_ignore)
    for seed in range(120):
        explained = fast = new_game(sc, seed)
        policy = policies[seed % len(policies)]
        while not explained.over:
            plan = policy(explained)
            slow, _ = play_turn(explained, *plan, explain=True)
            fast, _ = play_turn(fast, *plan, explain=False)
            # The fast path builds no events, so its states carry no briefing; everything else is equal.
            assert replace(slow, briefing=()) == fast, (seed, slow.turn)
            if seed % 10 == 0:
                assert _stepwise(explained, plan) == slow
            explained = slow
        assert fast.over and fast.score == explained.score and fast.ending == explained.ending


def test_a_planned_state_resolves_the_same_on_both_paths() -> None:
    """States that already hold a plan (built action by action) take the fast path's fallback."""
    sc = _load(PATHS[0])
    for seed in range(20):
        state = new_game(sc, seed)
        while not state.over:
            choices, launched = plan_random(state)
            planned = state
            for uid, rid in choices.items():
                planned, _ = apply(planned, Respond(uid, rid))
            for iid in launched:
                planned, _ = apply(planned, Launch(iid))
            slow, _ = apply(planned, EndTurn())
            fast, _ = play_turn(planned, {}, explain=False)
            assert replace(slow, briefing=()) == fast
            state = slow
