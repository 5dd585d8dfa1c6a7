"""Start-up as people meet it: the real `ambassador` command in a pseudo-terminal, against a bare Textual app
started the same way, measured in the same run.

    python benchmarks/startup.py [--runs N]

Three measurements, each a fresh process, medians of N runs interleaved so that drift in the machine's load
hits both sides alike (the two sides of the title take turns at going first). A start on these machines varies
by a quarter from one run to the next, so the title's ratio is also given pair by pair (each run of the game
against the run of the bare app beside it): the median of those ratios, with the middle half of them, shows
how far the one number can be trusted:

* the title screen: `ambassador` (the installed console script, or ``python -m game`` where it is missing) in
  a pseudo-terminal of 80x24 with TERM=xterm-256color, until the title "AMBASSADOR" has been drawn; against a
  bare Textual app (a title screen of the same widgets: a banner Static, an OptionList of two two-line and four
  one-line entries, a Footer, app CSS and bindings) started by the same interpreter in the same kind of
  terminal, until its title has been drawn. Then the process is killed and its peak memory read. Target:
  1.10x in time.
* `ambassador --help` to its exit (output to a pipe); against the interpreter alone (``python -c pass``).
  Target: 50 ms.
* `ambassador validate scenarios/tutorial.toml` to its exit, against the same interpreter baseline.

An empty data folder is used (a first start: no autosave to read), and compiled bytecode for every module of
both sides, written by a first, unmeasured run of each (in a folder of the run's own, PYTHONPYCACHEPREFIX).
What each command imports is pinned by tests/test_import_hygiene.py; this script measures what the imports
cost.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import re
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

BARE = r'''
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
        yield Static(Text.assemble(("BARE TITLE\n", "bold"), "A banner of two lines\nunder the title"),
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


if __name__ == "__main__":
    Bare().run()
'''

#: Escape sequences (CSI, OSC, charset selection): removed before looking for the title in what was drawn.
_ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78]")


def _ambassador() -> list[str]:
    script = Path(sys.executable).parent / "ambassador"
    if script.is_file():
        return [str(script)]
    found = shutil.which("ambassador")
    return [found] if found else [sys.executable, "-m", "game"]


def in_terminal(argv: list[str], marker: bytes, env: dict[str, str],
                timeout: float = 60.0) -> tuple[float, int, float]:
    """(seconds from fork to the marker's being drawn, peak RSS in KiB, CPU seconds until it was killed just
    after) of ``argv`` in a new pseudo-terminal."""
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: a terminal of 80x24, then the command
        try:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
            os.chdir(ROOT)
            os.execvpe(argv[0], argv, env)  # noqa: S606 - the command under test, as a terminal starts it
        finally:
            os._exit(127)
    seen = b""
    elapsed: float | None = None
    try:
        while elapsed is None:
            left = start + timeout - time.perf_counter()
            ready, _, _ = select.select([fd], [], [], max(left, 0))
            if not ready:
                break
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            seen += chunk
            if marker in _ESCAPES.sub(b"", seen):
                elapsed = time.perf_counter() - start
    finally:
        with_exit = os.waitpid(pid, os.WNOHANG)[0] != 0
        if not with_exit:
            os.kill(pid, signal.SIGKILL)
        _, _, usage = os.wait4(pid, 0) if not with_exit else (0, 0, None)
        os.close(fd)
    if elapsed is None:
        text = _ESCAPES.sub(b"", seen).decode("utf-8", "replace")[-500:]
        raise SystemExit(f"{' '.join(argv)} never drew {marker.decode()!r} in {timeout:.0f} s; it showed:\n{text}")
    return elapsed, usage.ru_maxrss if usage is not None else 0, _cpu(usage)


def _cpu(usage: object) -> float:
    """A finished child's CPU seconds (user and system): on a shared machine the steadier measure, since the
    time to the title also holds the time the child waited for a core."""
    return float(getattr(usage, "ru_utime", 0.0) + getattr(usage, "ru_stime", 0.0))


def to_exit(argv: list[str], env: dict[str, str], timeout: float = 60.0) -> tuple[float, float]:
    """(seconds from start to exit, CPU seconds) of ``argv``. The wait blocks in the kernel
    (``subprocess.run(timeout=...)`` polls with sleeps doubling up to 50 ms, which rounded a 38 ms command up
    to about 64 ms); a timer kills a command that hangs."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    guard = threading.Timer(timeout, os.kill, (proc.pid, signal.SIGKILL))
    guard.start()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        guard.cancel()
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} exited with {proc.returncode}")
    return elapsed, _cpu(usage)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    command = _ambassador()
    with tempfile.TemporaryDirectory() as home:
        bare_path = Path(home) / "bare_app.py"
        bare_path.write_text(BARE, encoding="utf-8")
        # Bytecode as an installed game has it (pip compiles at install): PYTHONDONTWRITEBYTECODE, set in some
        # shells and CI images, would make every start of the game compile its own modules from source again
        # (about 20 ms of --help's 40), which the bare app, a small script over compiled packages, hardly pays.
        # The warm-up runs write the bytecode of both sides into a folder of this run (PYTHONPYCACHEPREFIX),
        # so the checkout is left as it was.
        env = {k: v for k, v in os.environ.items()
               if k not in ("COLUMNS", "LINES", "NO_COLOR", "PYTHONDONTWRITEBYTECODE")}
        env.update(AMBASSADOR_HOME=str(Path(home) / "data"), TERM="xterm-256color", PYTHONPATH=str(ROOT),
                   PYTHONPYCACHEPREFIX=str(Path(home) / "pycache"))
        sides: dict[str, tuple[list[str], bytes]] = {
            "bare app": ([sys.executable, str(bare_path)], b"BARE TITLE"),
            "ambassador": (command, b"AMBASSADOR"),
        }
        exits = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "--help": [*command, "--help"],
            "validate": [*command, "validate", "scenarios/tutorial.toml"],
        }
        for argv, marker in sides.values():  # warm the file cache and the bytecode of both before measuring
            in_terminal(argv, marker, env)
        for argv in exits.values():
            to_exit(argv, env)
        titles: dict[str, list[tuple[float, int, float]]] = {name: [] for name in sides}
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in exits}
        for run in range(args.runs):
            for name, (argv, marker) in sorted(sides.items(), reverse=run % 2 == 1):
                titles[name].append(in_terminal(argv, marker, env))
            for name, argv in exits.items():
                times[name].append(to_exit(argv, env))
    print(f"`{' '.join(command)}` against a bare Textual app, each in a pseudo-terminal of 80x24 "
          f"(median of {args.runs}):")
    med = {name: tuple(statistics.median(run[k] for run in runs) for k in range(3))
           for name, runs in titles.items()}
    for name, (secs, peak, cpu) in med.items():
        print(f"  {name:>12}: title drawn in {secs * 1000:6.1f} ms (CPU {cpu * 1000:6.1f} ms), "
              f"peak memory {peak / 1024:6.1f} MiB")
    ratio = med["ambassador"][0] / med["bare app"][0]
    cpu_ratio = med["ambassador"][2] / med["bare app"][2] if med["bare app"][2] else float("nan")
    memory = med["ambassador"][1] / med["bare app"][1] if med["bare app"][1] else float("nan")
    print(f"  {'ratio':>12}: time {ratio:.2f}x (target 1.10x), CPU {cpu_ratio:.2f}x, memory {memory:.2f}x")
    pairs = sorted(game[0] / bare[0] for game, bare in zip(titles["ambassador"], titles["bare app"], strict=True))
    low, _, high = statistics.quantiles(pairs, n=4) if len(pairs) > 1 else (pairs[0],) * 3
    print(f"  {'pair by pair':>12}: time {statistics.median(pairs):.2f}x, the middle half of the {len(pairs)} pairs "
          f"{low:.2f}x to {high:.2f}x")
    base, base_cpu = (statistics.median(run[k] for run in times["python -c pass"]) for k in range(2))
    print(f"Commands to their exit (median of {args.runs}), against the interpreter alone ({base * 1000:.1f} ms, "
          f"CPU {base_cpu * 1000:.1f} ms):")
    for name in ("--help", "validate"):
        secs, cpu = (statistics.median(run[k] for run in times[name]) for k in range(2))
        target = " (target 50 ms)" if name == "--help" else ""
        print(f"  {name:>12}: {secs * 1000:6.1f} ms{target}, {secs / base:.2f}x the interpreter, "
              f"{(secs - base) * 1000:6.1f} ms of the command's own; CPU {cpu * 1000:6.1f} ms, "
              f"{cpu / base_cpu:.2f}x the interpreter's")
    load = os.getloadavg()[0]
    if load > (os.cpu_count() or 1):
        print(f"The load average is {load:.1f} on {os.cpu_count()} cores: the times hold waits for a core; the CPU "
              "ratios are the steadier.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
