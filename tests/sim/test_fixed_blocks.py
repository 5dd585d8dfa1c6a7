"""Several chunks of a fixed policy played as one block (``batch.play_chunks``, ``lockstep.play_chunks``):
each chunk's tally is the one it has when played as a block of its own, down to the order in which its
counts first met each item (the report and its JSON list them in that order), and the runner groups up to
``FIXED_TOGETHER`` chunks of a fixed policy into one unit of work."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from game.engine import lockstep
from game.scenario import load
from game.sim.batch import (
    FIXED_TOGETHER,
    TOGETHER,
    Settings,
    Tally,
    _chunks,
    _units,
    game_seed,
    play_chunk,
    play_chunks,
)
from game.sim.policies import make_policy

ROOT = Path(__file__).parents[2]
#: The main scenario (13 posts, decisions, initiatives) and the fixture with every mechanic of the format.
PATHS = [ROOT / "scenarios" / "directive-1980.toml", ROOT / "tests" / "fixtures" / "scenarios" / "every-rule.toml"]
#: Chunks of different sizes, small enough that an item met in one chunk is often missing from another.
BOUNDS = [(0, 9), (9, 13), (13, 14), (14, 25)]


def _orders(t: Tally) -> object:
    """Everything of a tally whose order a report may show: the keys of each of its dicts, in order."""
    return (list(t.scores), list(t.endings), list(t.games_with), [list(v) for v in t.games_with.values()],
            list(t.turns), [list(v) for v in t.turns.values()], list(t.pairs))


def test_chunks_played_as_one_block_tally_as_each_alone() -> None:
    for path in PATHS:
        sc = load(path)
        for policy in ("random", "hardline"):
            settings = Settings(games=25, seed=11, policies=(policy,))
            together = play_chunks(sc, settings, policy, BOUNDS)
            alone = [play_chunk(sc, settings, policy, a, b) for a, b in BOUNDS]
            assert together == alone, (path.stem, policy)
            assert [_orders(t) for t in together] == [_orders(t) for t in alone], (path.stem, policy)
            assert [t.games for t in together] == [b - a for a, b in BOUNDS]


def test_a_block_of_chunks_gives_each_chunk_its_own_counts() -> None:
    """Known answers: two chunks of the same seeds, the second twice as long, count everything twice over;
    every game's numbers are those of its seed."""
    sc = load(PATHS[0])
    choice = make_policy("random", sc).choice
    assert choice is not None
    seeds = [game_seed(5, "random", k) for k in range(6)]
    one, two = lockstep.play_chunks(sc, [seeds, seeds + seeds], choice)
    assert one.games_with and one.pairs and one.turns
    assert two.games_with == {k: 2 * v for k, v in one.games_with.items()}
    assert two.pairs == {k: 2 * v for k, v in one.pairs.items()}
    assert two.turns == {k: [2 * n for n in v] for k, v in one.turns.items()}
    assert np.array_equal(two.score, np.concatenate([one.score, one.score]))
    assert all(np.array_equal(b, np.concatenate([a, a])) for a, b in zip(one.cohesion, two.cohesion, strict=True))


def test_a_fixed_policy_plays_up_to_fixed_together_chunks_per_unit() -> None:
    sc = load(PATHS[0])
    settings = Settings(games=9000, slow_games=400, policies=("random", "strong"))
    chunks = _chunks(settings, sc)
    for workers, fixed in ((1, [4, 4, 1]), (2, [4, 4, 1]), (3, [3, 3, 3]), (8, [1] * 9)):
        units = _units(settings, sc, workers)
        assert [(name, a, b) for name, bounds, _ in units for a, b in bounds] == chunks
        assert [len(bounds) for name, bounds, _ in units if name == "random"] == fixed, workers
        assert {len(bounds) for name, bounds, _ in units if name == "strong"} == {max(1, min(TOGETHER, 8 // workers))}
    assert FIXED_TOGETHER == 4
