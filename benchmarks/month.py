"""The month's speed as people meet it: one explained month, `compare` of a class's records, and the default
`ambassador simulate`, each against a baseline timed in the same run.

The baseline R is 1,000,000 calls of random.random() in a Python loop (the best of three); the machine is
noisy, so the ratios are what compare across machines. Every time is CPU time (``time.process_time``; for the
command, its processes' CPU time from ``getrusage``), so that other work on a shared machine disturbs it less
than wall time; the command's wall time is printed too, and its CPU time divided by the cores it may use
(``os.cpu_count()``, at most 2) is what it would take on that many idle cores. Targets (issue 13):

- resolving one explained month of the main scenario (``play_turn(..., explain=True)``, as the TUI and the
  plain game do at the end of a month): at most 20 ms;
- ``compare`` of 1,000 main-scenario records (read from files, each replayed and verified): at most 1 s;
- the default ``ambassador simulate scenarios/directive-1980.toml`` (wall time of the command, on the cores
  the machine has): at most 4 s on 2 cores.

The random policy in blocks and the strong policy per game are measured by benchmarks/simulate.py.

    python benchmarks/month.py [--records N] [--months N] [--skip-simulate]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from game.engine import GameState, new_game, play_turn  # noqa: E402
from game.engine.data import Scenario  # noqa: E402
from game.records import from_state, write_record  # noqa: E402
from game.records.compare import compare  # noqa: E402
from game.scenario import load  # noqa: E402
from game.sim.policies import plan_random  # noqa: E402

MAIN = ROOT / "scenarios" / "directive-1980.toml"


def baseline() -> float:
    rnd = random.random
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        for _ in range(1_000_000):
            rnd()
        best = min(best, time.process_time() - start)
    return best


def explained_month(sc: Scenario, months: int) -> float:
    """Seconds per explained month, over months of random games (the plan is made before the clock starts)."""
    total = 0.0
    done = 0
    seed = 0
    while done < months:
        state = new_game(sc, seed)
        seed += 1
        while not state.over and done < months:
            plan = plan_random(state)
            start = time.process_time()
            state, _ = play_turn(state, *plan, explain=True)
            total += time.process_time() - start
            done += 1
    return total / months


def finished_game(sc: Scenario, seed: int) -> GameState:
    state = new_game(sc, seed)
    while not state.over:
        state, _ = play_turn(state, *plan_random(state), explain=False)
    return state


def compare_records(sc: Scenario, records: int) -> float:
    """Seconds for ``compare`` of ``records`` record files of random games (written before the clock starts)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for k in range(records):
            write_record(folder / f"r{k:05d}.json", from_state(finished_game(sc, 1000 + k), f"student {k}"))
        start = time.process_time()
        result = compare([folder], lambda _id, _sha: sc)
        took = time.process_time() - start
        assert len(result.players) == records and not result.rejected
    return took


def simulate_command() -> tuple[float, float]:
    """Wall seconds and CPU seconds (of all its processes) of the default `ambassador simulate` on the main
    scenario, output thrown away."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "XDG_DATA_HOME": tmp, "NO_COLOR": "1"}
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "game", "simulate", str(MAIN)], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        return wall, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--months", type=int, default=120)
    parser.add_argument("--skip-simulate", action="store_true")
    args = parser.parse_args()
    sc = load(MAIN)
    base = baseline()
    print(f"baseline R: 1,000,000 random.random() calls take {base * 1000:.1f} ms (best of 3)")
    t = explained_month(sc, args.months)
    print(f"explained month ({sc.id}): {t * 1000:8.2f} ms   {t / base:7.3f} R   target 20 ms")
    t = compare_records(sc, args.records)
    print(f"compare {args.records:,} records:      {t:8.2f} s    {t / base:7.3f} R   target 1 s")
    if not args.skip_simulate:
        wall, cpu = simulate_command()
        cores = min(os.cpu_count() or 1, 2)
        t = cpu / cores
        print(f"ambassador simulate (default): {cpu:6.2f} s CPU, so {t:6.2f} s on {cores} idle cores "
              f"{t / base:7.3f} R   target 4 s on 2 cores   (wall here: {wall:.2f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
