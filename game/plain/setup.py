"""Starting the plain game: a new game from the command line's choices, or the autosave resumed."""

from __future__ import annotations

import argparse
import contextlib
from pathlib import Path
from typing import TextIO

from game.engine import GameState, IllegalActionError, Launch, Respond, Scenario, apply, new_game, play_turn
from game.plain.play import EXIT_PROBLEMS, EXIT_USAGE, Setup
from game.records import Record, RecordError, autosave_path, read, restore
from game.scenario import ScenarioError, default_scenario_path, load, resolve


def new(args: argparse.Namespace, err: TextIO) -> Setup | int:
    try:
        path = resolve(args.scenario) if args.scenario else default_scenario_path()
        scenario = load(path)
    except ScenarioError as exc:
        err.write(f"ambassador play: the scenario cannot be played:\n{exc}\n")
        return EXIT_USAGE if exc.unreadable else EXIT_PROBLEMS
    difficulty = args.difficulty or ""
    if difficulty and not scenario.has("difficulties", difficulty):
        known = ", ".join(d.id for d in scenario.difficulties) or "none"
        err.write(f"ambassador play: {scenario.id} has no difficulty {difficulty!r} (it has: {known})\n")
        return EXIT_USAGE
    state = new_game(scenario, args.seed, difficulty)
    return Setup(scenario, path, state, None, args.name or "", args.record, resumed=False,
                 reflect=bool(getattr(args, "reflect", False)))


def resume(args: argparse.Namespace, err: TextIO) -> Setup | int:
    path = autosave_path()
    if not path.is_file():
        err.write(f"ambassador play --resume: there is no saved game (looked for {path}).\n")
        return EXIT_USAGE
    try:
        record = read(path)
    except RecordError as exc:
        err.write(f"ambassador play --resume: the saved game cannot be read: {exc}\n")
        return EXIT_USAGE
    info = record.extra.get("resume")
    info = info if isinstance(info, dict) else {}
    saved_path = info.get("scenario_path")
    try:
        if args.scenario:
            scenario_path = resolve(args.scenario)
        elif isinstance(saved_path, str) and Path(saved_path).is_file():
            scenario_path = Path(saved_path)
        else:
            scenario_path = resolve(record.scenario_id)
        scenario = load(scenario_path)
    except ScenarioError as exc:
        err.write(f"ambassador play --resume: the saved game's scenario cannot be loaded:\n{exc}\n")
        return EXIT_USAGE if exc.unreadable else EXIT_PROBLEMS
    try:
        restore(scenario, record)  # checks every month against the record
    except RecordError as exc:
        err.write(f"ambassador play --resume: {exc}\n")
        return EXIT_PROBLEMS
    previous, state = rebuild(scenario, record)
    if info.get("month") == state.turn:
        state = reapply(state, info.get("choices"), info.get("initiatives"))
    record_path = args.record
    if record_path is None and isinstance(info.get("record_path"), str):
        record_path = Path(info["record_path"])
    reflect = bool(getattr(args, "reflect", False)) or info.get("reflect") is True
    return Setup(scenario, scenario_path, state, previous, record.player, record_path, resumed=True,
                 reflect=reflect, reflections=dict(record.reflections()))


def rebuild(scenario: Scenario, record: Record) -> tuple[GameState | None, GameState]:
    """Play a record's months again with events on, so the resumed month has its briefing and trends."""
    previous: GameState | None = None
    state = new_game(scenario, record.seed, record.difficulty)
    for entry in record.turns:
        previous = state
        state, _ = play_turn(state, entry.choices, entry.initiatives)
    return previous, state


def reapply(state: GameState, choices: object, initiatives: object) -> GameState:
    """Put back the answers given before the game was saved mid-month (those still legal)."""
    if isinstance(choices, dict):
        for uid, rid in choices.items():
            if isinstance(uid, str) and isinstance(rid, str):
                with contextlib.suppress(IllegalActionError):
                    state, _ = apply(state, Respond(uid, rid))
    if isinstance(initiatives, list):
        for iid in initiatives:
            if isinstance(iid, str):
                with contextlib.suppress(IllegalActionError):
                    state, _ = apply(state, Launch(iid))
    return state

