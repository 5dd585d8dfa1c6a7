"""The plain game's text: what the briefing, a card, the review, the month's report and the debrief say, in
reading order, as lines on a stream. Nothing here asks a question or changes the game (``game.plain.play``
does); the shared wording (numbers, costs, causes, how prose wraps) is in ``game.text``."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from game import debrief
from game.engine import DrawnCard, GameState, Scenario
from game.engine.data import Card, Country, Initiative, Response, label
from game.engine.debrief import debrief as year_in_causes
from game.engine.expr import COUNTRY_VARS
from game.engine.report import (
    MonthReport,
    NetChange,
    Told,
    briefing_parts,
    budget,
    effects_now,
    month_summary,
    series,
    told_once,
    trend_ends,
)
from game.text import (
    DECISION,
    REPLACES_WAITING,
    SUMMARY_TITLE,
    WILL_LEARN,
    cause_text,
    change,
    change_of_text,
    cost_text,
    date_text,
    economy_text,
    economy_warning,
    effects_text,
    event_kind,
    highlight_text,
    moved_text,
    num,
    part,
    post_place,
    reach_text,
    reference_text,
    rival_approach,
    score_text,
    signed,
    value_name,
    wrap,
)

WIDTH = 80  # the width of a transcript that does not go to a terminal (a pipe, a file, a test)
MIN_WIDTH = 40

def help_text(sc: Scenario) -> str:
    """The answer to '?', in the scenario's words."""
    one = sc.initiatives[0].name if len(sc.initiatives) == 1 else ""
    initiative = f"{one[:1].lower()}{one[1:]}: " if one else ""
    return f"""\
How to answer:
  For each card the game asks for the number of a response. Enter chooses the default (do nothing).
  When every card is answered, type e to end the month, or a card number to answer that card again.
  At any question you can also type:
    c  {initiative}launch or recall an initiative
    r  review this month's plan and what it costs
    g  glossary of terms and abbreviations
    s  the {sc.words.reference} in brief, and the sources
    e  end the month now (unanswered cards get the default; the game asks to confirm)
    q  save and quit (continue later with: ambassador play --resume --plain)
    ?  this help
  A script can pipe one line per card, in card order, then e, month after month."""


def acting_cards(sc: Scenario, st: GameState) -> list[DrawnCard]:
    """This month's cards at the posts the player runs, in the order the briefing numbers them."""
    return [d for d in st.cards if sc.countries[d.country].acts]


class Page:
    """One scenario's text written to a stream, wrapped to the terminal's width (``WIDTH`` off a terminal)."""

    def __init__(self, scenario: Scenario, out: TextIO) -> None:
        self.sc = scenario
        self.out = out
        self.width = terminal_width(out)

    # -- lines --------------------------------------------------------------------------------------------
    def say(self, text: str = "") -> None:
        """Lines of text, each longer than the width wrapped at spaces, its lines under its first word."""
        for line in text.split("\n"):
            self.out.write("\n".join(self.fit(line)) + "\n")

    def fit(self, line: str) -> list[str]:
        """One line as the lines that fit the width."""
        if len(line) <= self.width:
            return [line]
        indent = line[:len(line) - len(line.lstrip())]
        return textwrap.wrap(line.strip(), self.width, initial_indent=indent, subsequent_indent=indent,
                             break_on_hyphens=False, break_long_words=False) or [line]

    def path(self, path: object) -> None:
        """A file's path (or a command naming one) on a line of its own, indented and never wrapped, with nothing
        after it: a double-click or a copy takes it alone. The sentence before it ends with a colon."""
        self.out.write(f"  {path}\n")

    def para(self, text: str, indent: str = "") -> None:
        """A paragraph of scenario text, wrapped by the rule both front ends share (``game.text.wrap``): blank
        lines kept, list items on lines of their own."""
        for line in wrap(text, self.width, indent):
            self.say(line)

    def heading(self, text: str) -> None:
        self.say()
        self.say(text)
        self.say("-" * len(text))

    # -- the start -------------------------------------------------------------------------------------------
    def intro(self, st: GameState, waiting: Path | None) -> None:
        """The scenario's introduction; ``waiting`` is a saved game this new one will replace."""
        sc = self.sc
        self.heading(sc.title)
        if sc.description:
            self.para(sc.description)
        self.say()
        self.para(sc.introduction)
        self.say()
        diff = f", difficulty {st.difficulty}" if st.difficulty else ""
        self.say(f"{sc.turns} months from {sc.month_label(1)}; seed {st.seed}{diff} "
                 f"(share the seed so that others play the same game).")
        if sc.objectives:
            self.say()
            self.say(f"{WILL_LEARN}:")
            for k, text in enumerate(sc.objectives, 1):
                self.para(f"{k}. {text}", "  ")
        if sc.score_text:
            self.say()
            self.para(sc.score_text)
        self.say()
        self.say("Type ? at any question for help.")
        if waiting is not None:
            self.say("Note: a saved game is waiting in:")
            self.path(waiting)
            self.say(f"{REPLACES_WAITING}; to continue that one instead, quit now (q) and run: ambassador play "
                     "--resume --plain")

    # -- the briefing ----------------------------------------------------------------------------------------
    def briefing(self, st: GameState, previous: GameState | None) -> None:
        sc = self.sc
        self.heading(f"{sc.month_label(st.turn)}: month {st.turn} of {sc.turns}")
        fired, _drawn, changes = briefing_parts(st.briefing)
        self.say()
        dated = sc.changes_in(st.turn) if st.turn > 1 else ()
        if fired or dated:
            self.say("Events this month:")
            for dc in dated:
                self.para(f"{date_text(dc.date)}: {post_place(sc.countries[dc.country])}. [{event_kind(True)}] "
                          f"{change_of_text(sc, dc)} Sources: {', '.join(dc.sources)}.", "  ")
            for told in told_once(fired):
                self.event_lines(told)
            for net in changes:
                self.change_lines(net, placed=True)
        else:
            self.say("No dated events this month.")
        self.say()
        left = budget(st)
        w = sc.words
        capital = (f"{num(left.capital)} this month" if left.capital == left.capital_month  # a resumed month:
                   else f"{num(left.capital)} of {num(left.capital_month)} left this month")  # some of it spent
        self.para(f"Resources: {w.capital} {capital} (up to {num(sc.capital_carry)} "
                  f"unspent carries over to the next); {economy_text(left, sc)} (it does not refill); "
                  f"{w.climate} {num(st.climate)}.")
        self.economy_warning(st)
        self.say(f"{label(w.aggregate)} {num(st.cohesion)} ({w.aggregate_text}).")
        for turn, hint in sc.hints:
            if turn == st.turn:
                self.say()
                self.para(f"Hint: {hint}")
        self.say()
        first = previous is None
        self.say("Posts you run" + (" (numbers from 0 to 100):" if first else
                                    " (numbers from 0 to 100; in brackets the change since last month):"))
        number = 0
        for ci, country in enumerate(sc.countries):
            if not country.acts:
                continue
            self.say()
            self.post_lines(st, previous, ci, country)
            for d in st.cards:
                if d.country == ci:
                    number += 1
                    source = sc.card(d.card).source
                    self.say(f"  Card {number}: {sc.card(d.card).title}"
                             + (f" ({reference_text(sc, source)})" if source else ""))
            if not any(d.country == ci for d in st.cards):
                self.say(f"  No move by {w.rival} this month.")
        watched = [(ci, c) for ci, c in enumerate(sc.countries) if not c.acts]
        if watched:
            self.say()
            self.say(f"Watched posts (you do not act there; this is what {w.rival} did this month):")
            for ci, country in watched:
                self.say()
                self.post_lines(st, previous, ci, country)
                moves = [sc.card(d.card) for d in st.cards if d.country == ci]
                for card in moves:
                    self.say(f"  {label(w.rival)}: {card.title}." + (f" {label(reference_text(sc, card.source))}."
                                                               if card.source else ""))
                    self.para(card.text, "    ")
                if not moves:
                    self.say(f"  {label(w.rival)} made no move there this month.")
        self.say()
        total = len(acting_cards(sc, st))
        still_open = len(st.unanswered())
        if still_open == total:
            self.say(f"You have {total} card{'s' if total != 1 else ''} to answer this month.")
        else:  # a resumed month keeps the answers given before the game was saved
            self.say(f"You have {total} card{'s' if total != 1 else ''} this month: {total - still_open} answered "
                     f"before the game was saved (type r to review them), {still_open} still to answer.")

    def event_lines(self, told: Told) -> None:
        event = self.sc.event(told.event)
        where = f" ({', '.join(self.sc.country(c).name for c in told.countries)})" if told.countries else ""
        when = date_text(event.date) if event.date else "This month"
        kind = f" [{event_kind(event.historical)}]"
        src = f" Sources: {', '.join(event.sources)}." if event.sources else ""
        self.para(f"{when}: {event.title}{where}.{kind} {event.text}{src}", "  ")

    def post_lines(self, st: GameState, previous: GameState | None, ci: int, country: Country) -> None:
        group = self.sc.group(country.group)
        self.say(f"{post_place(country)}: {country.name}. {rival_approach(self.sc)}: {group.name}.")
        if country.leader and previous is None:  # the leaders are introduced in the first briefing
            self.para(f"Leader: {country.leader}.", "  ")
        parts = []
        for var in COUNTRY_VARS:
            text = f"{value_name(self.sc, var)} {num(st.value(country.id, var))}"
            if previous is not None:  # the first briefing has no last month to compare with
                text += f" ({signed(change(*trend_ends(st, previous, country.id, var)))})"
            parts.append(text)
        self.say("  " + ", ".join(parts) + ".")

    # -- a card ----------------------------------------------------------------------------------------------
    def card(self, st: GameState, uid: str, responses: Sequence[Response]) -> None:
        """One card of the month with its responses, as the question about it shows it."""
        sc = self.sc
        cards = acting_cards(sc, st)
        number = next(k for k, c in enumerate(cards, 1) if c.uid == uid)
        drawn = st.drawn(uid)
        card = sc.card(drawn.card)
        self.say()
        self.para(f"Card {number} of {len(cards)}{DECISION if card.event else ''}, "
                  f"{post_place(sc.countries[drawn.country])}: {card.title}."
                  + (f" {label(reference_text(sc, card.source))}." if card.source else ""))
        self.para(card.text, "  ")
        if card.effects:
            amounts = effects_now(st, card.effects, drawn.country)
            self.para(f"If it takes full effect: {effects_text(sc, card.effects, amounts)}.", "  ")
        if card.sources:
            self.say(f"  Sources: {', '.join(card.sources)}.")
        cap, eco = st.remaining()
        current = st.choice(uid)
        now = f" Now answered: {sc.response(current).name}." if current else ""
        self.say(f"  Responses (you have {cost_text(sc, cap, eco) if cap or eco else 'nothing'} left):{now}")
        self.response_lines(st, card, responses, uid)

    def response_lines(self, st: GameState, card: Card, responses: Sequence[Response], uid: str) -> None:
        sc = self.sc
        for k, resp in enumerate(responses, 1):
            extra = f" {label(reference_text(sc, resp.source))}." if resp.source else ""
            afford = "" if st.can_afford(uid, resp) else " (you cannot afford it now)"
            self.say(f"    {k}. {resp.name}: {cost_text(sc, resp.capital, resp.economy)}{afford}.{extra}")
            block = card.block_for(resp)
            does = "" if not card.effects else f"Blocks {round(block * 100)}% of this move." if block else \
                "Blocks nothing of this move."
            if resp.effects:
                does += f" Also: {effects_text(sc, resp.effects)}." if does else f"{effects_text(sc, resp.effects)}."
            self.para(f"{resp.text} {does}", "       ")

    def initiative_options(self, st: GameState, options: Sequence[Initiative]) -> None:
        for k, ini in enumerate(options, 1):
            state = "in the plan" if ini.id in st.launched else cost_text(self.sc, ini.capital, ini.economy)
            self.say(f"  {k}. {ini.name} ({state}): {ini.text}")

    def left_text(self, st: GameState) -> str:
        """'Left: 2 capital this month; Economy 3 of 4 for the game'."""
        left = budget(st)
        return f"Left: {num(left.capital)} {self.sc.words.capital_short} this month; {economy_text(left, self.sc)}"

    def economy_warning(self, st: GameState) -> None:
        warning = economy_warning(budget(st), self.sc)
        if warning:
            self.para(f"Warning: {warning}", "  ")

    # -- reference -------------------------------------------------------------------------------------------
    def review(self, st: GameState) -> None:
        sc = self.sc
        self.say(f"Your plan for {sc.month_label(st.turn)}:")
        for k, d in enumerate(acting_cards(sc, st), 1):
            rid = st.choice(d.uid)
            answer = sc.response(rid).name if rid else \
                f"not answered yet ({sc.default_for(sc.card(d.card)).name} if left)"
            self.say(f"  Card {k}, {post_place(sc.countries[d.country])}, {sc.card(d.card).title}: {answer}.")
        names = ", ".join(sc.initiative(i).name for i in st.launched) or "none"
        self.say(f"  Initiatives: {names}.")
        spent_cap, spent_eco = st.spent()
        cap, eco = st.remaining()
        w = sc.words
        spent = cost_text(sc, spent_cap, spent_eco) if spent_cap or spent_eco else "nothing"
        self.say(f"  Spent {spent}; left {num(cap)} {w.capital_short}, {num(eco)} {w.economy_short}.")

    def glossary(self) -> None:
        self.say("Glossary:")
        if not self.sc.glossary:
            self.say("  (this scenario has no glossary)")
        for entry in self.sc.glossary:
            src = f" Sources: {', '.join(entry.sources)}." if entry.sources else ""
            self.para(f"{entry.title}: {entry.text}{src}", "  ")

    def sources(self) -> None:
        if self.sc.reader:
            self.say(f"The {self.sc.words.reference} in brief:")
            for entry in self.sc.reader:
                self.para(f"{entry.title} ({entry.key}): {entry.text}", "  ")
            self.say()
        self.say("Sources (the keys on cards and events):")
        if not self.sc.sources:
            self.say("  (this scenario lists no sources)")
        for entry in self.sc.sources:
            self.para(f"{entry.key}: {entry.text}", "  ")

    # -- the report ------------------------------------------------------------------------------------------
    def report(self, st: GameState, rep: MonthReport) -> None:
        """The report of the month that led to ``st``."""
        sc = self.sc
        self.heading(f"Report for {rep.label}")
        self.say()
        summary = month_summary(rep)
        if summary:
            self.say(f"{SUMMARY_TITLE}:")
            for k, highlight in enumerate(summary, 1):
                self.para(f"{k}. {highlight_text(sc, highlight)}.", "  ")
            self.say()
        rival = sc.words.rival
        self.say(f"What {rival} did and what you did:")
        for r in rep.responses:
            country = sc.country(r.country)
            card = sc.card(r.card)
            if not country.acts:
                self.say(f"  {post_place(country)}, watched: {rival}: {card.title}.")
                continue
            how = "" if r.chosen else " (left unanswered)"
            who = "Decision" if card.event else rival
            self.say(f"  {post_place(country)}: {who}: {card.title}. You: {sc.response(r.response).name}{how}.")
        names = ", ".join(sc.initiative(i).name for i in rep.initiatives) or "none"
        self.say(f"  Initiatives: {names}.")
        if rep.fired:
            self.say()
            self.say("Events:")
            for told in told_once(rep.fired):
                self.event_lines(told)
        self.say()
        self.say("What changed, and why:")
        for key in [c.id for c in sc.countries] + [None]:
            changes = rep.changes_at(key)
            if not changes:
                continue
            self.say(f"  {post_place(sc.country(key)) if key else 'Resources and climate'}:")
            for net in changes:
                self.change_lines(net)
        self.say()
        trend = series(st, None, "")
        months = ", ".join(f"{sc.month_label(k)} {num(v)}" for k, v in enumerate(trend[1:], 1))
        self.para(f"{label(sc.words.aggregate)}: {num(rep.cohesion_before)} before, {num(rep.cohesion_after)} after "
                  f"({signed(change(rep.cohesion_before, rep.cohesion_after))}). At the end of each month so far: "
                  f"{months}.")

    def change_lines(self, net: NetChange, *, placed: bool = False) -> None:
        """A change and its causes; ``placed`` names the post too (where no heading above names it)."""
        parts = "; ".join(f"{cause_text(self.sc, cause)} {part(amount)}" for cause, amount in net.parts)
        where = f"{post_place(self.sc.country(net.country))}: " if placed and net.country else ""
        self.para(f"{where}{value_name(self.sc, net.var)} {num(net.before)} to {num(net.after)} "
                  f"({signed(change(net.before, net.after))}): {parts}.", "    ")

    # -- the end ---------------------------------------------------------------------------------------------
    def debrief(self, st: GameState, reflections: Sequence[tuple[int, str]] = ()) -> None:
        """The ending and how history differs, the score, every post beside the historical record ("your year
        against history"), the student's reflections, the epilogue, the questions, and the sources cited: the
        debrief of ``game.debrief``, laid out line by line."""
        sc = self.sc
        assert st.ending is not None and st.score is not None
        ending = sc.ending(st.ending)
        deb = debrief.build(st, reflections)
        self.heading(f"The end: {ending.title}")
        for it in deb.ending:
            self.para(it.line())
        self.say()
        result = year_in_causes(st)
        self.para(score_text(sc, result))
        self.say(f"{label(sc.words.aggregate_short)} at the end of each month: "
                 f"{', '.join(num(h.cohesion) for h in st.history)}.")
        self.say()
        self.say("The endings, and how close you came:")
        for reach in result.endings:
            title, why = reach_text(sc, reach)
            self.para(f"- {title}" + (f": {why}." if why else "."), "  ")
        self.heading("Debrief")
        if deb.summary:
            self.say(f"{debrief.YOUR_YEAR}.")
            self.para(deb.summary)
            self.say()
        self.say(f"{debrief.posts_title(deb)} (start to end; in brackets the change):")
        cited: list[str] = [key for it in deb.ending for key in it.sources]
        for post in deb.posts:
            ci, country = post.result.index, post.result.country
            year = result.posts[ci]
            self.say()
            watched = "" if country.acts else ", watched"
            self.say(f"{post_place(country)}: {country.name}{watched}")
            row, start = st.values[ci], st.start_values[ci]
            self.para(", ".join(f"{value_name(sc, v)} {num(start[k])} to {num(row[k])} "
                                f"({signed(change(start[k], row[k]))})" for k, v in enumerate(COUNTRY_VARS)) + ".",
                      "  ")
            if year.causes:
                self.say("  What moved it most over the game:")
                for cause, var, total in year.causes:
                    self.para(f"- {moved_text(sc, cause, var, total)}.", "    ")
            for it in post.items:
                self.para(it.line(), "  ")
                cited += it.sources
        if deb.reflections:
            self.say()
            self.say("Your reflections, month by month:")
            for it in deb.reflections:
                self.para(it.line(), "  ")
        if deb.epilogue:
            self.say()
            self.say("After your year:")
            self.para(deb.epilogue.line(), "  ")
            cited += deb.epilogue.sources
        if deb.objectives:
            self.say()
            self.say(f"{debrief.OBJECTIVES}:")
            for k, text in enumerate(deb.objectives, 1):
                self.para(f"{k}. {text}", "  ")
        if deb.questions:
            self.say()
            self.say(f"{debrief.QUESTIONS}:")
            for k, text in enumerate(deb.questions, 1):
                self.para(f"{k}. {text}", "  ")
        if deb.source_questions:
            self.say()
            self.say(f"The {sc.words.reference} as a source:")
            for k, it in enumerate(deb.source_questions, 1):
                self.para(f"{k}. {it.line()}", "  ")
                cited += it.sources
        if cited:
            self.say()
            self.say("Sources cited in this debrief:")
            for key in dict.fromkeys(cited):
                src = sc.source(key)
                self.para(f"{key}: {src.text if src else '(not listed)'}", "  ")


def is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def terminal_width(stream: TextIO) -> int:
    """The terminal's width when ``stream`` is one (never under MIN_WIDTH), else WIDTH."""
    if not is_terminal(stream):
        return WIDTH
    try:
        return max(MIN_WIDTH, os.get_terminal_size(stream.fileno()).columns)
    except (OSError, ValueError, AttributeError):
        return WIDTH
