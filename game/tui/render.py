"""Text renderings of the engine's state and reports: bars, trend marks, the report, the charts, the debrief.

Pure functions from engine data to rich ``Text``: no widgets, no game rules. Every number shown is read from
the state, the scenario or the engine's report; these functions only lay it out. The words (numbers, costs,
dates, value names, effects, causes, prose wrapping) are ``game.text``'s, shared with the plain front end.
Nothing is carried by colour alone: bars are drawn with blocks, trends with ▲/▼ and a signed number.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from game import debrief
from game.engine import GameState, Scenario
from game.engine.data import Card, Change, Response, is_option, label
from game.engine.debrief import debrief as year_in_causes
from game.engine.expr import COUNTRY_VARS
from game.engine.report import (
    MonthReport,
    briefing_parts,
    budget,
    cohesion_ends,
    effects_now,
    month_summary,
    series,
    told_once,
    trend_ends,
)
from game.records import replay_command
from game.text import (
    DECISION,
    LIST_ITEM,
    SUMMARY_TITLE,
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
    mark,
    moved_text,
    num,
    part,
    place,
    post_place,
    reach_text,
    reference_text,
    reflow,
    score_text,
    shown,
    value_name,
)

SPARKS = "▁▂▃▄▅▆▇█"


def bar(value: float, width: int) -> str:
    """A 0-100 value as a bar of ``width`` cells: full blocks, one partial block, then light shade."""
    width = max(width, 1)
    eighths = round(max(0.0, min(100.0, value)) / 100 * width * 8)
    full, eighth = divmod(eighths, 8)
    text = "█" * full + (SPARKS[eighth - 1] if eighth and full < width else "")
    return text + "░" * (width - len(text))


def spark(values: Sequence[float], low: float = 0.0, high: float = 100.0) -> str:
    """One character per value, its height the value's place between ``low`` and ``high``."""
    span = (high - low) or 1.0
    return "".join(SPARKS[max(0, min(7, int((v - low) / span * 7.999)))] for v in values)


# --- the month ---------------------------------------------------------------------------------------------

def _lines(parts: Sequence[tuple[str, str]], width: int, gap: str = "  ") -> Text:
    """(text, style) fields joined by ``gap``, a field that would pass ``width`` starting a new line."""
    text = Text()
    used = 0
    for body, style in parts:
        if used and used + len(gap) + len(body) > width:
            text.append("\n")
            used = 0
        elif used:
            text.append(gap)
            used += len(gap)
        text.append(body, style=style)
        used += len(body)
    return text


def _budget_fields(state: GameState) -> list[tuple[str, str]]:
    b = budget(state)
    return [(f"{label(state.scenario.words.capital_short)} {num(b.capital)} of {num(b.capital_month)} this month", ""),
            (economy_text(b, state.scenario), "")]


def _warning(state: GameState, text: Text) -> Text:
    warning = economy_warning(budget(state), state.scenario)
    if warning:
        text.append("\n")
        text.append(f"! {warning}", style="bold")
    return text


def status_line(state: GameState, width: int = 200, previous: GameState | None = None) -> Text:
    """The month, what is left to spend, cohesion (with its change since last month: ``previous`` is the
    state of the previous month's opening) and the open cards, in as many lines of at most ``width`` cells as
    they need; then the economy warning, if any."""
    sc = state.scenario
    open_cards = len(state.unanswered())
    trend_mark = ""
    if state.history:
        trend_mark = f" {mark(change(*cohesion_ends(state, previous)))}"
    fields = [(f"{sc.month_label(state.turn)} (month {state.turn} of {sc.turns})", "bold"),
              *_budget_fields(state), (f"{label(sc.words.aggregate_short)} {num(state.cohesion)}{trend_mark}", ""),
              (f"{open_cards} card{'s' if open_cards != 1 else ''} open" if open_cards else "all answered", "")]
    return _warning(state, _lines(fields, width))


#: How a hint cut to fit the screen ends (``clipped``); the month screen's h shows it whole.
HINT_MORE = "… h: the whole hint"


def clipped(text: Text, console: Console, width: int, lines: int) -> Text:
    """``text`` as it wraps at ``width``, cut to ``lines`` lines when it needs more: the last line kept then ends
    with HINT_MORE. Unchanged when it fits."""
    wrapped = list(text.wrap(console, width))
    if len(wrapped) <= lines:
        return text
    kept = wrapped[:lines]
    last = kept[-1]
    last.rstrip()
    last.truncate(max(0, width - len(HINT_MORE) - 1))
    last.rstrip()
    last.append(f" {HINT_MORE}", style="bold")
    return Text("\n").join(kept)


def opening_text(state: GameState) -> Text:
    """What the month's opening events changed, with their causes: resources and the climate, every post's
    values, and cohesion when they moved it. The last report's numbers end before the opening, so without
    this line the dashboard's numbers would not add up to the report's (the report lists them too, under "At
    the start of ...")."""
    sc = state.scenario
    _fired, _cards, changes = briefing_parts(state.briefing)
    # Each event once, with the changes it made, in the order they are listed. A change made by several events
    # is told under the first of them, with each event's share, so that no event is named twice.
    by_cause: dict[str, list[str]] = {}
    for ch in sorted(changes, key=lambda ch: ch.country is not None):  # resources first, then the posts
        why = cause_text(sc, ch.parts[0][0])
        where = f"{place(sc.country(ch.country))} " if ch.country else ""
        shares = "" if len(ch.parts) < 2 else " (" + ", ".join(
            f"{'this event' if k == 0 else cause_text(sc, cause)} {part(amount)}"
            for k, (cause, amount) in enumerate(ch.parts)) + ")"
        by_cause.setdefault(why, []).append(f"{where}{value_name(sc, ch.var)} {num(ch.before)} -> "
                                            f"{num(ch.after)} {mark(change(ch.before, ch.after))}{shares}")
    text = Text()
    for why, moved in by_cause.items():
        text.append(f"{'' if not text.plain else chr(10)}This month opened with ", style="bold")
        text.append(f"{why}: {'; '.join(moved)}.")
    if state.history and text.plain:
        before = state.history[-1].cohesion
        if num(before) != num(state.cohesion):
            text.append(f" {label(sc.words.aggregate_short)} {num(before)} -> {num(state.cohesion)} "
                        f"{mark(change(before, state.cohesion))}.")
    return text


def post_bar(state: GameState, country: str, number: int, width: int = 200) -> Text:
    """The line that stays at the top of a post: the post, the card being answered (``number``, from 1; 0
    for none) and what is left to spend."""
    sc = state.scenario
    c = sc.country(country)
    cards = state.cards_at(country)
    open_here = sum(1 for d in cards if state.choice(d.uid) is None)
    head = f"{post_place(c)}, {c.name}"
    where = (f"card {number} of {len(cards)}: {sc.card(cards[number - 1].card).title}" if number
             else "no card here this month")
    fields = [(head, "bold"), (where, "bold"), *_budget_fields(state),
              (f"{open_here} open here" if open_here else "all answered here", "")]
    if not c.acts:
        fields[-1] = ("watched: you cannot act here", "")
    return _warning(state, _lines(fields, width, " · "))


def item(marker: str, body: str | Text, indent: int = 0, style: str = "") -> Table:
    """A list item whose wrapped lines hang under its text, not under its marker ('- ', '1. ', 'PNR: ')."""
    grid = Table.grid()
    grid.add_column(no_wrap=True, width=indent + len(marker))
    grid.add_column(ratio=1)
    grid.add_row(Text(" " * indent + marker, style=style), Text(body) if isinstance(body, str) else body)
    return grid


def prose(text: str) -> Group:
    """Scenario prose by ``game.text.reflow``'s rule (the plain front end's too): paragraphs, and list items
    on lines of their own with their wrapped lines hanging."""
    parts: list[RenderableType] = []
    for k, para in enumerate(reflow(text).split("\n\n")):
        if k:
            parts.append(Text(""))
        for line in para.split("\n"):
            found = LIST_ITEM.match(line)
            if found:
                parts.append(item(found.group(2), line[found.end():], len(found.group(1))))
            else:
                parts.append(Text(line))
    return Group(*parts)


NAME_W = 18  # the country and its status: 'Czechoslovakia ○2', 'North Korea watch'
VALUE_W = 4  # '72.5'
TREND_W = 5  # '▼-2.5' (a change of ten or more takes one cell of the gap after it)


def overview_columns(width: int) -> tuple[int, int]:
    """(name column, value column) widths for an overview row ``width`` cells wide."""
    return NAME_W, max(15, (width - NAME_W) // 4)


def overview_header(sc: Scenario, width: int) -> Text:
    name, col = overview_columns(width)
    text = Text("Post".ljust(name), style="bold")
    for var in COUNTRY_VARS:
        full = value_name(sc, var)
        text.append((full if col >= len(full) + 1 else sc.words.short(var)).ljust(col), style="bold")
    return text


def country_row(state: GameState, previous: GameState | None, ci: int, width: int) -> Text:
    """One post in the overview: its name and open cards, then each value as bar, number and its change since
    last month (``previous``: the state of the previous month's opening)."""
    sc = state.scenario
    country = sc.countries[ci]
    name_w, col = overview_columns(width)
    cards = state.cards_at(country.id)
    if not country.acts:
        status = "watch"
    else:
        open_n = sum(1 for c in cards if state.choice(c.uid) is None)
        status = f"○{open_n}" if open_n else "✓"
    label = place(country)[:name_w - len(status) - 2]
    text = Text(label, style="bold")
    text.append(f" {status}".ljust(name_w - len(label)))
    bar_w = col - VALUE_W - TREND_W - 3
    for vi, var in enumerate(COUNTRY_VARS):
        value = state.values[ci][vi]
        text.append(bar(value, bar_w))
        moved = mark(change(*trend_ends(state, previous, country.id, var)))
        # Each column exactly col cells: a change of ten or more ('▼-11.3') takes the gap after it.
        text.append(f" {num(value):>{VALUE_W}} {moved}".ljust(col - bar_w))
    return text


def overview_legend() -> str:
    return "○n cards to answer  ✓ all answered  watch: not run  ▲+n/▼-n: since last month"


# --- a post and its cards ----------------------------------------------------------------------------------

def card_header(state: GameState, uid: str, number: int, total: int) -> Text:
    sc = state.scenario
    drawn = state.drawn(uid)
    card = sc.card(drawn.card)
    text = Text()
    text.append(f"Card {number} of {total}{DECISION if card.event else ''}: {card.title}", style="bold")
    text.append(f"   [{reference_text(sc, card.source)}]\n" if card.source else "\n")
    text.append(card.text)
    effects = effects_text(sc, card.effects, effects_now(state, card.effects, drawn.country))
    if effects:
        text.append(f"\nIf unopposed: {effects}", style="italic")
    if card.sources:
        text.append(f"\nSources: {', '.join(card.sources)}")
    return text


def response_prompt(state: GameState, uid: str, resp: Response, key: int, card: Card) -> Table:
    """A response as an option: key and choice mark in a column of their own, so wrapped text stays indented."""
    chosen = state.choice(uid) == resp.id
    body = Text()
    body.append(resp.name, style="bold")
    body.append(f" · {cost_text(state.scenario, resp.capital, resp.economy)}")
    if card.effects:  # a decision, or a card that changes nothing, has nothing to block
        body.append(f" · blocks {round(card.block_for(resp) * 100)}%")
    if resp.source:
        body.append(f" · {resp.source}")
    if not state.can_afford(uid, resp):
        body.append(" · cannot afford", style="bold")
    return _hanging(f"{key} {'●' if chosen else '○'}", body)


def response_detail(state: GameState, resp: Response) -> Text:
    """What a response tends to do, shown under the list for the highlighted one (a decision's option: what it
    does, since it blocks nothing)."""
    body = Text(f"{resp.name}: ", style="bold")
    body.append(resp.text)
    effects = effects_text(state.scenario, resp.effects)
    if effects:
        lead = (" " if resp.text else "") if is_option(resp.id) else " Also: "
        body.append(f"{lead}{effects}.", style="italic")
    return body


def initiative_prompt(state: GameState, iid: str) -> Table:
    sc = state.scenario
    ini = sc.initiative(iid)
    planned = ini.id in state.launched
    body = Text()
    body.append(ini.name, style="bold")
    body.append(f" · {cost_text(sc, ini.capital, ini.economy)}" + (f" · {ini.source}" if ini.source else ""))
    if planned:
        body.append(" (planned)", style="bold")
    body.append(f"\n{ini.text}")
    effects = effects_text(sc, ini.effects)
    if effects:
        body.append(f" At each post: {effects}.", style="italic")
    return _hanging("[x]" if planned else "[ ]", body)


def _hanging(label: str, body: Text) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(Text(label, style="bold"), body)
    return grid


# --- the monthly report --------------------------------------------------------------------------------------

class PathLines:
    """A file's path or a command naming one, on as many lines as the width needs, each broken after a '/' or at
    a space (never inside a folder's name, as a paragraph's wrapping cut it); only a part longer than a whole
    line is cut, where it must be."""

    PARTS = re.compile(r"/?[^/ ]*(?:/| +)|/?[^/ ]+")  # a path's leading '/' stays with its first folder

    def __init__(self, text: str, indent: int = 0) -> None:
        self.text = text
        self.indent = indent

    def lines(self, width: int) -> list[str]:
        width = max(1, width - self.indent)
        out: list[str] = []
        line = ""
        for piece in self.PARTS.findall(self.text):
            if line and len(line + piece.rstrip()) > width:
                out.append(line.rstrip())
                line = ""
            line += piece
            while len(line.rstrip()) > width:
                out.append(line[:width])
                line = line[width:]
        if line.rstrip() or not out:
            out.append(line.rstrip())
        return out

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Text]:
        for line in self.lines(options.max_width):
            yield Text(" " * self.indent + line, no_wrap=True, overflow="ignore")


class Doc:
    """Paragraphs with hanging indents: wrapped lines stay under their first line at any width."""

    def __init__(self) -> None:
        self.parts: list[RenderableType] = []

    def head(self, title: str) -> None:
        self.parts.append(Text(f"\n{title}", style="bold underline"))

    def line(self, text: str | Text, indent: int = 0, style: str = "") -> None:
        body = Text(text, style=style) if isinstance(text, str) else text
        self.parts.append(Padding(body, (0, 0, 0, indent)) if indent else body)

    def item(self, marker: str, body: str | Text, indent: int = 0, style: str = "bold") -> None:
        """A labelled line ('PNR: ...', '1. ...') whose wrapped lines hang under its text."""
        self.parts.append(item(marker, body, indent, style))

    def path(self, text: str, indent: int = 0) -> None:
        """A file's path or a command naming one (``PathLines``)."""
        self.parts.append(PathLines(text, indent))

    def row(self, label: str, text: str, indent: int = 0) -> None:
        """A right-aligned label (a signed amount) and its text, wrapped under itself."""
        grid = Table.grid(padding=(0, 2))
        grid.add_column(no_wrap=True, justify="right", min_width=5)
        grid.add_column(ratio=1)
        grid.add_row(label, text)
        self.parts.append(Padding(grid, (0, 0, 0, indent)) if indent else grid)

    def group(self) -> Group:
        return Group(*self.parts)


def report_text(state: GameState, report: MonthReport) -> Group:
    """The report of one finished month, from the engine's MonthReport. ``state`` is the state after it."""
    sc = state.scenario
    doc = Doc()
    doc.line(f"Report: {report.label} (month {report.turn} of {sc.turns})", style="bold")
    coh_series = series(state, None, "alignment")
    doc.line(f"{label(sc.words.aggregate)} {num(report.cohesion_before)} -> {num(report.cohesion_after)} "
             f"{mark(change(report.cohesion_before, report.cohesion_after))}. "
             f"Over the game: {spark(coh_series)} ({' -> '.join(num(v) for v in coh_series)})")

    summary = month_summary(report)
    if summary:
        doc.head(SUMMARY_TITLE)
        for k, highlight in enumerate(summary, 1):
            doc.item(f"{k}. ", highlight_text(sc, highlight), indent=2)
        doc.line(f"The detail follows: what {sc.words.rival} did, what you did, the events, and every change.",
                 indent=2, style="italic")

    doc.head(f"What {sc.words.rival} did")
    for r in report.responses:
        card = sc.card(r.card)
        if card.event:  # a decision an event put to the player: under "What you did"
            continue
        ref = f" [{reference_text(sc, card.source)}]" if card.source else ""
        doc.item(f"{post_place(sc.country(r.country))}: ", f"{card.title}{ref}", indent=2)

    doc.head("What you did")
    acted = False
    for r in report.responses:
        c = sc.country(r.country)
        if not c.acts:
            continue
        acted = True
        resp = sc.response(r.response)
        card = sc.card(r.card)
        doc.item(f"{post_place(c)}: ", f"{resp.name}, {'on the decision' if card.event else 'against'}: {card.title}"
                 + ("" if r.chosen else " (unanswered: the default applied)"), indent=2)
    for iid in report.initiatives:
        acted = True
        doc.line(f"Initiative: {sc.initiative(iid).name}", indent=2)
    if not acted:
        doc.line("Nothing.", indent=2)

    doc.head("Events")
    if not report.fired:
        doc.line("None this month.", indent=2)
    for told in told_once(report.fired):
        event_lines(doc, sc, told.event, told.countries)

    doc.head("Every change and its cause")
    countries: list[str | None] = [c.id for c in sc.countries] + [None]
    for cid in countries:
        changes = report.changes_at(cid)
        if not changes:
            continue
        doc.line(f"{post_place(sc.country(cid))}: {sc.country(cid).name}" if cid else "Your resources and the climate",
                 indent=2, style="bold")
        for ch in changes:
            doc.line(f"{value_name(sc, ch.var)} {num(ch.before)} -> {num(ch.after)} "
                     f"{mark(change(ch.before, ch.after))}", indent=4)
            for cause, amount in ch.parts:
                doc.row(part(amount), cause_text(sc, cause), indent=6)

    if report.briefing:
        fired, _cards, changes = briefing_parts(report.briefing)
        dated = sc.changes_in(report.turn + 1)
        if fired or changes or dated:
            doc.head(f"At the start of {sc.month_label(report.turn + 1)}")
            for dc in dated:
                change_of_text_lines(doc, sc, dc)
            for told in told_once(fired):
                event_lines(doc, sc, told.event, told.countries)
            for ch in changes:
                where = place(sc.country(ch.country)) if ch.country else "Global"
                doc.line(f"{where} {value_name(sc, ch.var)} {num(ch.before)} -> {num(ch.after)} "
                         f"{mark(change(ch.before, ch.after))}", indent=4)
    return doc.group()


def change_of_text_lines(doc: Doc, sc: Scenario, dc: Change) -> None:
    country = sc.countries[dc.country]
    doc.line(Text.assemble((f"{date_text(dc.date)}: {place(country)}", "bold"), f" [{event_kind(True)}]"),
             indent=2)
    doc.line(change_of_text(sc, dc), indent=4)
    doc.line(f"Sources: {', '.join(dc.sources)}", indent=4, style="italic")


def event_lines(doc: Doc, sc: Scenario, event_id: str, countries: Sequence[str]) -> None:
    ev = sc.event(event_id)
    where = f" ({', '.join(post_place(sc.country(c)) for c in countries)})" if countries else ""
    kind = event_kind(ev.historical)
    when = date_text(ev.date) if ev.date else "This month"
    doc.line(Text.assemble((f"{when}: {ev.title}{where}", "bold"), f" [{kind}]"), indent=2)
    doc.line(ev.text, indent=4)
    for key in ev.sources:
        src = sc.source(key)
        doc.line(f"Source {key}: {src.text if src else ''}", indent=4, style="italic")


def chart_scale(values: Sequence[float], most_rows: int = 12) -> tuple[float, float, int]:
    """(bottom, step, rows) of a column chart of ``values``: whole-point rows while the values span at most
    ``most_rows`` points, so that a change of one point shows as a row; coarser rows beyond that."""
    low, high = math.floor(min(values)) - 1, math.ceil(max(values)) + 1
    step = max(1, math.ceil((high - low) / most_rows))
    rows = math.ceil((high - low) / step)
    return float(low), float(step), rows


def chart_text(state: GameState, var: str, width: int) -> Text:
    """Values over time: the bloc's cohesion as columns, then each country's ``var`` as a sparkline and
    numbers, all within ``width`` cells."""
    sc = state.scenario
    out = Text()
    coh = series(state, None, "alignment")
    col = max(4, min(6, (width - 8) // len(coh)))
    labels = ["start" if col >= 6 else "st.", *(sc.month_label(h.turn)[:3] for h in state.history)]
    bottom, step, rows = chart_scale(coh)
    out.append(f"{label(sc.words.aggregate)}, month by month (each row {num(step)} point{'s' if step != 1 else ''})\n",
               style="bold")
    block = ("█" * (col - 2)).center(col)
    for r in range(rows, 0, -1):
        top = bottom + step * r
        # A column reaches this row when its value, as shown, is above the row's floor.
        line = f"{num(top):>5} ┤" + "".join(block if shown(v) > top - step else " " * col for v in coh)
        out.append(line.rstrip() + "\n")
    out.append(f"{num(bottom):>5} └" + "─" * (col * len(coh)) + "\n")
    out.append("       " + "".join(f"{lab[:col - 1]:^{col}}" for lab in labels) + "\n")
    out.append("       " + "".join(f"{num(v):^{col}}" for v in coh) + "\n\n")
    out.append(f"{value_name(sc, var)} by post (1-4: {', '.join(sc.words.values)})\n", style="bold")
    for c in sc.countries:
        values = series(state, c.id, var)
        tail = "watch" if not c.acts else ""
        head = f"  {place(c)[:14]:<14} {tail:<5} {spark(values)}  "
        numbers = " ".join(f"{num(v):>4}" for v in values)
        if len(head) + len(numbers) > width:  # too many months for the width: where it started and ended
            numbers = f"{num(values[0])} -> {num(values[-1])} {mark(change(values[0], values[-1]))}"
        out.append(head + numbers + "\n")
    return out


# --- the debrief ---------------------------------------------------------------------------------------------

def debrief_text(state: GameState, record_path: str, reflections: Sequence[tuple[int, str]] = ()) -> Group:
    sc = state.scenario
    doc = Doc()
    deb = debrief.build(state, reflections)
    result = year_in_causes(state)
    ending = sc.ending(state.ending) if state.ending else None
    if ending:
        doc.line(ending.title, style="bold")
    for it in deb.ending:
        if it.label:
            doc.item(f"{it.label}: ", it.text + debrief.sources_text(it.sources))
        else:
            doc.line(it.text)
    doc.line(Text(f"\n{score_text(sc, result)}", style="bold"))
    doc.head("The endings, and how close you came")
    for reach in result.endings:
        title, why = reach_text(sc, reach)
        doc.item("- ", Text.assemble((title, "bold"), f": {why}" if why else ""), indent=2, style="")
    doc.head(debrief.YOUR_YEAR if deb.summary else debrief.posts_title(deb))
    if deb.summary:
        doc.line(deb.summary)
    for post in deb.posts:
        ci, c = post.result.index, post.result.country
        year = result.posts[ci]
        doc.line(Text(f"\n{post_place(c)}: {c.name}{'' if c.acts else ', watched'}", style="bold"))
        cells = []
        for vi, var in enumerate(COUNTRY_VARS):
            start, end = state.start_values[ci][vi], state.values[ci][vi]
            cells.append(f"{value_name(sc, var)} {num(start)} -> {num(end)} {mark(change(start, end))}")
        doc.line("   ".join(cells[:2]), indent=2)
        doc.line("   ".join(cells[2:]), indent=2)
        if year.causes:
            doc.line("What moved it most over the game:", indent=2, style="italic")
            for cause, var, total in year.causes:
                doc.item("- ", moved_text(sc, cause, var, total), indent=4, style="")
        for it in post.items:
            doc.item(f"{it.label}: ", it.text + debrief.sources_text(it.sources), indent=2)
    if deb.reflections:
        doc.head("Your reflections, month by month")
        for it in deb.reflections:
            doc.item(f"{it.label}: ", it.text, indent=2, style="")
    if deb.epilogue:
        doc.head("After your year")
        doc.line(deb.epilogue.text + debrief.sources_text(deb.epilogue.sources))
    if deb.objectives:
        doc.head(debrief.OBJECTIVES)
        for o in deb.objectives:
            doc.item("- ", o, indent=2, style="")
    if deb.questions:
        doc.head(debrief.QUESTIONS)
        for k, q in enumerate(deb.questions, 1):
            doc.item(f"{k}. ", q, indent=2, style="")
    if deb.source_questions:
        doc.head(f"The {sc.words.reference} as a source")
        for k, it in enumerate(deb.source_questions, 1):
            doc.item(f"{k}. ", f"{it.label}: {it.text}{debrief.sources_text(it.sources)}", indent=2, style="")
    doc.head(debrief.RECORD_SAVED)
    doc.path(record_path, indent=2)
    if Path(record_path).suffix == ".json":
        doc.line("Check it with:", indent=2)
        doc.path(replay_command(record_path, state.scenario), indent=2)
    return doc.group()
