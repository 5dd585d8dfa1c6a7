"""The plain game's questions: the month's loop, the answer to each card, the command letters, and saving
when the player stops. The text it shows is ``game.plain.render``'s; the input protocol is described in the
package's docstring."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import NoReturn, TextIO

from game import debrief
from game.engine import GameState, IllegalActionError, Launch, Recall, Respond
from game.engine.data import label
from game.plain.render import Page, acting_cards, help_text, is_terminal
from game.records import RecordError, autosave_path, read, replay_command
from game.session import Session
from game.text import cost_text, effects_text, nothing_saved, post_place, reference_text

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
RESUME_HINT = "To continue this game later, run: ambassador play --resume --plain"

COMMANDS = frozenset("crgseq?")


class EndOfInput(Exception):
    """Standard input ended (or the player typed q): save and stop."""


class HungUp(EndOfInput):
    """The terminal was closed (SIGHUP): save and stop, as at the end of input."""


def _hang_up(_signum: int, _frame: FrameType | None) -> NoReturn:
    raise HungUp


@contextlib.contextmanager
def _saved_on_hang_up() -> Iterator[None]:
    """While the months are played, a closed terminal (SIGHUP) saves the game as Ctrl+C does; without this,
    closing the window lost the month's answers. Only the main thread may set a signal handler."""
    if not hasattr(signal, "SIGHUP") or threading.current_thread() is not threading.main_thread():
        yield
        return
    before = signal.signal(signal.SIGHUP, _hang_up)
    try:
        yield
    finally:
        signal.signal(signal.SIGHUP, before)


class MonthOver(Exception):
    """Raised by end_month to leave the month's question loop."""


class PlainGame:
    """One game on a pair of text streams. ``run`` returns the exit code."""

    def __init__(self, session: Session, stdin: TextIO, stdout: TextIO, *, resumed: bool = False) -> None:
        self.session = session
        self.sc = session.scenario
        self.resumed = resumed
        self.stdin = stdin
        self.out = stdout
        self.page = Page(session.scenario, stdout)
        self.say = self.page.say
        self.para = self.page.para
        self.echo = not is_terminal(stdin)

    @property
    def state(self) -> GameState:
        """The game as it stands (the session's)."""
        return self.session.state

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
            with _saved_on_hang_up():
                self.play()
        except (EndOfInput, KeyboardInterrupt, OSError):  # OSError: the terminal or the pipe is gone
            return self.save_and_stop()
        return self.finish()

    def play(self) -> None:
        """The months, from the introduction (or the resumed month) until the game is over."""
        if self.resumed:
            self.say(f"Resuming {self.sc.title}, {self.sc.month_label(self.state.turn)} "
                     f"(month {self.state.turn} of {self.sc.turns}), seed {self.state.seed}.")
        else:
            old = autosave_path()
            self.page.intro(self.state, old if old.is_file() and not _finished(old) else None)
        while not self.state.over:
            with contextlib.suppress(MonthOver):
                self.month()

    # -- one month --------------------------------------------------------------------------------------
    def month(self) -> None:
        self.page.briefing(self.state, self.session.previous)
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
            self.say(help_text(self.state.scenario))
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
        unanswered = sc.default_for(card).id
        default = next((k for k, r in enumerate(responses, 1) if r.id == unanswered), 1)
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
                self.session.act(Respond(uid, resp.id))
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
                self.session.act(Recall(chosen.id))
                verb = "recalled: it is no longer in this month's plan"
            else:
                self.session.act(Launch(chosen.id))
                verb = "launched for this month"
        except IllegalActionError as exc:
            self.say(f"{exc}. Answer fewer cards with costly responses to afford it, or leave it.")
            return
        source = f" {label(reference_text(sc, chosen.source))}." if chosen.source else ""
        self.para(f"{chosen.name} {verb}. It costs {cost_text(sc, chosen.capital, chosen.economy)} and does: "
                  f"{effects_text(sc, chosen.effects)} at every post you run.{source}")
        self.para(f"{self.page.left_text(self.state)}. Type c again to undo.")
        self.page.economy_warning(self.state)

    def end_month(self) -> None:
        """End the month. The warnings are the TUI's (``Session.worries``); the game asks to confirm only
        while cards are unanswered, so a script that answers every card is never asked anything else."""
        worries = self.session.worries()
        if self.state.unanswered():
            for worry in worries:
                self.para(worry)
            answer = self.ask("End the month anyway? (y/n):")
            while answer == "?":
                self.para("y ends the month now, as the lines above say; n goes back to the cards.")
                answer = self.ask("End the month anyway? (y/n):")
            if answer.lower() not in ("y", "yes"):
                self.say("The month goes on.")
                return
        else:
            for worry in worries:
                self.para(f"Note: {worry}")
        if self.session.reflect:
            self.ask_reflection()
        report = self.session.end_month()
        self.page.report(self.state, report)
        if not self.state.over:
            self.autosave()
        raise MonthOver

    def ask_reflection(self) -> None:
        """The optional line a month, asked before the month ends: why the student chose as they did."""
        question = (f"Your reflection on {self.sc.month_label(self.state.turn)}, in one line: why did you choose as "
                    "you did? (Enter to skip):")
        line = self.ask(question)
        while line == "?":  # help, as at every question: it was kept as the month's reflection
            self.para("One line of your own on this month's choices: it is kept in your game record and shown in "
                      "the debrief (in class, your teacher reads it). Enter alone skips it.")
            line = self.ask(question)
        self.session.reflect_on(line)

    # -- the end -----------------------------------------------------------------------------------------
    def finish(self, *, blank: bool = False) -> int:
        """The game's record, then the debrief (after a blank line with ``blank``) and where the record went.
        The record comes first: when the output is gone (a closed terminal, a pipe into a reader that stopped)
        nothing more can be said, and the finished game must not be lost (it was, when the debrief came
        first)."""
        written: Path | OSError
        try:
            written = self.session.finish()
        except OSError as exc:
            written = exc
        try:
            if blank:
                self.say()
            self.page.debrief(self.state, sorted(self.session.reflections.items()))
            return self.write_final(written)
        except OSError:  # the output is gone: the record is written, or could not be, which cannot be said now
            return EXIT_PROBLEMS if isinstance(written, OSError) else EXIT_OK

    def write_final(self, written: Path | OSError) -> int:
        """Where the record went, or why it could not be written."""
        self.say()
        if isinstance(written, OSError):
            self.say(f"Could not write the record: {written.strerror or written}.")
            month = self.session.saved_month
            if month is not None and autosave_path().is_file():
                self.say(f"The autosave still holds this game as it was at the start of month {month}:")
                self.page.path(autosave_path())
                self.say("`ambassador play --resume --plain` plays it again from there.")
            else:
                self.say("Nothing of this game could be saved (is the disk full?); its result is shown above.")
            self.out.flush()
            return EXIT_PROBLEMS
        if self.session.record_note:
            self.say(self.session.record_note)
        self.say(f"{debrief.RECORD_SAVED}:")
        self.page.path(written)
        self.say("Check it with:")
        self.page.path(replay_command(written, self.state.scenario))
        self.out.flush()
        return EXIT_OK

    # -- saving ------------------------------------------------------------------------------------------
    def autosave(self) -> None:
        try:
            self.session.autosave()
        except OSError as exc:
            self.say(f"The autosave could not be written ({exc.strerror or exc}); the game goes on. Its file:")
            self.page.path(autosave_path())

    def save_and_stop(self) -> int:
        """Save the game in progress, then say so. The save comes first: when the output is gone (a closed
        terminal, a pipe into a reader that stopped), nothing can be said, and the answers must not be lost."""
        path = autosave_path()
        if self.state.over:
            return self.finish(blank=True)
        if not self.session.has_progress():
            self.tell("", nothing_saved(path.is_file() and not _finished(path)))
            return EXIT_OK
        try:
            self.session.save()
        except OSError as exc:
            self.tell("", f"The game could not be saved: {exc.strerror or exc}. Its file:", path)
            return EXIT_PROBLEMS
        self.tell("", f"Game saved ({self.sc.month_label(self.state.turn)}, month {self.state.turn} of "
                      f"{self.sc.turns}) in:", path, RESUME_HINT)
        return EXIT_OK

    def tell(self, *lines: str | Path) -> None:
        """Say the lines (a Path on a line of its own) if the output is still there (see ``save_and_stop``)."""
        with contextlib.suppress(OSError):
            for line in lines:
                if isinstance(line, Path):
                    self.page.path(line)
                else:
                    self.say(line)
            self.out.flush()


def _int(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


def _finished(path: Path) -> bool:
    """Whether the save at ``path`` is a finished game (or unreadable: nothing to continue either way)."""
    try:
        return read(path).finished
    except RecordError:
        return True
