"""Ctrl+C stops `ambassador simulate` while its worker processes are playing: exit 130, 'interrupted', no
traceback. It did not: the interrupted parent waited for every game still queued (minutes for --games
10000000), and the workers, each interrupted in its chunk, went on with the next one; interrupted while it
was handing the games to the workers, it could wait forever."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@contextlib.contextmanager
def _as_a_terminal_starts_it() -> Iterator[None]:
    """Processes started meanwhile get SIGINT as a terminal's shell gives it to a command: not ignored, even when
    this test run was started with it ignored (``nohup pytest &``, a script's background job): an ignored signal
    stays ignored in every process started after it, so the command would never see Ctrl+C. A handler of this
    process's own is reset to the default in the new program."""
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, before)


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(c) for c in path.read_text().split()] if path.exists() else []


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc to see the worker processes")
@pytest.mark.parametrize("group", [True, False], ids=["ctrl-c-in-a-terminal", "sigint-to-the-command-alone"])
def test_ctrl_c_stops_simulate_with_workers(group: bool, tmp_path: Path) -> None:
    """A terminal's Ctrl+C interrupts the whole process group (the command and its workers); `kill -INT PID`
    the command alone. Either way it stops within seconds, where the whole batch would take minutes."""
    env = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path), "PYTHONUNBUFFERED": "1"}
    with _as_a_terminal_starts_it():
        proc = subprocess.Popen([sys.executable, "-m", "game", "simulate", "tutorial", "--policy", "random",
                                 "--games", "10000000", "--jobs", "2"], cwd=ROOT, env=env, start_new_session=True,
                                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while len(_children(proc.pid)) < 2:  # both workers started (they start playing at once)
            assert proc.poll() is None and time.monotonic() < deadline, "the workers never started"
            time.sleep(0.05)
        if group:
            os.killpg(proc.pid, signal.SIGINT)
        else:
            os.kill(proc.pid, signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
    assert (proc.returncode, out) == (130, "")
    assert err.strip() == "interrupted" and "Traceback" not in err
