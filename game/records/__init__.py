"""Game records: every finished or saved game as a JSON file, written atomically, and their replay.

A record holds what is needed to play the game again (scenario id and file hash, seed, difficulty, every
month's choices) and what the game produced (per-month cohesion and a digest of every value, the ending and
the score). Replaying a record plays the choices through the engine and compares month by month, which is how
a teacher knows a record was neither edited nor made with another version of the scenario.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import itertools
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from game import __version__
from game.engine import ENGINE_VERSION, GameState, IllegalActionError, Scenario, new_game, play_turn
from game.engine.rng import SEED_MAX, seed_problem
from game.engine.state import TurnRecord
from game.errors import AmbassadorError
from game.files import FileRefused, read_bytes, shown
from game.paths import autosave_path, data_home, write_atomic, write_new

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
    "clean_line",
    "clean_reflection",
    "data_home",
    "default_record_path",
    "from_state",
    "loads",
    "parse",
    "read",
    "replay",
    "replay_command",
    "replay_many",
    "restore",
    "safe_name",
    "write_atomic",
    "write_new_record",
    "write_record",
]


class RecordError(AmbassadorError, ValueError):
    """The file is unreadable or not a game record; the message says why."""


#: The longest reflection kept (characters); a student writes one line a month.
REFLECTION_MAX = 500


@dataclass(frozen=True)
class TurnEntry:
    turn: int
    choices: dict[str, str]
    initiatives: list[str]
    cohesion: float
    digest: str
    reflection: str = ""  # the student's optional line on why they chose as they did (not replayed)


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
    #: The seal read from a file ("" when it had none); None for a record the game made, sealed when written.
    seal: str | None = field(default=None, compare=False)

    @property
    def sealed(self) -> bool:
        """The player's name and the game are as the game wrote them (see ``_seal``)."""
        return self.seal is None or hmac.compare_digest(self.seal, _seal(self))

    def reflections(self) -> list[tuple[int, str]]:
        """The student's reflections, as (month number, line), in month order."""
        return [(t.turn, t.reflection) for t in self.turns if t.reflection]

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT, "version": FORMAT_VERSION, "engine": self.engine, "game_version": self.game_version,
            "scenario": {"id": self.scenario_id, "sha256": self.scenario_sha256, "title": self.scenario_title},
            "seed": self.seed, "difficulty": self.difficulty, "player": self.player,
            "turns": [{"turn": t.turn, "choices": t.choices, "initiatives": t.initiatives,
                       "cohesion": t.cohesion, "digest": t.digest,
                       **({"reflection": t.reflection} if t.reflection else {})} for t in self.turns],
            "finished": self.finished, "ending": self.ending, "score": self.score,
            "seal": _seal(self) if self.seal is None else self.seal, **self.extra,
        }


def _digest(rec: TurnRecord) -> str:
    """A short hash of every number at the end of a month, rounded so it is the same on every machine."""
    numbers = (*itertools.chain.from_iterable(rec.values), rec.climate, rec.capital, rec.economy)
    return hashlib.sha256((_numbers(len(numbers)) % numbers).encode()).hexdigest()[:16]


@functools.cache
def _numbers(count: int) -> str:
    """The digest's text of ``count`` numbers, as one format: each with six decimals, separated by commas."""
    return ",".join(["%.6f"] * count)


def clean_line(text: str) -> str:
    """A line a person typed (a name, a reflection) as it is kept: one line, no control characters (no terminal
    escapes) and no byte the terminal could not decode (a lone surrogate, which no file can hold), each such
    character a space; spaces run together."""
    line = "".join(ch if ch.isprintable() else " " for ch in text)
    return " ".join(line.split())


def clean_reflection(text: str) -> str:
    """A reflection as it is kept: ``clean_line``, at most REFLECTION_MAX characters."""
    return clean_line(text)[:REFLECTION_MAX]


def from_state(state: GameState, player: str, reflections: Mapping[int, str] | None = None) -> Record:
    """The record of a game so far (finished or not); ``reflections`` are the student's lines by month."""
    sc = state.scenario
    notes = reflections or {}
    turns = [TurnEntry(h.turn, dict(h.choices), list(h.initiatives), round(h.cohesion, 4), _digest(h),
                       clean_reflection(notes.get(h.turn, ""))) for h in state.history]
    return Record(sc.id, sc.sha256, sc.title, state.seed, state.difficulty, player, turns, state.over,
                  state.ending, state.score)


def write_record(path: Path, record: Record) -> None:
    write_atomic(path, _text(record))


def write_new_record(path: Path, record: Record) -> Path:
    """Write a finished game's record at ``path``, or beside it when that name is taken (``NAME-2.json``, ...):
    a record never replaces another file. Returns the file written."""
    return write_new(path, _text(record))


def _text(record: Record) -> str:
    return json.dumps(record.to_json(), indent=2, ensure_ascii=False) + "\n"


#: The largest record file read (a finished game of the main scenario is about 40 KB).
MAX_BYTES = 16 * 1024 * 1024


def _seal(record: Record) -> str:
    """A hash that ties the player's name to the game (scenario, seed, difficulty, every month's digest and the
    result). Replay verifies the game itself; the seal is how an edited name is noticed. It detects an edit,
    not a forgery: the recipe is in this open source."""
    body = {"scenario": record.scenario_id, "seed": record.seed, "difficulty": record.difficulty,
            "player": record.player, "digests": [t.digest for t in record.turns], "finished": record.finished,
            "ending": record.ending, "score": record.score}
    text = "ambassador-record-seal\n" + json.dumps(body, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest()[:16]


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object whose keys are all different (a second "player" must not silently win)."""
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return obj


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number a record holds")


def loads(raw: bytes | str) -> Record:
    """A Record from the text of a record, or RecordError saying what is wrong (without the file's name).

    Whatever the text holds, the answer is a Record or a RecordError: nesting too deep for the parser, numbers
    of thousands of digits, NaN, a key given twice, wrong types and out-of-range values are all refused. A
    byte order mark before the text is read past.
    """
    try:
        # utf-8-sig: a byte order mark that an editor put first (Windows Notepad did) is not part of the record.
        text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
        data = json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_no_constant)
    except UnicodeDecodeError:
        raise RecordError("not JSON: the file is not UTF-8 text") from None
    except _DuplicateKey as exc:
        raise RecordError(f"the key \"{shown(exc.key, 60)}\" appears twice in one object; a record has each "
                          "key once (the file was edited)") from None
    except json.JSONDecodeError as exc:
        raise RecordError(f"not JSON: {exc}") from None
    except RecursionError:
        raise RecordError("not a game record: its JSON is nested thousands of levels deep") from None
    except ValueError as exc:  # Python's limit on the digits of a whole number, or NaN / Infinity
        what = str(exc) if "is not a number" in str(exc) else "it holds a number with thousands of digits"
        raise RecordError(f"not a game record: {what}") from None
    return parse(data)


class _Turn(BaseModel):
    """One month of a record as its JSON holds it (strict: no text for a number, no true for 1)."""

    model_config = ConfigDict(strict=True, allow_inf_nan=False, extra="ignore")
    turn: int = Field(ge=1, le=10_000)  # more months than any record holds (the main scenario has 12)
    choices: dict[str, str]
    initiatives: list[str]
    cohesion: float
    digest: str
    reflection: str = ""


class _ScenarioRef(BaseModel):
    model_config = ConfigDict(strict=True, extra="ignore")
    id: str
    sha256: str
    title: str = ""


class _Record(BaseModel):
    """A record as its JSON holds it, checked at the edge; keys it does not know are kept (``Record.extra``)."""

    model_config = ConfigDict(strict=True, allow_inf_nan=False, extra="allow")
    scenario: _ScenarioRef
    seed: int
    turns: list[_Turn]
    player: str
    finished: bool
    difficulty: str = ""
    ending: str | None = None
    score: int | None = Field(None, ge=-SEED_MAX - 1, le=SEED_MAX)
    engine: str = ""
    game_version: str = ""
    seal: str = ""


#: The keys a record may leave out, or give as null.
_OPTIONAL = frozenset(name for name, f in _Record.model_fields.items() if not f.is_required())

#: The kinds of value a record's JSON holds, as the messages name them.
_KINDS: dict[str, str] = {"int": "a whole number", "float": "a number", "str": "text", "bool": "true or false",
                          "dict": "an object", "list": "a list", "NoneType": "null"}


def _where(loc: tuple[int | str, ...]) -> str:
    """('turns', 0, 'choices') -> 'turns[0].choices'."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else f"{'.' if out else ''}{part}"
    return out


def _field(loc: tuple[int | str, ...]) -> FieldInfo:
    """The models' own description of the key at ``loc`` (a list's items are the list's item model)."""
    model: Any = _Record
    for part in loc[:-1]:
        if isinstance(part, str):
            model = model.model_fields[part].annotation
            model = get_args(model)[0] if get_origin(model) is list else model
    return cast(FieldInfo, model.model_fields[loc[-1]])


def _expected(loc: tuple[int | str, ...]) -> str:
    """The kind of value the key at ``loc`` holds, read from the models' annotations (at a list's item, such
    as ``turns[0]``, the list's item kind)."""
    if isinstance(loc[-1], int):
        annotation: Any = get_args(_field(loc[:-1]).annotation)[0]
    else:
        annotation = _field(loc).annotation
    kind = next(a for a in (get_args(annotation) if get_origin(annotation) is not dict and
                            get_origin(annotation) is not list and get_args(annotation) else (annotation,))
                if a is not type(None))
    origin = get_origin(kind) or kind
    return "an object" if issubclass(origin, BaseModel) else _KINDS[origin.__name__]


def _problem(error: ErrorDetails) -> str:
    """The first thing pydantic found wrong, in the words the game uses for a record."""
    loc = tuple(error["loc"])
    value, kind = error.get("input"), error["type"]
    for key, what in (("choices", "every choice must map a card to a response id"),
                      ("initiatives", "must be a list of ids")):
        if key in loc[:-1]:  # an item of the object or the list, rather than the key itself
            return f"{_where(loc[:loc.index(key) + 1])}: {what}"
    where = _where(loc)
    if kind == "finite_number":
        return f"{where}: not a finite number"
    if kind in ("greater_than_equal", "less_than_equal"):
        meta = _field(loc).metadata
        low = next(m.ge for m in meta if hasattr(m, "ge"))
        high = next(m.le for m in meta if hasattr(m, "le"))
        return f"{where}: {value if abs(value) < 10**30 else 'the number'} is out of range ({low} to {high})"
    found = "missing" if kind == "missing" else _KINDS.get(type(value).__name__, type(value).__name__)
    return f"{where}: expected {_expected(loc)}, found {found}"


def parse(data: Any) -> Record:
    """A Record from decoded JSON, or RecordError naming the first thing wrong (pydantic checks the shape;
    the messages are the game's)."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise RecordError("not an Ambassador game record (no \"format\": \"ambassador-record\")")
    version = data.get("version")
    if version != FORMAT_VERSION or isinstance(version, bool):
        raise RecordError(f"record format version {shown(repr(version), 40)} is not supported (this game reads "
                          f"version {FORMAT_VERSION})")
    # JSON null is 'not given' for a key that may be left out.
    given = {k: v for k, v in data.items() if k not in ("format", "version") and not (v is None and k in _OPTIONAL)}
    try:
        model = _Record.model_validate(given)
    except ValidationError as exc:
        raise RecordError(_problem(exc.errors(include_url=False)[0])) from None
    problem = seed_problem(model.seed)
    if problem is not None:
        raise RecordError(f"seed: {problem}")
    turns = [TurnEntry(t.turn, t.choices, t.initiatives, t.cohesion, t.digest, clean_reflection(t.reflection))
             for t in model.turns]
    return Record(
        scenario_id=model.scenario.id, scenario_sha256=model.scenario.sha256, scenario_title=model.scenario.title,
        seed=model.seed, difficulty=model.difficulty, player=model.player, turns=turns, finished=model.finished,
        ending=model.ending, score=model.score, engine=model.engine, game_version=model.game_version,
        extra=dict(model.__pydantic_extra__ or {}), seal=model.seal)


def read(path: Path) -> Record:
    """Read a record file, or raise RecordError saying why it is not one (without the file's name). Only a
    regular file of at most MAX_BYTES is read (game.files, the rule every command follows)."""
    try:
        raw = read_bytes(path, MAX_BYTES, "a game record", "name a record file (.json)")
    except FileRefused as exc:
        raise RecordError(exc.reason) from None
    return loads(raw)


@dataclass(frozen=True)
class ReplayResult:
    """Whether a record replays to the same game; ``turn`` and ``reason`` name the first difference."""

    ok: bool
    turns: int
    turn: int | None = None
    reason: str = ""
    state: GameState | None = None


def _refused(scenario: Scenario, record: Record) -> ReplayResult | None:
    """Why the record cannot be replayed against this scenario at all, or None."""
    if record.scenario_id != scenario.id:
        return ReplayResult(False, 0, None, f"the record is of scenario '{shown(record.scenario_id, 60)}', not "
                                            f"'{scenario.id}'")
    if record.difficulty and not scenario.has("difficulties", record.difficulty):
        return ReplayResult(False, 0, None, f"the scenario has no difficulty '{shown(record.difficulty, 60)}'")
    return None


def _play(scenario: Scenario, record: Record) -> tuple[GameState, tuple[int, str] | None]:
    """The record's months played one after another until the first that cannot be: the state after the
    last month played, and the month that could not be played with the reason (None when every one was)."""
    state = new_game(scenario, record.seed, record.difficulty)
    for entry in record.turns:
        if state.over:
            return state, (entry.turn, "the record has more months than the game")
        if entry.turn != state.turn:
            return state, (entry.turn, f"expected month {state.turn}, the record says {entry.turn}")
        try:
            state, _ = play_turn(state, entry.choices, entry.initiatives, explain=False)
        except IllegalActionError as exc:
            return state, (entry.turn, f"a choice is not legal: {exc}")
    return state, None


def _judge(scenario: Scenario, record: Record, state: GameState, problem: tuple[int, str] | None) -> ReplayResult:
    """The verdict on a record, given the state its months lead to (every month played in its history) and
    the first month that could not be played: month by month the numbers, then the end and the seal."""
    count = 0
    for entry, hist in zip(record.turns, state.history, strict=False):  # the months played, at most all
        if round(hist.cohesion, 4) != entry.cohesion or _digest(hist) != entry.digest:
            why = "the numbers differ" + (" (the record was made with another version of the scenario)"
                                          if record.scenario_sha256 != scenario.sha256 else
                                          " (the record was edited)")
            return ReplayResult(False, count, entry.turn, why)
        count += 1
    if problem is not None:
        return ReplayResult(False, count, *problem)
    if record.finished:
        if not state.over:
            return ReplayResult(False, count, count + 1, "the record says the game finished, but months are "
                                                          "missing")
        if state.ending != record.ending or state.score != record.score:
            return ReplayResult(False, count, state.turn, f"the ending or score differs: the record says "
                                f"{shown(str(record.ending), 60)} {record.score}, the replay gives {state.ending} "
                                f"{state.score}")
    if not record.sealed:
        why = ("the record has no seal (it was not written by this game, or was edited)" if not record.seal else
               "the player's name or the result was changed after the game was written (its seal does not "
               "match)")
        return ReplayResult(False, count, None, why)
    return ReplayResult(True, count, state=state)


def replay(scenario: Scenario, record: Record) -> ReplayResult:
    """Play the record's choices again and compare every month with what the record says."""
    refused = _refused(scenario, record)
    if refused is not None:
        return refused
    return _judge(scenario, record, *_play(scenario, record))


def replay_many(scenario: Scenario, records: Sequence[Record]) -> list[ReplayResult]:
    """``replay`` of many records of one scenario, giving the same results: their months are played as blocks
    of games, one block per difficulty (game.engine.lockstep, which loads numpy). A record the block does
    not play (no month, months out of order or too many, a plan the one-step check does not accept) is
    replayed alone, which gives the engine's exact verdict on it."""
    from game.engine import lockstep

    results: list[ReplayResult | None] = [None] * len(records)
    blocks: dict[str, list[int]] = {}
    for k, record in enumerate(records):
        results[k] = _refused(scenario, record)
        if results[k] is None and 0 < len(record.turns) <= scenario.turns and all(
                entry.turn == month for month, entry in enumerate(record.turns, 1)):
            blocks.setdefault(record.difficulty, []).append(k)
    for difficulty, ks in blocks.items():
        states = lockstep.replay(scenario, [records[k].seed for k in ks], difficulty,
                                 [[(e.choices, e.initiatives) for e in records[k].turns] for k in ks])
        for k, state in zip(ks, states, strict=True):
            if state is not None:
                results[k] = _judge(scenario, records[k], state, None)
    return [replay(scenario, records[k]) if result is None else result for k, result in enumerate(results)]


def restore(scenario: Scenario, record: Record) -> GameState:
    """The game state a saved record leads to (for resuming), or RecordError saying where it does not replay
    (the first month that differs, when a month does)."""
    result = replay(scenario, record)
    if not result.ok or result.state is None:
        raise RecordError(f"month {result.turn}: {result.reason}" if result.turn else result.reason)
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
