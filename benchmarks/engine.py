"""Games per second with a random policy, for each bundled scenario, against a baseline timed in this run.

The baseline is 1,000,000 calls of random.random() in a Python loop; the machine is noisy, so only the
ratio means anything. Usage: python benchmarks/engine.py [--games N] [--repeat R]
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

from game.engine import GameState, new_game, play_turn
from game.engine.data import Scenario
from game.scenario import bundled, load
from game.sim.policies import plan_random


def baseline() -> float:
    rnd = random.random
    start = time.perf_counter()
    for _ in range(1_000_000):
        rnd()
    return time.perf_counter() - start


def random_game(sc: Scenario, seed: int, *, explain: bool) -> GameState:
    """The balance report's random policy (game.sim.policies), through the public engine API."""
    state = new_game(sc, seed)
    while not state.over:
        choices, initiatives = plan_random(state)
        state, _ = play_turn(state, choices, initiatives, explain=explain)
    return state


def games_per_second(sc: Scenario, games: int, *, explain: bool) -> float:
    start = time.perf_counter()
    for seed in range(games):
        random_game(sc, seed, explain=explain)
    return games / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--games", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3, help="best of R timings")
    args = parser.parse_args()
    base = min(baseline() for _ in range(args.repeat))
    print(f"baseline: 1,000,000 random.random() calls in {base * 1000:.1f} ms")
    print(f"{'scenario':<18} {'mode':<10} {'games/s':>9} {'ms/game':>9} {'game / baseline':>16}")
    for entry in bundled():
        sc = load(Path(entry.path))
        for explain in (False, True):
            rate = max(games_per_second(sc, args.games, explain=explain) for _ in range(args.repeat))
            per_game = 1 / rate
            mode = "explained" if explain else "no events"
            print(f"{entry.id:<18} {mode:<10} {rate:>9.0f} {per_game * 1000:>9.3f} {per_game / base:>16.4f}")


if __name__ == "__main__":
    main()
