"""The benchmark scripts run: a script that rots measures nothing (issue 13's numbers come from them)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_simulate_times_only_the_policies_asked_for() -> None:
    """`benchmarks/simulate.py --policy random --policy ignore`: each policy's three lines (four chunks as one
    block; one chunk, as the default `simulate` plays it; and the keying of that chunk's streams alone) and no
    other policy's; `--memory-games 0`: no memory run."""
    out = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "simulate.py"), "--scenario",
         str(ROOT / "scenarios" / "tutorial.toml"), "--policy", "random", "--policy", "ignore", "--memory-games",
         "0", "--quick", "--repeat", "1"],
        capture_output=True, text=True, timeout=120, check=True).stdout
    rows = [line.split() for line in out.splitlines()[3:]]
    assert [row[:2] for row in rows] == [["tutorial", "random"], ["(one", "chunk)"], ["(its", "keys)"],
                                         ["tutorial", "ignore"], ["(one", "chunk)"], ["(its", "keys)"]], out
    # Worked out by hand: the tutorial's 4 posts draw every month for 3 months, one outreach stream each (12); the
    # random policy adds one stream per month at each of the 3 posts where the player acts (9), and at most one a
    # month for its initiative draw, keyed only in games that can afford one (0 to 3).
    random_keys, ignore_keys = float(rows[2][2]), float(rows[5][2])
    assert ignore_keys == 12 and 21 <= random_keys <= 24, out
    assert all(float(row[-1]) > 0 for row in rows) and "memory:" not in out  # each row's ratio to the baseline
