"""One game in progress, kept the same way by both front ends: started or resumed, played, saved, warned
about and finished here, so that the plain game and the TUI differ only in how they show it.

The rules, the same for both:

* **Saving.** The autosave (``game.paths.autosave_path()``) is the game in progress: a record
  (``game.records``) whose ``resume`` entry keeps the scenario file it was played on, where the finished
  record should go, whether the student is asked for reflections, and this month's answers so far. It is
  written once there is something to lose (a month played, or an answer given): after every month, and when
  the player saves or quits. So starting a new game and leaving at once keeps the saved game that was
  waiting. A named save is the same record in another file.
* **Resuming.** The scenario is, in order: the one the player names; else the file the game was played on
  (if it still has the game's scenario id), a scenario file named beside the save (``SAVE.scenario``, how the
  classroom puts a returning student's game back), the front end's own fallback, the bundled scenario of that
  id; of those, the very file the game was played on (same sha256) first. Every month is replayed and
  checked; this month's answers and the reflections come back.
* **Warning.** Before a month ends, ``worries`` lists what ending it now leaves behind: unanswered cards,
  unspent capital (only some of it carries over), unspent economy in the last month.
* **Reflecting.** With ``reflect`` on, the student's optional line on the month (``reflect_on``, asked
  before the month ends) is kept in every record the session writes.
* **Finishing.** The record (exactly ``game.records.from_state(final_state, player, reflections)``) goes to
  the file the player asked for, or (if none, or it cannot be written) to a new file in the data folder; it
  never replaces a file: a name that is taken gets ``-2``, ``-3``, ... (``record_note`` says so). Then the
  autosave is removed: a finished game is not waiting to be continued.
* **The record sink.** Whoever starts the session may hand it a sink (the classroom store): every record the
  session produces (at the start, after every month, when saved, at the end) is handed to it too.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from game.engine import (
    EndTurn,
    GameState,
    IllegalActionError,
    Launch,
    Recall,
    Respond,
    Scenario,
    apply,
    new_game,
    play_turn,
)
from game.engine.report import MonthReport, month_report
from game.errors import AmbassadorError
from game.paths import autosave_path
from game.records import (
    Record,
    RecordError,
    clean_line,
    clean_reflection,
    default_record_path,
    from_state,
    read,
    restore,
    write_new_record,
    write_record,
)
from game.scenario import ScenarioError, check, resolve
from game.text import num

#: Called with every record the session produces (the start, each month, each save, the end).
RecordSink = Callable[[Record], None]


class SessionError(AmbassadorError):
    """A saved game cannot be continued: its scenario cannot be found or loaded, or it does not replay."""


class NoSavedGame(SessionError):
    """There is no saved game where one was looked for."""


class Unreadable(SessionError):
    """The saved game's file, or its scenario's, cannot be read (or the save is not a game record)."""


def local_stamp() -> str:
    """The local time, as the default name of a finished game's record file says it."""
    return datetime.now().strftime("%Y%m%d-%H%M%S")


@dataclass
class Session:
    """A game in progress and what the front ends need to keep it."""

    scenario: Scenario
    scenario_path: Path
    state: GameState
    player: str = ""
    #: Where the finished game's record goes (None: a new file in the data folder).
    record_path: Path | None = None
    #: The state at the previous month's opening, for "the change since last month".
    previous: GameState | None = None
    sink: RecordSink | None = None
    stamp: Callable[[], str] = local_stamp
    #: Whether the student is asked for a one-line reflection before each month ends.
    reflect: bool = False
    #: The student's reflections: month number -> the line, as kept (``clean_reflection``).
    reflections: dict[int, str] = field(default_factory=dict)
    #: Where the finished game's record was written.
    written: Path | None = None
    #: When the finished game's record is not where the player asked (``record_path``): it could not be
    #: written there, or that name was taken. The sentence both front ends say (empty otherwise).
    record_note: str = ""
    #: The month at whose start the autosave last held this game (a resumed game starts saved); None while
    #: nothing of it is saved: what a front end says when saving fails must be true.
    saved_month: int | None = None

    # -- start and resume ---------------------------------------------------------------------------------
    @classmethod
    def start(cls, scenario: Scenario, scenario_path: Path, *, seed: int | None = None, difficulty: str = "",
              player: str = "", record_path: Path | None = None, reflect: bool = False,
              sink: RecordSink | None = None, stamp: Callable[[], str] | None = None) -> Session:
        """A new game; the sink gets its first record at once (the teacher's list shows who has started). The
        player's name is kept as ``clean_line`` keeps typed text."""
        session = cls(scenario, scenario_path, new_game(scenario, seed, difficulty), clean_line(player), record_path,
                      sink=sink, stamp=stamp or local_stamp, reflect=reflect)
        session._hand(session.result())
        return session

    @classmethod
    def resume(cls, save: Path | None = None, *, scenario: str | Path | None = None, fallback: Path | None = None,
               reflect: bool = False, sink: RecordSink | None = None,
               stamp: Callable[[], str] | None = None) -> Session:
        """The game saved in ``save`` (default: the autosave), on ``scenario`` if given, else on the scenario
        found as the module's docstring says; ``reflect`` turns reflections on for a game saved without them.
        SessionError (NoSavedGame, Unreadable) says why it cannot be continued."""
        path = save or autosave_path()
        if not path.is_file():
            raise NoSavedGame(f"there is no saved game (looked for {path})")
        try:
            record = read(path)
        except RecordError as exc:
            raise Unreadable(f"the saved game cannot be read ({path}): {exc}") from exc
        info = record.extra.get("resume")
        info = info if isinstance(info, dict) else {}
        saved = [info.get("scenario_path"), _pointer(path), fallback]
        scenario_path, loaded = _find_scenario(record, scenario,
                                               [Path(p) for p in saved if isinstance(p, str | Path)])
        try:
            restore(loaded, record)  # every month checked against the record
        except RecordError as exc:
            raise SessionError(f"the saved game does not replay ({path}): {exc}") from exc
        previous, state = _rebuild(loaded, record)
        if info.get("month") == state.turn:
            state, _ = _reapply(state, info.get("choices"), info.get("initiatives"))
        record_path = Path(info["record_path"]) if isinstance(info.get("record_path"), str) else None
        return cls(loaded, scenario_path, state, record.player, record_path, previous, sink,
                   stamp or local_stamp, reflect=reflect or info.get("reflect") is True,
                   reflections=dict(record.reflections()), saved_month=state.turn)

    def reload(self, scenario: Scenario) -> list[str]:
        """Play the game again on an edited scenario (``--watch``): ``carry_over``; in words, each choice it
        no longer allows, left to the default."""
        self.scenario = scenario
        self.state, dropped, self.previous = carry_over(scenario, self.state)
        return dropped

    # -- playing --------------------------------------------------------------------------------------------
    def act(self, action: Respond | Launch | Recall) -> GameState:
        """Answer a card, launch or recall an initiative; IllegalActionError says why not."""
        self.state, _ = apply(self.state, action)
        return self.state

    def worries(self) -> list[str]:
        """What ending the month now leaves behind, one sentence each (empty: nothing)."""
        state, sc = self.state, self.scenario
        out = []
        unanswered = state.unanswered()
        if unanswered:
            left = len(unanswered)
            names = list(dict.fromkeys(sc.default_for(sc.card(d.card)).name for d in unanswered))
            out.append(f"{left} card{'s are' if left != 1 else ' is'} unanswered: "
                       + " or ".join(f"'{n}'" for n in names) + " will apply"
                       + (" (each card's own default)." if len(names) > 1 else "."))
        capital, economy = state.remaining()
        last = state.turn == sc.turns
        if capital > 0:
            out.append(f"{num(capital)} capital unspent, and this is the last month." if last else
                       f"{num(capital)} capital unspent (at most {num(sc.capital_carry)} carries over).")
        if economy > 0 and last:
            out.append(f"{num(economy)} economy unspent, and this is the last month.")
        return out

    def reflect_on(self, text: str) -> None:
        """Keep the student's line on this month (cleaned: one line, no control characters; empty: none)."""
        line = clean_reflection(text)
        if line:
            self.reflections[self.state.turn] = line
        else:
            self.reflections.pop(self.state.turn, None)

    def end_month(self) -> MonthReport:
        """Resolve the month and return its report; then call ``keep``."""
        before = self.state
        self.state, events = apply(before, EndTurn())
        self.previous = before
        return month_report(before, events)

    def keep(self) -> Path | None:
        """After a month: save the game in progress, or finish it when it is over. The file written (None:
        nothing to save); OSError when it cannot be written."""
        return self.finish() if self.state.over else self.autosave()

    # -- saving -----------------------------------------------------------------------------------------------
    def has_progress(self) -> bool:
        """Whether leaving now would lose anything: a month played, or an answer given."""
        return bool(self.state.history) or self.month_begun()

    def month_begun(self) -> bool:
        """Whether this month has answers or initiatives already (a save keeps them)."""
        return bool(self.state.plan or self.state.launched)

    def result(self) -> Record:
        """The game as a record, as the sink and the finished game's file get it (no ``resume`` entry)."""
        return from_state(self.state, self.player, self.reflections)

    def record(self) -> Record:
        """The game as a saved record: ``result`` with what resuming needs (the scenario file, the record's
        destination, whether reflections are asked, and this month's answers so far)."""
        state = self.state
        resume: dict[str, Any] = {"scenario_path": str(self.scenario_path.resolve()), "reflect": self.reflect}
        if self.record_path is not None:
            resume["record_path"] = str(self.record_path.resolve())
        if not state.over and (state.plan or state.launched):
            resume["month"] = state.turn
            resume["choices"] = dict(state.plan)
            resume["initiatives"] = list(state.launched)
        return replace(self.result(), extra={"resume": resume})

    def save(self, path: Path | None = None) -> Path:
        """Write the game to ``path`` (default: the autosave) and hand it to the sink; OSError if it cannot
        be written."""
        target = path or autosave_path()
        write_record(target, self.record())
        if path is None:
            self.saved_month = self.state.turn
        self._hand(self.result())
        return target

    def autosave(self) -> Path | None:
        """Save to the autosave if there is anything to lose; None when nothing needed saving."""
        return self.save() if self.has_progress() else None

    def finish(self) -> Path:
        """Write the finished game's record (see the module's docstring) and remove the autosave. OSError
        (the last one) when no place could be written; the autosave is then as it was (``saved_month``)."""
        record = self.result()
        self._hand(record)
        targets = [self.record_path] if self.record_path is not None else []
        targets.append(default_record_path(record, self.stamp()))
        failure: OSError | None = None
        for path in targets:
            try:
                written = write_new_record(path, record)  # never in place of another file
            except OSError as exc:
                failure = exc
                if path == self.record_path:
                    self.record_note = (f"Could not write the record to {path} ({exc.strerror or exc}); it is "
                                        "saved in the data folder instead.")
                continue
            if path == self.record_path and written != path:
                self.record_note = (f"{path} already holds a file; so as not to replace it, this game's record is "
                                    f"saved beside it as {written.name}.")
            autosave_path().unlink(missing_ok=True)
            self.written = written
            return written
        assert failure is not None
        raise failure

    def _hand(self, record: Record) -> None:
        if self.sink is not None:
            self.sink(record)


def _pointer(save: Path) -> Path | None:
    """The scenario file named in a ``.scenario`` file beside a save (how the classroom puts a returning
    student's game back)."""
    from game.files import FileRefused, read_bytes

    try:
        text = read_bytes(save.with_suffix(".scenario"), 4096).decode("utf-8", errors="replace").strip()
    except FileRefused:
        return None
    return Path(text) if text else None


def _find_scenario(record: Record, named: str | Path | None, saved: list[Path]) -> tuple[Path, Scenario]:
    candidates: list[Path] = []
    try:
        if named is not None:
            candidates.append(resolve(str(named)))
        else:
            candidates += saved
            with contextlib.suppress(ScenarioError):
                candidates.append(resolve(record.scenario_id))
    except ScenarioError as exc:
        error = Unreadable if exc.unreadable else SessionError
        raise error(f"the saved game's scenario cannot be loaded:\n{exc}") from exc
    found: list[tuple[Path, Scenario]] = []
    problems: list[str] = []
    for candidate in candidates:
        if not candidate.is_file():
            continue
        scenario, issues = check(candidate)
        if scenario is None:
            problems += [str(p) for p in issues]
        elif named is not None or scenario.id == record.scenario_id:
            found.append((candidate, scenario))
    if not found:
        detail = "\n" + "\n".join(problems) if problems else ""
        raise SessionError(f"the saved game's scenario {record.scenario_id!r} cannot be found{detail}")
    exact = [f for f in found if f[1].sha256 == record.scenario_sha256]
    return (exact or found)[0]


def _rebuild(scenario: Scenario, record: Record) -> tuple[GameState | None, GameState]:
    """Play a record's months again with events on, so the resumed month has its briefing and trends."""
    previous: GameState | None = None
    state = new_game(scenario, record.seed, record.difficulty)
    for entry in record.turns:
        previous = state
        state, _ = play_turn(state, entry.choices, entry.initiatives)
    return previous, state


#: An answer or initiative put back that the game no longer allows: ("response", the card's uid, the response's
#: id) or ("initiative", "", the initiative's id).
Refused = tuple[str, str, str]


def _reapply(state: GameState, choices: object, initiatives: object) -> tuple[GameState, list[Refused]]:
    """Put back answers (a mapping, or pairs, of card uid to response id) and initiatives, each still legal;
    those the game refuses, in order. What a save holds is read as it comes (anything else is passed over)."""
    refused: list[Refused] = []
    pairs = choices.items() if isinstance(choices, Mapping) else choices if isinstance(choices, list | tuple) else ()
    for pair in pairs:
        if isinstance(pair, list | tuple) and len(pair) == 2 and all(isinstance(x, str) for x in pair):
            uid, rid = pair
            try:
                state, _ = apply(state, Respond(uid, rid))
            except (IllegalActionError, KeyError):
                refused.append(("response", uid, rid))
    if isinstance(initiatives, Sequence) and not isinstance(initiatives, str):
        for iid in initiatives:
            if isinstance(iid, str):
                try:
                    state, _ = apply(state, Launch(iid))
                except (IllegalActionError, KeyError):
                    refused.append(("initiative", "", iid))
    return state, refused


def carry_over(scenario: Scenario, old: GameState) -> tuple[GameState, list[str], GameState | None]:
    """The old game's choices played again on an edited scenario (``--watch``), skipping those it no longer
    allows; in words, each choice that was skipped (its month, post and name in the old scenario); and the
    state of the last month played at its opening (None before one is played: the session's ``previous``)."""
    difficulty = old.difficulty if any(d.id == old.difficulty for d in scenario.difficulties) else ""
    state = new_game(scenario, old.seed, difficulty)
    before = old.scenario
    dropped: list[str] = []

    def replan(state: GameState, choices: object, initiatives: object) -> GameState:
        month = before.month_label(state.turn)
        state, refused = _reapply(state, choices, initiatives)
        for kind, uid, ident in refused:
            items = before.responses if kind == "response" else before.initiatives
            name = next((x.name for x in items if x.id == ident), ident)
            if kind == "response":
                cid = uid.split("-", 2)[1] if uid.count("-") >= 2 else ""
                post = next((c.post for c in before.countries if c.id == cid), "a post")
                dropped.append(f"{month}, {post}: {name!r}")
            else:
                dropped.append(f"{month}: the initiative {name!r}")
        return state

    previous: GameState | None = None
    for rec in old.history:
        if state.over:
            break
        previous = replan(state, rec.choices, rec.initiatives)
        state, _ = apply(previous, EndTurn())
    if not state.over:
        state = replan(state, old.plan, old.launched)
    return state, dropped, previous
