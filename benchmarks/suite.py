"""How long the README's test command takes here: the whole suite, wall and CPU, run after run.

The target (issue 13): `pytest`, as the README gives it, runs the whole suite in 90 seconds or less on a
2-core machine. This runs that command ``--repeat`` times (default 3) from the repository's root and prints,
for each run, the wall time, the CPU time of the processes it started (user + system, every worker and
subprocess that was waited for; Chromium's renderers are not, so they are missing), and the baseline R
(1,000,000 calls of ``random.random()``) timed right before and right after, so that a slow spell of the
machine shows; then the median of the runs.

Two things this machine decides, printed at the top: the cores this process may use (the suite runs two
pytest-xdist workers more than that), and whether ``PYTHONDONTWRITEBYTECODE`` is set (then every worker and
every subprocess compiles every module of the checkout again; on 1,120 tests the difference was within the
noise: 111 against 119 CPU-seconds, medians of three runs each).

    python benchmarks/suite.py                 # three runs
    python benchmarks/suite.py --repeat 5 -- -m "not slow"   # arguments after -- go to pytest
"""

from __future__ import annotations

import argparse
import os
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from simulate import baseline  # the same R as every other benchmark

ROOT = Path(__file__).resolve().parents[1]


def children_cpu() -> float:
    """CPU seconds (user + system) of every child process waited for so far, theirs included."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of the suite (default 3)")
    parser.add_argument("pytest_args", nargs="*", help="after --: more arguments for pytest")
    args = parser.parse_args()
    pytest = shutil.which("pytest") or "pytest"
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    bytecode = "set" if os.environ.get("PYTHONDONTWRITEBYTECODE") else "not set"
    print(f"command: {shlex.join(['pytest', *args.pytest_args])} (in {ROOT})")
    print(f"cores: {cores}; PYTHONDONTWRITEBYTECODE {bytecode}")
    print(f"{'run':>3} {'result':>8} {'wall s':>8} {'CPU s':>8} {'R before ms':>12} {'R after ms':>11}")
    walls: list[float] = []
    cpus: list[float] = []
    failed = 0
    for run in range(1, args.repeat + 1):
        before = baseline(1)
        cpu, start = children_cpu(), time.perf_counter()
        code = subprocess.run([pytest, *args.pytest_args], cwd=ROOT, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, check=False).returncode
        wall, cpu = time.perf_counter() - start, children_cpu() - cpu
        after = baseline(1)
        failed += code != 0
        walls.append(wall)
        cpus.append(cpu)
        result = "passed" if code == 0 else f"exit {code}"
        print(f"{run:>3} {result:>8} {wall:8.1f} {cpu:8.1f} {before * 1000:12.1f} {after * 1000:11.1f}", flush=True)
    print(f"median: {statistics.median(walls):.1f} s wall, {statistics.median(cpus):.1f} s CPU "
          f"(target: 90 s wall on 2 cores)")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
