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


@pytest.mark.parametrize("args", [["--help"], ["validate", "scenarios/tutorial.toml"]],
                         ids=["help", "validate"])
def test_commands_never_load_textual(args: list[str]) -> None:
    """Checked twice: in sys.modules at exit, and in `python -X importtime`'s list of every import."""
    code = ("import sys, atexit\n"
            "atexit.register(lambda: sys.stderr.write('\\nTEXTUAL_LOADED=' + str(any(m == 'textual' or "
            "m.startswith('textual.') for m in sys.modules)) + '\\n'))\n"
            "from game.cli import main\n"
            f"sys.exit(main({args!r}))")
    proc = run("-c", code)
    assert proc.returncode == 0, proc.stderr
    assert "TEXTUAL_LOADED=False" in proc.stderr, proc.stderr

    timed = run("-X", "importtime", "-m", "game", *args)
    assert timed.returncode == 0, timed.stderr
    imported = [line.rsplit("|", 1)[-1].strip() for line in timed.stderr.splitlines()
                if line.startswith("import time:")]
    assert "game.cli" in imported, "python -X importtime printed no imports"
    textual = [name for name in imported if name == "textual" or name.startswith("textual.")]
    assert not textual, f"`ambassador {' '.join(args)}` imported {textual[:5]}"
