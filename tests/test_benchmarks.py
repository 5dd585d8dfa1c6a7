"""The benchmark scripts run: a script that rots measures nothing (issue 13's numbers come from them)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_simulate_times_only_the_policies_asked_for() -> None:
    """`benchmarks/simulate.py --policy random`: the random policy's two lines (four chunks as one block, and
    one chunk, as the default `simulate` plays it) and no other policy's; `--memory-games 0`: no memory run."""
    out = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "simulate.py"), "--scenario",
         str(ROOT / "scenarios" / "tutorial.toml"), "--policy", "random", "--memory-games", "0", "--quick",
         "--repeat", "1"],
        capture_output=True, text=True, timeout=120, check=True).stdout
    rows = [line.split() for line in out.splitlines()[3:]]
    assert [row[:2] for row in rows] == [["tutorial", "random"], ["(one", "chunk)"]], out
    assert all(float(row[4]) > 0 for row in rows) and "memory:" not in out  # each row's ratio to the baseline
