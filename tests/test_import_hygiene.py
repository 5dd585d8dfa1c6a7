"""The headless packages and commands never load textual (the TUI is the only package that may)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
HEADLESS = ["game.engine", "game.scenario", "game.records"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env=ENV)


@pytest.mark.parametrize("module", HEADLESS)
def test_importing_a_headless_package_never_loads_textual(module: str) -> None:
    code = (f"import sys, {module}\n"
            "loaded = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
            "print(','.join(loaded))")
    proc = run("-c", code)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "", f"importing {module} loaded {proc.stdout.strip()}"


#: Each command, what it reads on stdin, and the packages it must not load. Building the command line loads
#: neither the engine nor numpy nor pydantic, so `--help` starts at once (nor even pathlib or typing: argparse
#: and what it needs, benchmarks/startup.py measures it); only `simulate` needs numpy. The listing builds no
#: command's arguments (those of serve and simulate would load game.classroom and game.sim.builtin). The title
#: screen, with nothing to parse, loads no argparse, nor json (no settings saved yet) nor importlib.resources,
#: nor the help and the dialogs (game.tui.dialogs: each screen class Textual builds costs the start about 2M
#: instructions).
COMMANDS: list[tuple[str, list[str], str, list[str]]] = [
    ("help", ["--help"], "", ["numpy", "pydantic", "game.engine", "game.sim.policies", "textual", "pathlib",
                              "typing", "game.records", "game.scenario", "game.session", "game.classroom",
                              "game.sim.builtin"]),
    ("simulate-help", ["simulate", "--help"], "", ["numpy", "pydantic", "game.engine", "textual"]),
    ("validate", ["validate", "scenarios/tutorial.toml"], "", ["numpy", "textual"]),
    ("play-plain", ["play", "tutorial", "--plain", "--seed", "3"], "q\n", ["numpy", "textual"]),
    ("tui-title", [], "", ["numpy", "pydantic", "game.engine", "argparse", "json", "importlib.resources",
                           "game.tui.dialogs"]),
    ("tui-play", ["play", "tutorial"], "", ["numpy"]),
]

#: The TUI runs headless in the child, as if on a terminal, leaving as soon as its first screen is drawn.
_HEADLESS = """
import game.tui
game.tui.has_terminal = lambda stdin, stdout: True
from textual.app import App
_run = App.run
async def _leave(pilot):
    await pilot.pause()
    pilot.app.exit()
App.run = lambda self, *a, **k: _run(self, headless=True, size=(80, 24), auto_pilot=_leave)
"""


@pytest.mark.parametrize(("args", "stdin", "forbidden"), [c[1:] for c in COMMANDS], ids=[c[0] for c in COMMANDS])
def test_the_command_line_loads_only_what_the_command_needs(args: list[str], stdin: str, forbidden: list[str],
                                                             tmp_path: Path) -> None:
    """`ambassador ARGS` as the console script runs it (game.cli.main), then every loaded module is listed: those
    in sys.modules at exit, and every import `python -X importtime` saw, so that a module loaded and dropped
    again is seen too."""
    tui = not args or (args[0] == "play" and "--plain" not in args)
    code = ("import sys, atexit\n"
            "atexit.register(lambda: sys.stderr.write('\\nLOADED=' + ','.join(sorted(sys.modules)) + '\\n'))\n"
            + (_HEADLESS if tui else "")
            + f"from game.cli import main\nsys.exit(main({args!r}))\n")
    proc = subprocess.run([sys.executable, "-X", "importtime", "-c", code], cwd=ROOT, input=stdin,
                          capture_output=True, text=True, timeout=120, env={**ENV, "AMBASSADOR_HOME": str(tmp_path)})
    assert proc.returncode == 0, proc.stderr
    imported = [line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines()
                if line.startswith("import time:")]
    assert "game.cli" in imported, "python -X importtime printed no imports"
    loaded = proc.stderr.rsplit("LOADED=", 1)[-1].strip().split(",")
    assert "game.cli" in loaded, proc.stderr
    loaded = sorted({*loaded, *imported})
    assert ("game.tui.app" in loaded) == tui, "the TUI started" if not tui else "the TUI did not start"
    found = sorted(m for m in loaded if any(m == f or m.startswith(f + ".") for f in forbidden))
    assert not found, f"`ambassador {' '.join(args)}` loaded {found[:8]}"
