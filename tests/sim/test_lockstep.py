"""Games played in lockstep (game.engine.lockstep) end exactly where playing them one at a time takes them.

For every bundled scenario and fixture, and every policy that can be played in lockstep, each game's final
values, monthly cohesion, ending and score are compared with ``new_game`` + ``play_turn`` driven by the
policy's own ``plan``; and a block's tally is compared with the tally of the same games played one by one.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from game.engine import GameEvent, GameState, lockstep, new_game, play_turn
from game.engine.data import Scenario
from game.engine.expr import COUNTRY_VARS, Env, Expr, Names, compile_expr
from game.engine.state import checked_plan
from game.scenario import bundled_entries, load
from game.sim import batch
from game.sim.batch import BLOCK, CHUNK, TOGETHER, Settings, Tally, _chunks, _units, game_seed, play_chunk, play_chunks
from game.sim.policies import Plan, make_policy

ROOT = Path(__file__).parents[1]
PATHS = ([Path(b.path) for b in bundled_entries()] + sorted((ROOT / "fixtures" / "scenarios").glob("*.toml"))
         + sorted((ROOT / "sim" / "fixtures").glob("*.toml")))

#: The short bundled scenario the strong policy is played alone on (by name: PATHS[1] was the tutorial when
#: these tests were written, and became beijing-1980 when that scenario was added).
TUTORIAL = next(p for p in PATHS if p.stem == "tutorial")


@cache
def _load(path: Path) -> Scenario:
    return load(path)


#: Games of each policy compared in test_every_game_ends_as_it_would_alone (with no difficulty, and with the
#: scenario's first): playing them alone is most of this file's time. For the
#: 12-month scenarios, measured on these seeds: the first so many games of each policy reach every card,
#: event, ending, initiative, response and card/response pair that 1,000 games of each policy reach, all
#: policies together (plus two); beijing-1980 with no difficulty misses one ending in 30 (20 kept), and
#: every-rule.toml with its first difficulty one pair (30 kept). The short scenarios keep 60 and 40, where
#: fewer miss a rare ending.
GAMES = {"directive-1980": (10, 24), "beijing-1980": (20, 12), "every-rule": (6, 30), "big": (9, 14)}
SHORT = (60, 40)


def _games(path: Path) -> tuple[int, int]:
    return GAMES.get(path.stem, SHORT)


def _lockstep_policies(sc: Scenario) -> list[str]:
    names = ["random", "ignore", "hardline", *(p.id for p in sc.policies)]
    return [n for n in names if make_policy(n, sc).choice is not None]


def _played_alone(sc: Scenario, settings: Settings, policy: str, start: int,
                  stop: int) -> tuple[Tally, list[GameState]]:
    """``play_chunk``'s games played alone (``new_game`` + ``play_turn`` driven by the policy's own ``plan``):
    their tally, and the state each game ends in (kept as batch's play_turn returns it)."""
    finals: list[GameState] = []

    def keeping(state: GameState, choices: Mapping[str, str], initiatives: Iterable[str] = (), *,
                explain: bool = True) -> tuple[GameState, tuple[GameEvent, ...]]:
        after, events = play_turn(state, choices, initiatives, explain=explain)
        if after.over:
            finals.append(after)
        return after, events

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(batch, "play_turn", keeping)
        tally = play_chunk(sc, settings, policy, start, stop, lockstep=False)
    assert len(finals) == stop - start
    return tally, finals


@pytest.mark.slow
@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_every_game_ends_as_it_would_alone(path: Path) -> None:
    """Each game of a block (``lockstep.play``) ends exactly where it ends alone, and the block's tally is the
    tally of the same games played one by one; the games alone are played once, for both comparisons."""
    sc = _load(path)
    for policy in _lockstep_policies(sc):
        plain, harder = _games(path)
        for difficulty, seed, games in (("", 3, plain), *((d.id, 7, harder) for d in sc.difficulties[:1])):
            settings = Settings(games=games, seed=seed, policies=(policy,), difficulty=difficulty)
            where = (path.stem, policy, difficulty)
            alone, finals = _played_alone(sc, settings, policy, 10, 10 + games)
            assert play_chunk(sc, settings, policy, 10, 10 + games) == alone, where
            seeds = [game_seed(seed, policy, 10 + k) for k in range(games)]
            choice = make_policy(policy, sc).choice
            assert choice is not None
            out = lockstep.play(sc, seeds, choice, difficulty)
            for b, final in enumerate(finals):
                one = (*where, seeds[b])
                assert (final.seed, final.difficulty) == (seeds[b], difficulty), one
                assert tuple(tuple(float(v[b]) for v in row) for row in out.values) == final.values, one
                assert (float(out.climate[b]), float(out.capital[b]), float(out.economy[b])) == \
                    (final.climate, final.capital, final.economy), one
                assert [float(c[b]) for c in out.cohesion] == [h.cohesion for h in final.history], one
                assert sc.endings[int(out.ending[b])].id == final.ending, one
                assert int(out.score[b]) == final.score, one


def test_a_fixed_policy_plans_many_games_at_once_as_each_alone() -> None:
    """``lockstep.plans`` of many states at once (how the batch runner plans the games it plays alone, so the
    test above cannot tell) gives each state the plan ``policy.plan`` makes for it alone. On decisions.toml in
    month 2 the strike's decision at Beta comes after one outreach card in some games and two in others: the
    random policy answers the n-th card a game holds at a post with the n-th draw, whatever slot the block
    gives it."""
    sc = _load(ROOT / "fixtures" / "scenarios" / "decisions.toml")
    names = _lockstep_policies(sc)
    assert names[0] == "random"
    for name in names:
        policy = make_policy(name, sc)
        assert policy.choice is not None
        states = []
        for k in range(60):
            state = new_game(sc, game_seed(3, name, k))
            states.append(play_turn(state, *policy.plan(state), explain=False)[0])
        if name == "random":
            assert {sum(c.country == 1 for c in s.cards) for s in states} == {2, 3}, "Beta's hands must differ"
        assert lockstep.plans(sc, states, [policy.choice])[0] == [policy.plan(s) for s in states], name

def test_policies_that_look_ahead_are_played_one_game_at_a_time() -> None:
    sc = _load(PATHS[0])
    assert make_policy("greedy", sc).choice is None
    assert make_policy("strong", sc).choice is None
    chunks = _chunks(Settings(games=2500, policies=("random", "strong")), sc)
    sizes = {(name, b - a) for name, a, b in chunks}
    assert ("random", BLOCK) in sizes and ("strong", CHUNK) in sizes
    assert sum(b - a for name, a, b in chunks if name == "random") == 2500


# --- the expression language on arrays ---------------------------------------------------------------------

_OPS = ["+", "-", "*", "/", "<", "<=", ">", ">=", "==", "!=", "and", "or"]
_NAMES = Names(countries=("a", "b"))


def _text(rng: random.Random, depth: int) -> str:
    if depth == 0 or rng.random() < 0.25:
        return rng.choice(["0", "1", "2.5", "40", "100", *COUNTRY_VARS, "a.stability", "b.alignment", "cohesion",
                           "turn", "capital", "climate", "true"])
    kind = rng.random()
    if kind < 0.1:
        return f"(not {_text(rng, depth - 1)})"
    if kind < 0.2:
        return f"-{_text(rng, depth - 1)}"
    if kind < 0.35:
        name = rng.choice(["min", "max", "abs", "clamp"])
        n = {"abs": 1, "clamp": 3}.get(name, rng.randint(2, 4))
        return f"{name}({', '.join(_text(rng, depth - 1) for _ in range(n))})"
    return f"({_text(rng, depth - 1)} {rng.choice(_OPS)} {_text(rng, depth - 1)})"


def test_expressions_on_arrays_give_each_games_value() -> None:
    """Every expression, built for a block, gives per game what the engine's closure gives for that game."""
    rng = random.Random(11)
    games = 16
    grid = [0.0, 10.0, 33.3, 40.0, 60.0, 100.0]
    for _ in range(1500):
        text = _text(rng, 4)
        expr: Expr = compile_expr(text, _NAMES)
        c = [[[rng.choice(grid) for _ in range(games)] for _ in COUNTRY_VARS] for _ in range(2)]
        g = [[rng.choice(grid) for _ in range(games)] for _ in range(7)]
        env = lockstep.VecEnv([[np.array(v) for v in row] for row in c], [np.array(v) for v in g], (1.0, 2.0), games)
        env.i = rng.randrange(2)
        got = np.broadcast_to(lockstep._compile(expr, _NAMES)(env), (games,))
        for b in range(games):
            one = Env([[v[b] for v in row] for row in c], [v[b] for v in g], (1.0, 2.0))
            one.i = env.i
            assert float(got[b]) == expr.fn(one), (text, b)


# --- the strong policy's rollouts in lockstep --------------------------------------------------------------

def _openings(sc: Scenario, games: int) -> list[list[GameState]]:
    """Per month, the opening states of a few games played by the random policy."""
    months: list[list[GameState]] = [[] for _ in range(sc.turns)]
    plan = make_policy("random", sc).plan
    for seed in range(games):
        state = new_game(sc, seed)
        while not state.over:
            months[state.turn - 1].append(state)
            state, _ = play_turn(state, *plan(state), explain=False)
    return months


@pytest.mark.slow
@pytest.mark.parametrize("path", [PATHS[0], TUTORIAL, ROOT / "fixtures" / "scenarios" / "every-rule.toml"],
                         ids=lambda p: p.stem)
def test_the_strong_policy_plans_many_games_at_once_as_each_plays_out_alone(path: Path) -> None:
    """The strong policy's choice, worked out the plain way for each game: every candidate played out month by
    month by play_turn under each rollout's seed, continuing with the rule of thumb. (Without events: the
    explained path gives the same states, tests/engine/test_one_game.py.)"""
    from game.sim.policies import _best, _candidates, _futures, final_value, plan_greedy, plan_tempered

    def alone(state: GameState) -> Plan:
        candidates = _candidates([state], 2, [plan_greedy(state)])[0]
        values: list[float] = []
        for cand in candidates:
            for start in _futures(state, 2):
                s, _ = play_turn(start, *cand, explain=False)
                while not s.over:
                    s, _ = play_turn(s, *plan_tempered(s), explain=False)
                values.append(final_value(s))
        return candidates[0] if len(candidates) == 1 else _best(candidates, values, 2)

    sc = _load(path)
    policy = make_policy("strong", sc, rollouts=2, samples=2)
    assert policy.plan_many is not None
    for states in _openings(sc, 3)[::3]:
        assert policy.plan_many(states) == [alone(s) for s in states], (path.stem, states[0].turn)


def test_the_rule_of_thumb_in_lockstep_is_plan_tempered() -> None:
    """The rollouts continue with plan_tempered; lockstep plays it from any opening as it is played alone."""
    from game.sim.policies import _tempered, final_value, plan_tempered

    for path in PATHS:
        sc = _load(path)
        for states in _openings(sc, 4)[1::4]:
            plans = [plan_tempered(s) for s in states]
            got = lockstep.rollouts(sc, states, plans, _tempered(sc)).tolist()
            for state, value in zip(states, got, strict=True):
                alone = state
                while not alone.over:
                    alone, _ = play_turn(alone, *plan_tempered(alone), explain=False)
                assert value == final_value(alone), (path.stem, state.seed, state.turn)


#: The policies that look ahead, each on a scenario (with its first difficulty, or none), and the chunks of
#: its games compared.
LOOK_AHEAD = [
    (TUTORIAL, False, Settings(games=6, seed=4, policies=("strong",), rollouts=2, samples=1), [(0, 4), (4, 6)]),
    (PATHS[0], True, Settings(games=12, seed=5, policies=("greedy",)), [(0, 7), (7, 12)]),
    (ROOT / "fixtures" / "scenarios" / "every-rule.toml", True, Settings(games=12, seed=5, policies=("greedy",)),
     [(0, 7), (7, 12)]),
]


@pytest.mark.slow
@pytest.mark.parametrize(("path", "first_difficulty", "settings", "bounds"), LOOK_AHEAD,
                         ids=[f"{p.stem}-{s.policies[0]}" for p, _, s, _ in LOOK_AHEAD])
def test_chunks_of_a_look_ahead_policy_tally_together_as_alone(path: Path, first_difficulty: bool,
                                                                settings: Settings,
                                                                bounds: list[tuple[int, int]],
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """simulate plays several chunks of a look-ahead policy as one block (play_chunks: the policy plans every
    game's month at once, lockstep.Games plays them): each chunk's tally, chunks of different sizes included,
    is the one its games played alone (by play_turn) give.

    The one-step plan check may leave a plan to the action-by-action path (costs that are not whole numbers
    of 1/1024ths, spent to the edge of the budget); that game leaves the block and is played alone, so the
    tallies are still the ones of every game played alone: checked again with every fifth plan refused."""
    sc = _load(path)
    if first_difficulty:
        settings = replace(settings, difficulty=sc.difficulties[0].id)
    policy = settings.policies[0]
    alone = [play_chunk(sc, settings, policy, a, b, lockstep=False) for a, b in bounds]
    together = play_chunks(sc, settings, policy, bounds)
    assert together == alone
    assert [t.games for t in together] == [b - a for a, b in bounds]
    assert sum(sum(t.endings.values()) for t in together) == settings.games

    real = checked_plan
    refused: list[int] = []

    def sometimes(*args: Any) -> Any:
        refused.append(1)
        return None if len(refused) % 5 == 0 else real(*args)

    monkeypatch.setattr(lockstep, "checked_plan", sometimes)
    assert play_chunks(sc, settings, policy, bounds) == alone
    assert len(refused) > 10


def test_units_of_work_keep_every_chunk_in_order() -> None:
    sc = _load(PATHS[0])
    settings = Settings(games=1500, slow_games=400, policies=("random", "strong", "greedy"))
    chunks = _chunks(settings, sc)
    for workers in (1, 2, 3, 8):
        units = _units(settings, sc, workers)
        assert [(name, a, b) for name, bounds, _ in units for a, b in bounds] == chunks
        assert {len(bounds) for name, bounds, slow in units if slow} == {max(1, min(TOGETHER, 8 // workers))}
        # random's two chunks (1,000 and 500 games): one block in one process, else one per worker
        assert [len(bounds) for name, bounds, slow in units if name == "random" and not slow] == \
            ([2] if workers == 1 else [1, 1])


