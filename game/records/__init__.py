"""Game records: every finished or saved game as a JSON file, written atomically, and their replay.

A record holds what is needed to play the game again (scenario id and file hash, seed, difficulty, every
month's choices) and what the game produced (per-month cohesion and a digest of every value, the ending and
the score). Replaying a record plays the choices through the engine and compares month by month, which is how
a teacher knows a record was neither edited nor made with another version of the scenario.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game import __version__
from game.engine import ENGINE_VERSION, GameState, IllegalActionError, Scenario, new_game, play_turn
from game.engine.state import TurnRecord
from game.errors import AmbassadorError
from game.paths import autosave_path, data_home, write_atomic

FORMAT = "ambassador-record"
FORMAT_VERSION = 1

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "Record",
    "RecordError",
    "ReplayResult",
    "TurnEntry",
    "autosave_path",
    "data_home",
    "default_record_path",
    "from_state",
    "parse",
    "read",
    "replay",
    "replay_command",
    "restore",
    "safe_name",
    "write_atomic",
    "write_record",
]


class RecordError(AmbassadorError, ValueError):
    """The file is unreadable or not a game record; the message says why."""


@dataclass(frozen=True)
class TurnEntry:
    turn: int
    choices: dict[str, str]
    initiatives: list[str]
    cohesion: float
    digest: str


@dataclass(frozen=True)
class Record:
    scenario_id: str
    scenario_sha256: str
    scenario_title: str
    seed: int
    difficulty: str
    player: str
    turns: list[TurnEntry]
    finished: bool
    ending: str | None = None
    score: int | None = None
    engine: str = ENGINE_VERSION
    game_version: str = __version__
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT, "version": FORMAT_VERSION, "engine": self.engine, "game_version": self.game_version,
            "scenario": {"id": self.scenario_id, "sha256": self.scenario_sha256, "title": self.scenario_title},
            "seed": self.seed, "difficulty": self.difficulty, "player": self.player,
            "turns": [{"turn": t.turn, "choices": t.choices, "initiatives": t.initiatives,
                       "cohesion": t.cohesion, "digest": t.digest} for t in self.turns],
            "finished": self.finished, "ending": self.ending, "score": self.score, **self.extra,
        }


def _digest(rec: TurnRecord) -> str:
    """A short hash of every number at the end of a month, rounded so it is the same on every machine."""
    parts = [f"{v:.6f}" for row in rec.values for v in row]
    parts += [f"{rec.climate:.6f}", f"{rec.capital:.6f}", f"{rec.economy:.6f}"]
    return hashlib.sha256(",".join(parts).encode()).hexdigest()[:16]


def from_state(state: GameState, player: str) -> Record:
    """The record of a game so far (finished or not)."""
    sc = state.scenario
    turns = [TurnEntry(h.turn, dict(h.choices), list(h.initiatives), round(h.cohesion, 4), _digest(h))
             for h in state.history]
    return Record(sc.id, sc.sha256, sc.title, state.seed, state.difficulty, player, turns, state.over,
                  state.ending, state.score)


def write_record(path: Path, record: Record) -> None:
    write_atomic(path, json.dumps(record.to_json(), indent=2, ensure_ascii=False) + "\n")


def _need(obj: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str = "") -> Any:
    value = obj.get(key)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise RecordError(f"{where}{key}: missing or of the wrong type")
    return value


def parse(data: Any) -> Record:
    """A Record from decoded JSON, or RecordError naming the first thing wrong."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise RecordError("not an Ambassador game record (no \"format\": \"ambassador-record\")")
    version = data.get("version")
    if version != FORMAT_VERSION:
        raise RecordError(f"record format version {version!r} is not supported (this game reads "
                          f"version {FORMAT_VERSION})")
    scen = _need(data, "scenario", dict)
    turns = []
    for k, t in enumerate(_need(data, "turns", list)):
        where = f"turns[{k}]."
        if not isinstance(t, dict):
            raise RecordError(f"turns[{k}]: not an object")
        choices = _need(t, "choices", dict, where)
        if not all(isinstance(a, str) and isinstance(b, str) for a, b in choices.items()):
            raise RecordError(f"{where}choices: every choice must map a card to a response id")
        inits = _need(t, "initiatives", list, where)
        if not all(isinstance(i, str) for i in inits):
            raise RecordError(f"{where}initiatives: must be a list of ids")
        cohesion = _need(t, "cohesion", (int, float), where)
        turns.append(TurnEntry(_need(t, "turn", int, where), choices, inits, float(cohesion),
                               _need(t, "digest", str, where)))
    ending = data.get("ending")
    score = data.get("score")
    known = {"format", "version", "engine", "game_version", "scenario", "seed", "difficulty", "player", "turns",
             "finished", "ending", "score"}
    return Record(
        scenario_id=_need(scen, "id", str, "scenario."), scenario_sha256=_need(scen, "sha256", str, "scenario."),
        scenario_title=str(scen.get("title", "")), seed=_need(data, "seed", int),
        difficulty=str(data.get("difficulty") or ""), player=str(data.get("player") or ""), turns=turns,
        finished=bool(data.get("finished")), ending=ending if isinstance(ending, str) else None,
        score=score if isinstance(score, int) and not isinstance(score, bool) else None,
        engine=str(data.get("engine", "")), game_version=str(data.get("game_version", "")),
        extra={k: v for k, v in data.items() if k not in known})


def read(path: Path) -> Record:
    """Read a record file, or raise RecordError (unreadable, not JSON, not a record)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RecordError(f"cannot read {path}: {exc.strerror or exc}") from None
    if len(raw) > 16 * 1024 * 1024:
        raise RecordError(f"{path} is too large to be a game record")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RecordError(f"{path} is not JSON: {exc}") from None
    return parse(data)


@dataclass(frozen=True)
class ReplayResult:
    """Whether a record replays to the same game; ``turn`` and ``reason`` name the first difference."""

    ok: bool
    turns: int
    turn: int | None = None
    reason: str = ""
    state: GameState | None = None


def _steps(scenario: Scenario, record: Record) -> Iterator[tuple[TurnEntry, GameState | None, str]]:
    state = new_game(scenario, record.seed, record.difficulty)
    for entry in record.turns:
        if state.over:
            yield entry, None, "the record has more months than the game"
            return
        if entry.turn != state.turn:
            yield entry, None, f"expected month {state.turn}, the record says {entry.turn}"
            return
        try:
            state, _ = play_turn(state, entry.choices, entry.initiatives, explain=False)
        except IllegalActionError as exc:
            yield entry, None, f"a choice is not legal: {exc}"
            return
        yield entry, state, ""


def replay(scenario: Scenario, record: Record) -> ReplayResult:
    """Play the record's choices again and compare every month with what the record says."""
    if record.scenario_id != scenario.id:
        return ReplayResult(False, 0, None, f"the record is of scenario {record.scenario_id!r}, not "
                                            f"{scenario.id!r}")
    if record.difficulty and not scenario.has("difficulties", record.difficulty):
        return ReplayResult(False, 0, None, f"the scenario has no difficulty {record.difficulty!r}")
    state: GameState | None = None
    count = 0
    for entry, after, problem in _steps(scenario, record):
        if after is None:
            return ReplayResult(False, count, entry.turn, problem)
        hist = after.history[-1]
        if round(hist.cohesion, 4) != entry.cohesion or _digest(hist) != entry.digest:
            why = "the numbers differ" + (" (the record was made with another version of the scenario)"
                                          if record.scenario_sha256 != scenario.sha256 else
                                          " (the record was edited)")
            return ReplayResult(False, count, entry.turn, why)
        state = after
        count += 1
    if state is None:
        state = new_game(scenario, record.seed, record.difficulty)
    if record.finished:
        if not state.over:
            return ReplayResult(False, count, count + 1, "the record says the game finished, but months are "
                                                          "missing")
        if state.ending != record.ending or state.score != record.score:
            return ReplayResult(False, count, state.turn, f"the ending or score differs: the record says "
                                f"{record.ending} {record.score}, the replay gives {state.ending} {state.score}")
    return ReplayResult(True, count, state=state)


def restore(scenario: Scenario, record: Record) -> GameState:
    """The game state a saved record leads to (for resuming), or RecordError if it does not replay."""
    result = replay(scenario, record)
    if not result.ok or result.state is None:
        raise RecordError(f"the saved game does not replay: month {result.turn}: {result.reason}")
    return result.state


# --- where things are kept (data_home and autosave_path come from game.paths) ----------------------------

def safe_name(name: str) -> str:
    """A player name made safe for a file name: letters, digits, '-' and '_' only, at most 40 characters."""
    cleaned = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in name.strip())[:40].strip("-")
    return cleaned or "player"


def default_record_path(record: Record, stamp: str) -> Path:
    """records/<scenario>-<seed>-<player>-<stamp>.json in the data folder; ``stamp`` makes it unique."""
    return data_home() / "records" / f"{record.scenario_id}-{record.seed}-{safe_name(record.player)}-{stamp}.json"


def replay_command(path: Path | str, scenario: Scenario) -> str:
    """The command that checks a record, as the end of a game prints it: a scenario that is not one of the
    bundled ones is named with --scenario, since a record never names a file to open."""
    import shlex

    from game.scenario.catalog import bundled_dir

    command = f"ambassador replay {shlex.quote(str(path))}"
    file = Path(scenario.file).resolve()
    if file.parent != bundled_dir().resolve():
        command += f" --scenario {shlex.quote(str(file))}"
    return command
