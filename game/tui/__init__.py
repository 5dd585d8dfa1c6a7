"""The Textual front end: the only package that imports textual.

``make_app`` builds the app (the command line, the tests and the benchmarks all use it); ``run`` is what
``ambassador`` and ``ambassador play`` call.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    import argparse

    from game.tui.app import AmbassadorApp

__all__ = ["NO_TERMINAL", "make_app", "run"]

#: What the full-screen game says, on standard error, when it has no terminal to draw on (exit code 2).
NO_TERMINAL = ("ambassador: the full-screen game needs a terminal (standard input and output are not one).\n"
               "Play line by line instead: ambassador play --plain\n")


def has_terminal(stdin: TextIO, stdout: TextIO) -> bool:
    """Whether both streams are a terminal. Without one Textual cannot read keys and would wait forever."""
    try:
        return stdin.isatty() and stdout.isatty()
    except (AttributeError, ValueError):  # a closed or replaced stream
        return False


def make_app(scenario: str | Path | None = None, *, seed: int | None = None, player: str = "",
             difficulty: str = "", record: Path | None = None, resume: bool = False, watch: bool = False,
             stamp: Callable[[], str] | None = None, blink: bool = True, reflect: bool = False) -> AmbassadorApp:
    """The app. With no arguments it opens at its title screen; with a scenario, at its new-game screen.

    ``stamp`` names the record file of a finished game (default: the local time); ``blink=False`` stops the
    cursor blinking, for snapshots.
    """
    from game.tui.app import AmbassadorApp

    return AmbassadorApp(scenario, seed=seed, player=player, difficulty=difficulty, record=record,
                         resume=resume, watch=watch, stamp=stamp, blink=blink, reflect=reflect)


def _default_scenario() -> Path | None:
    """game.scenario's choice of default; None (the title screen) when no bundled scenario exists."""
    from game.scenario import ScenarioError, default_scenario_path

    try:
        return default_scenario_path()
    except ScenarioError:
        return None


def _difficulty_problem(scenario: str | Path, given: str) -> str | None:
    """``game.text.difficulty_problem`` for ``--difficulty GIVEN``; None when the scenario does not load (the
    app lists its problems, as without the option)."""
    from game.scenario import ScenarioError, load, resolve
    from game.text import difficulty_problem

    try:
        return difficulty_problem(load(resolve(str(scenario))), given)
    except ScenarioError:
        return None


def run(args: argparse.Namespace | None) -> int:
    """``ambassador`` (title screen; ``args`` None) and ``ambassador play [SCENARIO]`` (new game) in the terminal
    app.

    Without a terminal (a pipe, a file, a CI job) it says to use ``--plain`` and returns 2 at once.
    """
    playing = getattr(args, "command", None) == "play"
    scenario: str | Path | None = getattr(args, "scenario", None)
    resume = bool(getattr(args, "resume", False))
    if playing and scenario is not None:
        from game.scenario import ScenarioError, readable

        try:  # a file that cannot be read is refused first, with the exit code of every command (2)
            readable(str(scenario))
        except ScenarioError as exc:
            if exc.unreadable:
                print(f"ambassador play: the scenario cannot be played:\n{exc}", file=sys.stderr)
                return 2
    if playing and scenario is None and not resume:
        scenario = _default_scenario()
    given = getattr(args, "difficulty", "") or ""
    if playing and not resume and given and scenario is not None:
        problem = _difficulty_problem(scenario, given)
        if problem is not None:  # said as plain, simulate and serve say it, before looking for a terminal
            print(f"ambassador play: {problem}", file=sys.stderr)
            return 2
    if not has_terminal(sys.stdin, sys.stdout):
        sys.stderr.write(NO_TERMINAL)
        return 2
    app = make_app(scenario, seed=getattr(args, "seed", None), player=getattr(args, "name", "") or "",
                   difficulty=given, record=getattr(args, "record", None),
                   resume=resume, watch=bool(getattr(args, "watch", False)),
                   reflect=bool(getattr(args, "reflect", False)))
    result = app.run()
    if app.farewell:
        with contextlib.suppress(OSError):  # the terminal may be gone (closed: the game was saved on SIGHUP)
            print(app.farewell)
    return int(result or 0)
