"""Startup of the terminal app: time from process start to the first interactive screen, and peak memory,
against a bare Textual app with a comparable number of widgets, measured in the same run.

    python benchmarks/startup.py [--runs N] [--modules]

Each run is a fresh process (headless, 80x24, an empty data folder: a first start, no autosave to read). A run
counts as ready when the app's first screen is mounted, laid out and waiting for keys (Textual's auto-pilot
hook); the child then reports its peak resident memory, the widgets on its screen and the modules loaded, and
exits. Printed as medians and as ratios to the bare app. Targets: 1.25x in time, 1.5x in memory.

The bare app is the title screen without the game, so the ratio is the price of the game's own code: the same
Textual features (a default screen returned by ``get_default_screen``, a screen and app bindings in the
footer, app CSS with the theme's variables, an OptionList of two two-line entries (a Group with Padding) and
four one-line ones, a banner Static of rich Text, a Footer) and the same number of widgets, printed beside the
times so a drift in either shows. ``--modules`` lists the modules the game loads before its first screen that
the bare app does not: the place to look when the ratio grows.
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
    from rich.console import Group
    from rich.padding import Padding
    from rich.text import Text
    from textual.app import App, ComposeResult
    from textual.binding import Binding
    from textual.screen import Screen
    from textual.widgets import Footer, OptionList, Static
    from textual.widgets.option_list import Option

    class Title(Screen[None]):
        BINDINGS = [Binding("q", "app.quit", "Quit")]

        def compose(self) -> ComposeResult:
            yield Static(Text.assemble(("A TITLE\n", "bold"), "A banner of two lines\nunder the title"),
                         id="banner")
            entries = [Option(Group(Text.assemble(("New game: ", "bold"), f"Scenario {k}"),
                                    Padding(Text(f"{k} months. A description of one line."), (0, 0, 0, 2))))
                       for k in range(2)]
            entries += [Option(Text.assemble((f"Entry {k}", "bold"))) for k in range(4)]
            yield OptionList(*entries, id="menu")
            yield Footer()

    class Bare(App[None]):
        CSS = """
        #banner { padding: 1 2; text-align: center; background: $boost; height: auto; }
        #menu { margin: 1 2; height: 1fr; }
        #menu > .option-list--option { padding: 0 1; }
        """
        BINDINGS = [Binding("question_mark,f1", "help", "Help"), Binding("g", "glossary", "Glossary"),
                    Binding("r", "reader", "Reader", show=False), Binding("f2", "theme", "Theme", show=False)]

        def get_default_screen(self) -> Screen[None]:
            return Title()

    return Bare()

async def auto_pilot(pilot: Pilot) -> None:
    await pilot.pause()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    widgets = len(list(pilot.app.screen.walk_children(with_self=True)))
    print(f"READY {peak} {widgets} {','.join(sorted(sys.modules))}", flush=True)
    pilot.app.exit()

ready_app().run(headless=True, size=(80, 24), auto_pilot=auto_pilot)
'''


def one_run(kind: str, env: dict[str, str]) -> tuple[float, int, int, list[str]]:
    """(seconds from process start to ready, peak RSS in KiB, widgets on the first screen, modules loaded)
    for one fresh process."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", CHILD, kind], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("READY"):
            elapsed = time.perf_counter() - start
            _, peak, widgets, modules = line.split(maxsplit=3)
            proc.wait(timeout=30)
            return elapsed, int(peak), int(widgets), modules.split(",")
    proc.wait(timeout=30)
    raise SystemExit(f"the {kind} app never became ready (exit {proc.returncode})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--modules", action="store_true", help="list the modules only the game loads, and stop")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "AMBASSADOR_HOME": home, "PYTHONPATH": str(ROOT)}
        bare = one_run("bare", env)  # warm the file cache and bytecode for both before measuring
        game = one_run("ambassador", env)
        if args.modules:
            extra = sorted(set(game[3]) - set(bare[3]))
            print(f"{len(extra)} modules loaded by the game and not by the bare app:")
            print("\n".join(f"  {name}" for name in extra))
            return 0
        results: dict[str, list[tuple[float, int, int, list[str]]]] = {"bare": [], "ambassador": []}
        for _ in range(args.runs):  # interleaved, so drift in the machine's load hits both alike
            for kind in results:
                results[kind].append(one_run(kind, env))
    med = {k: (statistics.median(r[0] for r in v), statistics.median(r[1] for r in v)) for k, v in results.items()}
    for kind, (secs, peak) in med.items():
        widgets, modules = results[kind][0][2], len(results[kind][0][3])
        print(f"{kind:>10}: ready in {secs * 1000:7.1f} ms (median of {args.runs}), peak memory {peak / 1024:6.1f} "
              f"MiB; {widgets} widgets, {modules} modules")
    t_ratio = med["ambassador"][0] / med["bare"][0]
    m_ratio = med["ambassador"][1] / med["bare"][1]
    print(f"     ratio: time {t_ratio:.2f}x (target 1.25x), memory {m_ratio:.2f}x (target 1.5x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
