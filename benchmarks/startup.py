"""Startup of the terminal app: time from process start to the first interactive screen, and peak memory,
against a bare Textual app with a comparable number of widgets, measured in the same run.

    python benchmarks/startup.py [--runs N]

Each run is a fresh process (headless, 80x24). A run counts as ready when the app's first screen is mounted,
laid out and waiting for keys (Textual's auto-pilot hook); the child then reports its peak resident memory and
exits. Printed as medians and as ratios to the bare app. Targets: 1.25x in time, 1.5x in memory.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r'''
import resource, sys
from textual.pilot import Pilot

def ready_app():
    if sys.argv[1] == "ambassador":
        from game.tui import make_app
        return make_app()
    from textual.app import App, ComposeResult
    from textual.binding import Binding
    from textual.widgets import Footer, OptionList, Static

    class Bare(App[None]):
        BINDINGS = [Binding("q", "quit", "Quit"), Binding("question_mark", "help", "Help"),
                    Binding("g", "glossary", "Glossary")]

        def compose(self) -> ComposeResult:
            yield Static("A title banner\nwith two lines")
            yield OptionList(*[f"Entry {k}\n  with a second line" for k in range(6)])
            yield Footer()

    return Bare()

async def auto_pilot(pilot: Pilot) -> None:
    await pilot.pause()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"READY {peak}", flush=True)
    pilot.app.exit()

ready_app().run(headless=True, size=(80, 24), auto_pilot=auto_pilot)
'''


def one_run(kind: str, env: dict[str, str]) -> tuple[float, int]:
    """(seconds from process start to ready, peak RSS in KiB) for one fresh process."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", CHILD, kind], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("READY"):
            elapsed = time.perf_counter() - start
            peak = int(line.split()[1])
            proc.wait(timeout=30)
            return elapsed, peak
    proc.wait(timeout=30)
    raise SystemExit(f"the {kind} app never became ready (exit {proc.returncode})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "AMBASSADOR_HOME": home, "PYTHONPATH": str(ROOT)}
        one_run("bare", env)  # warm the file cache and bytecode for both before measuring
        one_run("ambassador", env)
        results: dict[str, list[tuple[float, int]]] = {"bare": [], "ambassador": []}
        for _ in range(args.runs):  # interleaved, so drift in the machine's load hits both alike
            for kind in results:
                results[kind].append(one_run(kind, env))
    med = {k: (statistics.median(t for t, _ in v), statistics.median(m for _, m in v)) for k, v in results.items()}
    for kind, (secs, peak) in med.items():
        print(f"{kind:>10}: ready in {secs * 1000:7.1f} ms (median of {args.runs}), peak memory {peak / 1024:6.1f} MiB")
    t_ratio = med["ambassador"][0] / med["bare"][0]
    m_ratio = med["ambassador"][1] / med["bare"][1]
    print(f"     ratio: time {t_ratio:.2f}x (target 1.25x), memory {m_ratio:.2f}x (target 1.5x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
