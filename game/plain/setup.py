"""Starting the plain game: a new game from the command line's choices, or the autosave resumed (both through
``game.session``, as in the TUI)."""

from __future__ import annotations

import argparse
from typing import TextIO

from game.plain.play import EXIT_PROBLEMS, EXIT_USAGE
from game.scenario import ScenarioError, default_scenario_path, load, resolve
from game.session import NoSavedGame, Session, SessionError, Unreadable
from game.text import difficulty_problem


def new(args: argparse.Namespace, err: TextIO) -> Session | int:
    try:
        path = resolve(args.scenario) if args.scenario else default_scenario_path()
        scenario = load(path)
    except ScenarioError as exc:
        err.write(f"ambassador play: the scenario cannot be played:\n{exc}\n")
        return EXIT_USAGE if exc.unreadable else EXIT_PROBLEMS
    difficulty = args.difficulty or ""
    problem = difficulty_problem(scenario, difficulty)
    if problem is not None:
        err.write(f"ambassador play: {problem}\n")
        return EXIT_USAGE
    return Session.start(scenario, path, seed=args.seed, difficulty=difficulty, player=args.name or "",
                         record_path=args.record, reflect=bool(getattr(args, "reflect", False)))


def resume(args: argparse.Namespace, err: TextIO) -> Session | int:
    try:
        session = Session.resume(scenario=args.scenario or None, reflect=bool(getattr(args, "reflect", False)))
    except NoSavedGame as exc:
        err.write(f"ambassador play --resume: {exc}; start a new game with: ambassador play --plain\n")
        return EXIT_USAGE
    except Unreadable as exc:
        err.write(f"ambassador play --resume: {exc}; start a new game with: ambassador play --plain\n")
        return EXIT_USAGE
    except SessionError as exc:
        err.write(f"ambassador play --resume: {exc}\n")
        return EXIT_PROBLEMS
    if args.record is not None:
        session.record_path = args.record
    return session
