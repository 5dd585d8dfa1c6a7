"""The plain game: a whole game line by line on stdin/stdout, for screen readers and for scripts.

Everything is said in words and signed numbers, never by layout or colour alone. The output is plain text in
reading order: the month's briefing, then one question at a time.

The input protocol (also shown by ``?`` in the game):

* Each month the game asks about every card at the posts you run, in the order the briefing lists them.
  Answer each with the number of a response; an empty line (Enter) chooses the card's default (do nothing).
  When every card is answered the game asks what next: ``e`` ends the month, a card number answers that card
  again.
* At any question you may type ``c`` (multilateral coordination: launch or recall an initiative), ``r``
  (review the plan and what is left), ``g`` (glossary), ``s`` (the directive and the sources), ``?`` (help),
  ``e`` (end the month now; the game asks to confirm while cards are unanswered, and those get the default)
  or ``q`` (save and quit).
* So a script pipes one line per card, in card order, then ``e``, month after month. Nothing else is asked:
  no name, no "press Enter"; the numbers of the responses are the same on every card.
* Invalid input is answered with a hint and the question is asked again.

Saves: after every month the game is written to the autosave (``game.records.autosave_path()``), a record
with ``finished: false`` whose ``resume`` entry also keeps this month's answers so far. End of input, Ctrl+C
or ``q`` write the autosave and exit 0; ``ambassador play --resume --plain`` continues from it. A finished game
writes its record (exactly ``game.records.from_state(final_state, player)``) to ``--record FILE`` or to the
data folder, and removes the autosave.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from game.engine import (
    VALUE_NAMES,
    DrawnCard,
    EndTurn,
    EventFired,
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
from game.engine.data import Card, Country, Response
from game.engine.expr import COUNTRY_VARS
from game.engine.report import MonthReport, NetChange, briefing_parts, budget, month_report, series
from game.records import (
    Record,
    RecordError,
    autosave_path,
    default_record_path,
    from_state,
    read,
    replay_command,
    restore,
    write_record,
)
from game.scenario import ScenarioError, default_scenario_path, load, resolve
from game.text import (
    cause_text,
    change,
    cost_text,
    date_text,
    economy_text,
    economy_warning,
    effects_text,
    event_kind,
    num,
    part,
    signed,
    value_name,
    wrap,
)

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
WIDTH = 80  # the width of a transcript that does not go to a terminal (a pipe, a file, a test)
MIN_WIDTH = 40
RESUME_HINT = "To continue this game later, run: ambassador play --resume --plain"

HELP = """\
How to answer:
  For each card the game asks for the number of a response. Enter chooses the default (do nothing).
  When every card is answered, type e to end the month, or a card number to answer that card again.
  At any question you can also type:
    c  multilateral coordination: launch or recall an initiative
    r  review this month's plan and what it costs
    g  glossary of terms and abbreviations
    s  the directive in brief, and the sources
    e  end the month now (unanswered cards get the default; the game asks to confirm)
    q  save and quit (continue later with: ambassador play --resume --plain)
    ?  this help
  A script can pipe one line per card, in card order, then e, month after month."""

_COMMANDS = frozenset("crgseq?")


class _EndOfInput(Exception):
    """Standard input ended (or the player typed q): save and stop."""


# --- small formatting helpers (the shared wording is in game.text) ---------------------------------------

def post_name(country: Country) -> str:
    return f"{country.post} ({country.short})"


# --- the game ---------------------------------------------------------------------------------------------

@dataclass
class _Setup:
    scenario: Scenario
    scenario_path: Path
    state: GameState
    previous: GameState | None  # the state at the previous month's briefing, for "change since last month"
    player: str
    record_path: Path | None
    resumed: bool


class PlainGame:
    """One game on a pair of text streams. ``run`` returns the exit code."""

    def __init__(self, setup: _Setup, stdin: TextIO, stdout: TextIO) -> None:
        self.sc = setup.scenario
        self.scenario_path = setup.scenario_path
        self.state = setup.state
        self.previous = setup.previous
        self.player = setup.player
        self.record_path = setup.record_path
        self.resumed = setup.resumed
        self.stdin = stdin
        self.out = stdout
        self.echo = not _isatty(stdin)
        self.width = _width(stdout)

    # -- output and input -----------------------------------------------------------------------------
    def say(self, text: str = "") -> None:
        """Lines of text, each longer than the width wrapped at spaces, its lines under its first word."""
        for line in text.split("\n"):
            self.out.write("\n".join(self._fit(line)) + "\n")

    def _fit(self, line: str) -> list[str]:
        if len(line) <= self.width:
            return [line]
        indent = line[:len(line) - len(line.lstrip())]
        return textwrap.wrap(line.strip(), self.width, initial_indent=indent, subsequent_indent=indent,
                             break_on_hyphens=False, break_long_words=False) or [line]

    def para(self, text: str, indent: str = "") -> None:
        """A paragraph of scenario text, wrapped by the rule both front ends share (``game.text.wrap``): blank
        lines kept, list items on lines of their own."""
        for line in wrap(text, self.width, indent):
            self.say(line)

    def heading(self, text: str) -> None:
        self.say()
        self.say(text)
        self.say("-" * len(text))

    def ask(self, prompt: str) -> str:
        *lines, last = self._fit(prompt)
        for line in lines:
            self.out.write(line + "\n")
        self.out.write(last + " ")
        self.out.flush()
        line = self.stdin.readline()
        if not line:
            self.say()
            raise _EndOfInput
        answer = line.strip()
        if self.echo:
            self.say(answer)
        if answer.lower() == "q":
            raise _EndOfInput
        return answer

    # -- the whole game ---------------------------------------------------------------------------------
    def run(self) -> int:
        try:
            if self.resumed:
                self.say(f"Resuming {self.sc.title}, {self.sc.month_label(self.state.turn)} "
                         f"(month {self.state.turn} of {self.sc.turns}), seed {self.state.seed}.")
            else:
                self.intro()
            while not self.state.over:
                with contextlib.suppress(_MonthOver):
                    self.month()
        except (_EndOfInput, KeyboardInterrupt):
            return self.save_and_stop()
        return self.finish()

    def intro(self) -> None:
        sc = self.sc
        self.heading(sc.title)
        if sc.description:
            self.para(sc.description)
        self.say()
        self.para(sc.introduction)
        self.say()
        diff = f", difficulty {self.state.difficulty}" if self.state.difficulty else ""
        self.say(f"{sc.turns} months from {sc.month_label(1)}; seed {self.state.seed}{diff} "
                 f"(share the seed so that others play the same game).")
        if sc.objectives:
            self.say()
            self.say("What you will learn:")
            for k, text in enumerate(sc.objectives, 1):
                self.para(f"{k}. {text}", "  ")
        self.say()
        self.say("Type ? at any question for help.")
        old = autosave_path()
        if old.is_file():
            self.say(f"Note: a saved game is waiting in {old}. This game replaces it when its first month ends; "
                     "to continue that one instead, quit (q) and run: ambassador play --resume --plain")

    # -- one month --------------------------------------------------------------------------------------
    def month(self) -> None:
        self.briefing()
        while True:
            for drawn in self.state.unanswered():
                self.ask_card(drawn.uid)
            answer = self.ask("Every card is answered. Type e to end the month, a card number to change an "
                              "answer, or ? for help:")
            if self.command(answer):
                continue
            number = _int(answer)
            cards = self.acting_cards()
            if number is not None and 1 <= number <= len(cards):
                self.ask_card(cards[number - 1].uid, again=True)
                continue
            self.say(f"Please type e to end the month, or a card number from 1 to {len(cards)}.")

    def acting_cards(self) -> list[DrawnCard]:
        return [d for d in self.state.cards if self.sc.countries[d.country].acts]

    def command(self, answer: str) -> bool:
        """Handle a command letter; True when it was one. Ending the month raises _MonthOver."""
        key = answer.lower()
        if key not in _COMMANDS or not key:
            return False
        if key == "?":
            self.say(HELP)
        elif key == "g":
            self.glossary()
        elif key == "s":
            self.sources()
        elif key == "r":
            self.review()
        elif key == "c":
            self.initiatives()
        elif key == "e":
            self.end_month()
        return True

    def briefing(self) -> None:
        st, sc = self.state, self.sc
        self.heading(f"{sc.month_label(st.turn)}: month {st.turn} of {sc.turns}")
        fired, _drawn, changes = briefing_parts(st.briefing)
        self.say()
        if fired:
            self.say("Events this month:")
            for ev in fired:
                self.event_lines(ev)
            for net in changes:
                self.change_lines(net)
        else:
            self.say("No dated events this month.")
        self.say()
        left = budget(st)
        self.para(f"Resources: political capital {num(left.capital)} this month (up to {num(sc.capital_carry)} "
                  f"unspent carries over to the next); {economy_text(left, sc)} (it does not refill); "
                  f"international climate {num(st.climate)}.")
        self.economy_warning()
        self.say(f"Bloc cohesion {num(st.cohesion)} (the weighted average of alignment at every post).")
        for turn, hint in sc.hints:
            if turn == st.turn:
                self.say()
                self.para(f"Hint: {hint}")
        self.say()
        first = self.previous is None
        self.say("Posts you run" + (" (numbers from 0 to 100):" if first else
                                    " (numbers from 0 to 100; in brackets the change since last month):"))
        number = 0
        for ci, country in enumerate(sc.countries):
            if not country.acts:
                continue
            self.say()
            self.post_lines(ci, country)
            for d in st.cards:
                if d.country == ci:
                    number += 1
                    self.say(f"  Card {number}: {sc.card(d.card).title} (directive: {sc.card(d.card).directive})")
            if not any(d.country == ci for d in st.cards):
                self.say("  No move by China this month.")
        watched = [(ci, c) for ci, c in enumerate(sc.countries) if not c.acts]
        if watched:
            self.say()
            self.say("Watched posts (you do not act there; this is what China did this month):")
            for ci, country in watched:
                self.say()
                self.post_lines(ci, country)
                moves = [sc.card(d.card) for d in st.cards if d.country == ci]
                for card in moves:
                    self.say(f"  China: {card.title}. Directive: {card.directive}.")
                    self.para(card.text, "    ")
                if not moves:
                    self.say("  China made no move there this month.")
        self.say()
        total = len(self.acting_cards())
        self.say(f"You have {total} card{'s' if total != 1 else ''} to answer this month.")

    def event_lines(self, ev: EventFired) -> None:
        event = self.sc.event(ev.event)
        where = f" ({self.sc.country(ev.country).name})" if ev.country else ""
        when = date_text(event.date) if event.date else "This month"
        kind = f" [{event_kind(event.historical)}]"
        src = f" Sources: {', '.join(event.sources)}." if event.sources else ""
        self.para(f"{when}: {event.title}{where}.{kind} {event.text}{src}", "  ")

    def post_lines(self, ci: int, country: Country) -> None:
        st = self.state
        group = self.sc.group(country.group)
        self.say(f"{country.post}: {country.name} ({country.short}). China's approach: {group.name}.")
        row = st.values[ci]
        before = self.previous.values[ci] if self.previous is not None else None
        parts = []
        for vi, var in enumerate(COUNTRY_VARS):
            text = f"{VALUE_NAMES[var]} {num(row[vi])}"
            if before is not None:
                text += f" ({signed(change(before[vi], row[vi]))})"
            parts.append(text)
        self.say("  " + ", ".join(parts) + ".")

    def response_lines(self, card: Card, responses: Sequence[Response], uid: str) -> None:
        sc = self.sc
        for k, resp in enumerate(responses, 1):
            extra = f" Directive: {resp.directive}." if resp.directive else ""
            afford = "" if self.state.can_afford(uid, resp) else " (you cannot afford it now)"
            self.say(f"    {k}. {resp.name}: {cost_text(resp.capital, resp.economy)}{afford}.{extra}")
            block = card.block_for(resp)
            does = f"Blocks {round(block * 100)}% of this move." if block else "Blocks nothing of this move."
            if resp.effects:
                does += f" Also: {effects_text(sc, resp.effects)}."
            self.para(f"{resp.text} {does}", "       ")

    def ask_card(self, uid: str, *, again: bool = False) -> None:
        """Show one card and ask for its response until a valid answer (or a command that leaves)."""
        sc, st = self.sc, self.state
        cards = self.acting_cards()
        number = next(k for k, c in enumerate(cards, 1) if c.uid == uid)
        drawn = st.drawn(uid)
        country = sc.countries[drawn.country]
        card = sc.card(drawn.card)
        responses = st.allowed_responses(uid)
        default = next((k for k, r in enumerate(responses, 1) if r.default), 1)
        self.say()
        self.para(f"Card {number} of {len(cards)}, {post_name(country)}: {card.title}. "
                  f"Directive: {card.directive}.")
        self.para(card.text, "  ")
        if card.effects:
            self.say(f"  If it takes full effect: {effects_text(sc, card.effects)}.")
        if card.sources:
            self.say(f"  Sources: {', '.join(card.sources)}.")
        cap, eco = st.remaining()
        current = st.choice(uid)
        now = f" Now answered: {sc.response(current).name}." if current else ""
        self.say(f"  Responses (you have {cost_text(cap, eco) if cap or eco else 'nothing'} left):{now}")
        self.response_lines(card, responses, uid)
        while True:
            answer = self.ask(f"Card {number}, response 1 to {len(responses)} "
                              f"(Enter: {responses[default - 1].name}):")
            if answer == "":
                pick = default
            elif answer.lower() in _COMMANDS:
                self.command(answer)  # ending the month from here leaves by _MonthOver
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
            self.para(f"{post_name(country)}, {card.title}: {resp.name}. {self.left_text()}.", "  ")
            self.economy_warning()
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
            for k, ini in enumerate(options, 1):
                state = "in the plan" if ini.id in st.launched else cost_text(ini.capital, ini.economy)
                self.say(f"  {k}. {ini.name} ({state}): {ini.text}")
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
        self.para(f"{self.left_text()}. Type c again to undo.")
        self.economy_warning()

    def left_text(self) -> str:
        """'Left: 2 capital this month; Economy 3 of 4 for the game'."""
        left = budget(self.state)
        return f"Left: {num(left.capital)} capital this month; {economy_text(left, self.sc)}"

    def economy_warning(self) -> None:
        warning = economy_warning(budget(self.state), self.sc)
        if warning:
            self.para(f"Warning: {warning}", "  ")

    def review(self) -> None:
        sc, st = self.sc, self.state
        self.say(f"Your plan for {sc.month_label(st.turn)}:")
        for k, d in enumerate(self.acting_cards(), 1):
            rid = st.choice(d.uid)
            answer = sc.response(rid).name if rid else f"not answered yet ({sc.default_response.name} if left)"
            self.say(f"  Card {k}, {post_name(sc.countries[d.country])}, {sc.card(d.card).title}: {answer}.")
        names = ", ".join(sc.initiative(i).name for i in st.launched) or "none"
        self.say(f"  Initiatives: {names}.")
        spent_cap, spent_eco = st.spent()
        cap, eco = st.remaining()
        self.say(f"  Spent {cost_text(spent_cap, spent_eco)}; left {num(cap)} capital, {num(eco)} economy.")

    def glossary(self) -> None:
        self.say("Glossary:")
        if not self.sc.glossary:
            self.say("  (this scenario has no glossary)")
        for entry in self.sc.glossary:
            src = f" Sources: {', '.join(entry.sources)}." if entry.sources else ""
            self.para(f"{entry.title}: {entry.text}{src}", "  ")

    def sources(self) -> None:
        if self.sc.reader:
            self.say("The directive in brief:")
            for entry in self.sc.reader:
                self.para(f"{entry.title} ({entry.key}): {entry.text}", "  ")
            self.say()
        self.say("Sources (the keys on cards and events):")
        if not self.sc.sources:
            self.say("  (this scenario lists no sources)")
        for entry in self.sc.sources:
            self.para(f"{entry.key}: {entry.text}", "  ")

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
        before = st
        self.state, events = apply(st, EndTurn())
        self.previous = before
        self.report(month_report(before, events))
        if not self.state.over:
            self.autosave()
        raise _MonthOver

    # -- the report --------------------------------------------------------------------------------------
    def report(self, rep: MonthReport) -> None:
        sc = self.sc
        self.heading(f"Report for {rep.label}")
        self.say()
        self.say("What China did and what you did:")
        for r in rep.responses:
            country = sc.country(r.country)
            card = sc.card(r.card)
            if not country.acts:
                self.say(f"  {post_name(country)}, watched: China: {card.title}.")
                continue
            how = "" if r.chosen else " (left unanswered)"
            self.say(f"  {post_name(country)}: China: {card.title}. You: {sc.response(r.response).name}{how}.")
        names = ", ".join(sc.initiative(i).name for i in rep.initiatives) or "none"
        self.say(f"  Initiatives: {names}.")
        if rep.fired:
            self.say()
            self.say("Events:")
            for ev in rep.fired:
                self.event_lines(ev)
        self.say()
        self.say("What changed, and why:")
        for key in [c.id for c in sc.countries] + [None]:
            changes = rep.changes_at(key)
            if not changes:
                continue
            self.say(f"  {post_name(sc.country(key)) if key else 'Resources and climate'}:")
            for net in changes:
                self.change_lines(net)
        self.say()
        trend = series(self.state, None, "")
        months = ", ".join(f"{sc.month_label(k)} {num(v)}" for k, v in enumerate(trend[1:], 1))
        self.para(f"Bloc cohesion: {num(rep.cohesion_before)} before, {num(rep.cohesion_after)} after "
                  f"({signed(change(rep.cohesion_before, rep.cohesion_after))}). At the end of each month so far: "
                  f"{months}.")

    def change_lines(self, net: NetChange) -> None:
        parts = "; ".join(f"{cause_text(cause)} {part(amount)}" for cause, amount in net.parts)
        self.para(f"{value_name(net.var)} {num(net.before)} to {num(net.after)} "
                  f"({signed(change(net.before, net.after))}): {parts}.", "    ")

    # -- the end -----------------------------------------------------------------------------------------
    def finish(self) -> int:
        st, sc = self.state, self.sc
        assert st.ending is not None and st.score is not None
        ending = sc.ending(st.ending)
        self.heading(f"The end: {ending.title}")
        self.para(ending.text)
        self.say()
        self.say(f"Score: {st.score}.")
        if sc.score_text:
            self.para(sc.score_text)
        self.say(f"Ending bonus: {signed(ending.bonus)}. Cohesion at the end of each month: "
                 f"{', '.join(num(h.cohesion) for h in st.history)}.")
        self.heading("Debrief")
        self.say("Your result at every post beside what really happened (start to end; in brackets the change):")
        for ci, country in enumerate(sc.countries):
            self.say()
            watched = "" if country.acts else ", watched"
            self.say(f"{country.post}: {country.name} ({country.short}{watched})")
            row, start = st.values[ci], st.start_values[ci]
            self.para(", ".join(f"{VALUE_NAMES[v]} {num(start[k])} to {num(row[k])} "
                                f"({signed(change(start[k], row[k]))})" for k, v in enumerate(COUNTRY_VARS)) + ".",
                      "  ")
            if country.history:
                self.para(f"What happened: {country.history}", "  ")
            for key in country.history_sources:
                src = sc.source(key)
                self.para(f"Source {key}: {src.text if src else '(not listed)'}", "  ")
        if sc.objectives:
            self.say()
            self.say("What you set out to learn:")
            for k, text in enumerate(sc.objectives, 1):
                self.para(f"{k}. {text}", "  ")
        if sc.questions:
            self.say()
            self.say("Questions for discussion:")
            for k, text in enumerate(sc.questions, 1):
                self.para(f"{k}. {text}", "  ")
        return self.write_final()

    def write_final(self) -> int:
        record = from_state(self.state, self.player)
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
        self.say(f"The game is still in the autosave, {autosave_path()}.")
        self.out.flush()
        return EXIT_PROBLEMS

    # -- saving ------------------------------------------------------------------------------------------
    def save_record(self) -> Record:
        st = self.state
        record = from_state(st, self.player)
        resume: dict[str, Any] = {"scenario_path": str(self.scenario_path.resolve())}
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


class _MonthOver(Exception):
    """Raised by end_month to leave the month's question loop."""


def _int(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _width(stream: TextIO) -> int:
    """The terminal's width when ``stream`` is one (never under MIN_WIDTH), else WIDTH."""
    if not _isatty(stream):
        return WIDTH
    try:
        return max(MIN_WIDTH, os.get_terminal_size(stream.fileno()).columns)
    except (OSError, ValueError, AttributeError):
        return WIDTH


def _unique(path: Path) -> Path:
    k = 2
    candidate = path
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}-{k}{path.suffix}")
        k += 1
    return candidate


# --- starting or resuming --------------------------------------------------------------------------------

def _new(args: argparse.Namespace, err: TextIO) -> _Setup | int:
    try:
        path = resolve(args.scenario) if args.scenario else default_scenario_path()
        scenario = load(path)
    except ScenarioError as exc:
        err.write(f"ambassador play: the scenario cannot be played:\n{exc}\n")
        return EXIT_PROBLEMS
    difficulty = args.difficulty or ""
    if difficulty and not scenario.has("difficulties", difficulty):
        known = ", ".join(d.id for d in scenario.difficulties) or "none"
        err.write(f"ambassador play: {scenario.id} has no difficulty {difficulty!r} (it has: {known})\n")
        return EXIT_USAGE
    state = new_game(scenario, args.seed, difficulty)
    return _Setup(scenario, path, state, None, args.name or "", args.record, resumed=False)


def _resume(args: argparse.Namespace, err: TextIO) -> _Setup | int:
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
        return EXIT_PROBLEMS
    try:
        restore(scenario, record)  # checks every month against the record
    except RecordError as exc:
        err.write(f"ambassador play --resume: {exc}\n")
        return EXIT_PROBLEMS
    previous, state = _rebuild(scenario, record)
    if info.get("month") == state.turn:
        state = _reapply(state, info.get("choices"), info.get("initiatives"))
    record_path = args.record
    if record_path is None and isinstance(info.get("record_path"), str):
        record_path = Path(info["record_path"])
    return _Setup(scenario, scenario_path, state, previous, record.player, record_path, resumed=True)


def _rebuild(scenario: Scenario, record: Record) -> tuple[GameState | None, GameState]:
    """Play a record's months again with events on, so the resumed month has its briefing and trends."""
    previous: GameState | None = None
    state = new_game(scenario, record.seed, record.difficulty)
    for entry in record.turns:
        previous = state
        state, _ = play_turn(state, entry.choices, entry.initiatives)
    return previous, state


def _reapply(state: GameState, choices: object, initiatives: object) -> GameState:
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


def run(args: argparse.Namespace, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    """Play on the given streams (tests use this; ``main`` uses the process's own)."""
    setup = _resume(args, stderr) if getattr(args, "resume", False) else _new(args, stderr)
    if isinstance(setup, int):
        return setup
    return PlainGame(setup, stdin, stdout).run()


def main(args: argparse.Namespace) -> int:
    """``ambassador play --plain``: the exit code (0 played or saved, 1 cannot be played, 2 usage)."""
    return run(args, sys.stdin, sys.stdout, sys.stderr)
