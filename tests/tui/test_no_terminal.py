"""Without a terminal the full-screen game says to use --plain and exits 2, at once (it used to spin at 100 %
CPU until killed: Textual waited for keys that could never come)."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from game.tui import NO_TERMINAL, has_terminal

ROOT = Path(__file__).resolve().parents[2]


def test_piped_play_exits_with_usage_code() -> None:
    # The timeout only stops a hung test run; the assertions are on the exit code and the words.
    done = subprocess.run([sys.executable, "-m", "game", "play", "tutorial"], input="q\n", capture_output=True,
                          text=True, timeout=120, cwd=ROOT, check=False)
    assert done.returncode == 2
    assert done.stderr == NO_TERMINAL
    assert "ambassador play --plain" in done.stderr
    assert done.stdout == ""


def test_title_screen_without_terminal_too() -> None:
    done = subprocess.run([sys.executable, "-m", "game"], stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, timeout=120, cwd=ROOT, check=False)
    assert (done.returncode, done.stderr) == (2, NO_TERMINAL)


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_has_terminal_needs_both_streams() -> None:
    assert has_terminal(_Tty(), _Tty())
    assert not has_terminal(io.StringIO(), _Tty())
    assert not has_terminal(_Tty(), io.StringIO())
    closed = io.StringIO()
    closed.close()  # isatty() on a closed stream raises ValueError
    assert not has_terminal(closed, _Tty())
