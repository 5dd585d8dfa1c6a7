"""How fast the balance report plays: games per second per core, for each bundled scenario and policy.

Each time is also printed as a ratio to a baseline timed in the same run (1,000,000 calls of
``random.random()`` in a loop), so numbers from different machines compare. The target: one game of the
random policy on the largest bundled scenario within 0.01 of that baseline on one core. Peak memory (the
process's maximum resident size) is measured over a long batch, played as `ambassador simulate --jobs 1`
plays it, to show it stays flat. Times are CPU time of this process (time.process_time), so other work on
the machine disturbs them less than wall time.

The fixed policies are played as the simulator plays them when it has enough of their games, in lockstep
blocks (game.engine.lockstep) of ``FIXED_TOGETHER`` chunks of ``--games`` games (default ``BLOCK``, so 4,000
games, as `ambassador simulate --games 4000 --jobs 1` or `--games 8000` on two cores plays them); the line
"(one chunk)" under each gives a block of one chunk, as the default `ambassador simulate` (1,000 games of
each policy) plays it, and "(its keys)" under that gives how many streams such a block keys per game and
what hashing them again, alone, takes (``rng.finished``: BLAKE2b, one hash per stream and game, which arrays
cannot share: the floor under a block's time). The strong policy is played in chunks whose rollouts are
played in lockstep, ``TOGETHER`` chunks as one block (as `ambassador simulate` plays them; the line "(one
chunk)" under it gives a single chunk of ``CHUNK`` games); the column "alone" gives the ratio for games each
played by the engine one month at a time (``play_turn``; a fixed policy's plans for all of them made at once),
for comparison.

    python benchmarks/simulate.py                     # every bundled scenario, 100,000 games for memory
    python benchmarks/simulate.py --quick             # a quick run (fewer games, 2,000 for memory)
    python benchmarks/simulate.py --scenario tests/sim/fixtures/big.toml
    python benchmarks/simulate.py --scenario scenarios/directive-1980.toml --policy random --memory-games 0
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from game.engine import rng
from game.engine.data import Scenario
from game.scenario import bundled, load
from game.sim.batch import BLOCK, CHUNK, FIXED_TOGETHER, TOGETHER, Settings, play_chunk, play_chunks, run
from game.sim.policies import available


def baseline(tries: int = 3) -> float:
    """Seconds for 1,000,000 calls of random.random() in a loop (best of ``tries``)."""
    best = float("inf")
    for _ in range(tries):
        r = random.random
        t = time.process_time()
        for _ in range(1_000_000):
            r()
        best = min(best, time.process_time() - t)
    return best


def timed(measure: Callable[[], float], repeat: int) -> tuple[float, float]:
    """Seconds per game (``measure``) and its ratio to the baseline, each the median of ``repeat`` runs, every
    run against a baseline timed right before and right after it (the lesser): this machine's speed drifts
    by a third within seconds, so one baseline at the start does not fit a run a minute later."""
    times: list[float] = []
    ratios: list[float] = []
    before = baseline(1)
    for _ in range(repeat):
        t = measure()
        after = baseline(1)
        times.append(t)
        ratios.append(t / min(before, after))
        before = after
    return statistics.median(times), statistics.median(ratios)


def per_game(scenario: Scenario, policy: str, games: int, *, lockstep: bool = True) -> float:
    settings = Settings(games=games, seed=1, policies=(policy,), rollouts=3, samples=3)
    t = time.process_time()
    play_chunk(scenario, settings, policy, 0, games, lockstep=lockstep)
    return (time.process_time() - t) / games


def per_game_together(scenario: Scenario, policy: str, chunk: int = CHUNK, together: int = TOGETHER) -> float:
    """A game as `ambassador simulate` plays it with many games: ``together`` chunks of ``chunk`` games as one
    block (for a look-ahead policy, ``TOGETHER`` chunks of ``CHUNK``)."""
    games = chunk * together
    settings = Settings(games=games, seed=1, policies=(policy,), rollouts=3, samples=3)
    t = time.process_time()
    play_chunks(scenario, settings, policy, [(a, a + chunk) for a in range(0, games, chunk)])
    return (time.process_time() - t) / games


def keying(scenario: Scenario, policy: str, games: int) -> tuple[float, Callable[[], float]]:
    """The streams a block of ``games`` keys (``rng.finished``, BLAKE2b, one hash per stream per game): how many
    per game, and a measure of the seconds per game that hashing them again, alone, takes."""
    calls: list[tuple[list[Any], tuple[object, ...]]] = []
    real = rng.finished

    def counting(begun: Iterable[Any], *fields: object) -> bytes:
        begun = list(begun)
        calls.append((begun, fields))
        return real(begun, *fields)

    rng.finished = counting
    try:
        per_game(scenario, policy, games)
    finally:
        rng.finished = real

    def measure() -> float:
        t = time.process_time()
        for begun, fields in calls:
            real(begun, *fields)
        return (time.process_time() - t) / games

    return sum(len(begun) for begun, _ in calls) / games, measure


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", action="append", type=Path, help="scenario files (default: bundled)")
    parser.add_argument("--games", type=int, default=BLOCK,
                        help=f"games per chunk of a fixed policy (default {BLOCK}, as simulate cuts them)")
    parser.add_argument("--memory-games", type=int,
                        help="games for the memory run (default 100,000; 2,000 with --quick; 0: no memory run)")
    parser.add_argument("--quick", action="store_true", help="fewer games everywhere")
    parser.add_argument("--repeat", type=int, default=5,
                        help="runs of each fixed policy's timing, the median reported (default 5)")
    parser.add_argument("--policy", action="append", help="time only these policies (default: every one)")
    args = parser.parse_args()
    games = 200 if args.quick else args.games
    memory_games = args.memory_games if args.memory_games is not None else 2_000 if args.quick else 100_000
    paths = args.scenario or [b.path for b in bundled()]
    base = baseline()
    print(f"baseline: 1,000,000 random.random() calls take {base * 1000:.1f} ms (best of three at the start; each "
          f"ratio below is against a baseline timed beside its own run)")
    print(f"fixed policies: {FIXED_TOGETHER} chunks of {games:,} games as one block, as simulate plays "
          f"{FIXED_TOGETHER * games:,} or more games of a policy; (one chunk): a block of {games:,}, as the default "
          f"simulate plays it")
    print(f"{'scenario':<28} {'policy':<12} {'games/s/core':>13} {'ms/game':>9} {'ratio':>8} {'alone':>8}")
    largest: tuple[int, Scenario] | None = None
    for path in paths:
        sc = load(path)
        size = len(sc.countries) * sc.turns
        if largest is None or size > largest[0]:
            largest = (size, sc)
        for name, _ in available(sc):
            if args.policy and name not in args.policy:
                continue
            if name == "greedy":
                t, r = timed(partial(per_game, sc, name, max(5, games // 50)), 1)
                alone = ""
            elif name == "strong":  # chunks of games, as the simulator plays them, and a few alone
                t, r = timed(partial(per_game_together, sc, name), 1)
                alone = f"{timed(partial(per_game, sc, name, 2, lockstep=False), 1)[1]:8.4f}"
            else:  # FIXED_TOGETHER chunks as one block, as simulate plays them when it has that many
                t, r = timed(partial(per_game_together, sc, name, games, FIXED_TOGETHER), args.repeat)
                alone = f"{timed(partial(per_game, sc, name, max(20, games // 5), lockstep=False), 1)[1]:8.4f}"
            print(f"{sc.id:<28} {name:<12} {1 / t:13.1f} {t * 1000:9.3f} {r:8.4f} {alone:>8}", flush=True)
            if name != "greedy":  # one chunk, as the default simulate plays it
                t, r = timed(partial(per_game, sc, name, CHUNK if name == "strong" else games),
                             1 if name == "strong" else args.repeat)
                print(f"{'':<28} {'(one chunk)':<12} {1 / t:13.1f} {t * 1000:9.3f} {r:8.4f}", flush=True)
                if name != "strong":  # what of that is keying the streams, which no block can share
                    keys, measure = keying(sc, name, games)
                    t, r = timed(measure, args.repeat)
                    print(f"{'':<28} {'(its keys)':<12} {f'{keys:.1f} a game':>13} {t * 1000:9.3f} {r:8.4f}",
                          flush=True)
    if largest is not None and memory_games > 0:
        sc = largest[1]
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        t = time.process_time()
        run(sc, Settings(games=memory_games, seed=2, policies=("random",)), jobs=1)
        took = time.process_time() - t
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(f"memory: {memory_games:,} games of random on {sc.id} in {took:.1f} s: peak resident size "
              f"{after / 1024:.1f} MiB (before the run {before / 1024:.1f} MiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
