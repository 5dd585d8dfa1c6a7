"""The plain game's questions: the month's loop, the answer to each card, the command letters, and saving
when the player stops. The text it shows is ``game.plain.render``'s; the input protocol is described in the
package's docstring."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from game.engine import (
    EndTurn,
    GameState,
    IllegalActionError,
    Launch,
    Recall,
    Respond,
    Scenario,
    apply,
)
from game.engine.report import month_report
from game.plain.render import HELP, Page, acting_cards, is_terminal
from game.records import (
    Record,
    RecordError,
    autosave_path,
    clean_reflection,
    default_record_path,
    from_state,
    read,
    replay_command,
    write_record,
)
from game.text import cost_text, effects_text, post_place

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
RESUME_HINT = "To continue this game later, run: ambassador play --resume --plain"

COMMANDS = frozenset("crgseq?")


class EndOfInput(Exception):
    """Standard input ended (or the player typed q): save and stop."""


class MonthOver(Exception):
    """Raised by end_month to leave the month's question loop."""


@dataclass
class Setup:
    """A game ready to play: new, or resumed from the autosave."""

    scenario: Scenario
    scenario_path: Path
    state: GameState
    previous: GameState | None  # the state at the previous month's briefing, for "change since last month"
    player: str
    record_path: Path | None
    resumed: bool
    reflect: bool = False  # ask for a one-line reflection before each month ends
    reflections: dict[int, str] = field(default_factory=dict)  # month number -> the student's line


class PlainGame:
    """One game on a pair of text streams. ``run`` returns the exit code."""

    def __init__(self, setup: Setup, stdin: TextIO, stdout: TextIO) -> None:
        self.sc = setup.scenario
        self.scenario_path = setup.scenario_path
        self.state = setup.state
        self.previous = setup.previous
        self.player = setup.player
        self.record_path = setup.record_path
        self.resumed = setup.resumed
        #: The month at whose start the autosave was last written in this run (a resumed game starts saved),
        #: None while nothing of this game is saved: what the game says when saving fails must be true.
        self.autosaved: int | None = setup.state.turn if setup.resumed else None
        self.reflect = setup.reflect
        self.reflections = dict(setup.reflections)
        self.stdin = stdin
        self.out = stdout
        self.page = Page(setup.scenario, stdout)
        self.say = self.page.say
        self.para = self.page.para
        self.echo = not is_terminal(stdin)

    def ask(self, prompt: str) -> str:
        *lines, last = self.page.fit(prompt)
        for line in lines:
            self.out.write(line + "\n")
        self.out.write(last + " ")
        self.out.flush()
        line = self.stdin.readline()
        if not line:
            self.say()
            raise EndOfInput
        answer = line.strip()
        if self.echo:
            self.say(answer)
        if answer.lower() == "q":
            raise EndOfInput
        return answer

    # -- the whole game ---------------------------------------------------------------------------------
    def run(self) -> int:
        try:
            if self.resumed:
                self.say(f"Resuming {self.sc.title}, {self.sc.month_label(self.state.turn)} "
                         f"(month {self.state.turn} of {self.sc.turns}), seed {self.state.seed}.")
            else:
                old = autosave_path()
                self.page.intro(self.state, old if old.is_file() and not _finished(old) else None)
            while not self.state.over:
                with contextlib.suppress(MonthOver):
                    self.month()
        except (EndOfInput, KeyboardInterrupt):
            return self.save_and_stop()
        return self.finish()

    # -- one month --------------------------------------------------------------------------------------
    def month(self) -> None:
        self.page.briefing(self.state, self.previous)
        while True:
            for drawn in self.state.unanswered():
                self.ask_card(drawn.uid)
            answer = self.ask("Every card is answered. Type e to end the month, a card number to change an "
                              "answer, or ? for help:")
            if self.command(answer):
                continue
            number = _int(answer)
            cards = acting_cards(self.sc, self.state)
            if number is not None and 1 <= number <= len(cards):
                self.ask_card(cards[number - 1].uid, again=True)
                continue
            self.say(f"Please type e to end the month, or a card number from 1 to {len(cards)}.")

    def command(self, answer: str) -> bool:
        """Handle a command letter; True when it was one. Ending the month raises MonthOver."""
        key = answer.lower()
        if key not in COMMANDS or not key:
            return False
        if key == "?":
            self.say(HELP)
        elif key == "g":
            self.page.glossary()
        elif key == "s":
            self.page.sources()
        elif key == "r":
            self.page.review(self.state)
        elif key == "c":
            self.initiatives()
        elif key == "e":
            self.end_month()
        return True

    def ask_card(self, uid: str, *, again: bool = False) -> None:
        """Show one card and ask for its response until a valid answer (or a command that leaves)."""
        sc = self.sc
        cards = acting_cards(sc, self.state)
        number = next(k for k, c in enumerate(cards, 1) if c.uid == uid)
        drawn = self.state.drawn(uid)
        country = sc.countries[drawn.country]
        card = sc.card(drawn.card)
        responses = self.state.allowed_responses(uid)
        default = next((k for k, r in enumerate(responses, 1) if r.default), 1)
        self.page.card(self.state, uid, responses)
        while True:
            answer = self.ask(f"Card {number}, response 1 to {len(responses)} "
                              f"(Enter: {responses[default - 1].name}):")
            if answer == "":
                pick = default
            elif answer.lower() in COMMANDS:
                self.command(answer)  # ending the month from here leaves by MonthOver
                continue
            else:
                pick = _int(answer) or 0
            if not 1 <= pick <= len(responses):
                self.say(f"Please type a number from 1 to {len(responses)}, Enter for "
                         f"{responses[default - 1].name}, or ? for help.")
                continue
            resp = responses[pick - 1]
            try:
                self.state, _ = apply(self.state, Respond(uid, resp.id))
            except IllegalActionError as exc:
                self.say(f"{exc}. Choose another response, or Enter for {responses[default - 1].name}.")
                continue
            self.para(f"{post_place(country)}, {card.title}: {resp.name}. {self.page.left_text(self.state)}.", "  ")
            self.page.economy_warning(self.state)
            return

    def initiatives(self) -> None:
        sc, st = self.sc, self.state
        if not sc.initiatives:
            self.say("This scenario has no initiatives.")
            return
        options = list(sc.initiatives)
        if len(options) == 1:
            chosen = options[0]
        else:
            self.page.initiative_options(st, options)
            answer = self.ask(f"Initiative 1 to {len(options)} to launch or recall (Enter: none):")
            pick = _int(answer)
            if pick is None or not 1 <= pick <= len(options):
                self.say("No initiative changed.")
                return
            chosen = options[pick - 1]
        try:
            if chosen.id in st.launched:
                self.state, _ = apply(st, Recall(chosen.id))
                verb = "recalled: it is no longer in this month's plan"
            else:
                self.state, _ = apply(st, Launch(chosen.id))
                verb = "launched for this month"
        except IllegalActionError as exc:
            self.say(f"{exc}. Answer fewer cards with costly responses to afford it, or leave it.")
            return
        directive = f" Directive: {chosen.directive}." if chosen.directive else ""
        self.para(f"{chosen.name} {verb}. It costs {cost_text(chosen.capital, chosen.economy)} and does: "
                  f"{effects_text(sc, chosen.effects)} at every post you run.{directive}")
        self.para(f"{self.page.left_text(self.state)}. Type c again to undo.")
        self.page.economy_warning(self.state)

    def end_month(self) -> None:
        st, sc = self.state, self.sc
        left = st.unanswered()
        if left:
            n = len(left)
            answer = self.ask(f"{n} card{'s are' if n != 1 else ' is'} not answered and will get "
                              f"'{sc.default_response.name}'. End the month anyway? (y/n):")
            if answer.lower() not in ("y", "yes"):
                self.say("The month goes on.")
                return
        if self.reflect:
            self.ask_reflection(st.turn)
        before = st
        self.state, events = apply(st, EndTurn())
        self.previous = before
        self.page.report(self.state, month_report(before, events))
        if not self.state.over:
            self.autosave()
        raise MonthOver

    def ask_reflection(self, turn: int) -> None:
        """The optional line a month, asked before the month ends: why the student chose as they did."""
        line = self.ask(f"Your reflection on {self.sc.month_label(turn)}, in one line: why did you choose as you "
                        "did? (Enter to skip):")
        text = clean_reflection(line)
        if text:
            self.reflections[turn] = text

    # -- the end -----------------------------------------------------------------------------------------
    def finish(self) -> int:
        self.page.debrief(self.state, sorted(self.reflections.items()))
        return self.write_final()

    def write_final(self) -> int:
        record = from_state(self.state, self.player, self.reflections)
        self.say()
        targets = [self.record_path] if self.record_path is not None else []
        targets.append(_unique(default_record_path(record, datetime.now().strftime("%Y%m%d-%H%M%S"))))
        for path in targets:
            try:
                write_record(path, record)
            except OSError as exc:
                self.say(f"Could not write the record to {path}: {exc.strerror or exc}.")
                continue
            self.say(f"Your game record is saved in {path}.")
            self.say("Check it with:")
            self.out.write(f"  {replay_command(path, self.state.scenario)}\n")  # never wrapped: it is copied
            autosave_path().unlink(missing_ok=True)
            self.out.flush()
            return EXIT_OK
        if self.autosaved is not None and autosave_path().is_file():
            self.say(f"The autosave, {autosave_path()}, still holds this game as it was at the start of month "
                     f"{self.autosaved}: `ambassador play --resume --plain` plays it again from there.")
        else:
            self.say("Nothing of this game could be saved (is the disk full?); its result is shown above.")
        self.out.flush()
        return EXIT_PROBLEMS

    # -- saving ------------------------------------------------------------------------------------------
    def save_record(self) -> Record:
        st = self.state
        record = from_state(st, self.player, self.reflections)
        resume: dict[str, Any] = {"scenario_path": str(self.scenario_path.resolve()), "reflect": self.reflect}
        if self.record_path is not None:
            resume["record_path"] = str(self.record_path.resolve())
        if not st.over and (st.plan or st.launched):
            resume["month"] = st.turn
            resume["choices"] = dict(st.plan)
            resume["initiatives"] = list(st.launched)
        return replace(record, extra={"resume": resume})

    def autosave(self) -> None:
        path = autosave_path()
        try:
            write_record(path, self.save_record())
        except OSError as exc:
            self.say(f"(The autosave could not be written to {path}: {exc.strerror or exc}.)")
            return
        self.autosaved = self.state.turn

    def save_and_stop(self) -> int:
        path = autosave_path()
        self.say()
        if self.state.over:
            return self.finish()
        try:
            write_record(path, self.save_record())
        except OSError as exc:
            self.say(f"The game could not be saved to {path}: {exc.strerror or exc}.")
            self.out.flush()
            return EXIT_PROBLEMS
        self.say(f"Game saved in {path} ({self.sc.month_label(self.state.turn)}, month {self.state.turn} "
                 f"of {self.sc.turns}).")
        self.say(RESUME_HINT)
        self.out.flush()
        return EXIT_OK


def _int(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


def _unique(path: Path) -> Path:
    k = 2
    candidate = path
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}-{k}{path.suffix}")
        k += 1
    return candidate


def _finished(path: Path) -> bool:
    """Whether the save at ``path`` is a finished game (or unreadable: nothing to continue either way)."""
    try:
        return read(path).finished
    except RecordError:
        return True
