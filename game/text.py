"""The game's words for the engine's data, shared by both front ends: numbers, costs, dates, value names,
effects, causes, and how scenario prose is wrapped.

Why a top-level module and not ``game.engine.describe``: the engine is the rules, and this is wording; keeping
it out lets the wording change (and be tested against the plain transcript and the TUI snapshots) without
touching the rules core, while both front ends still say the same thing the same way. It imports only the
engine's data types and the standard library: no textual, no rich, no pydantic, so the plain front end can
use it as well as the Textual one. Layout (bars, marks, tables, hanging indents) stays with each front end.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING

from game.engine.data import MONTH_NAMES, label

if TYPE_CHECKING:
    from game.engine import Cause, Scenario
    from game.engine.data import Change, Country
    from game.engine.debrief import Debrief, EndingReach, Shortfall
    from game.engine.expr import Effect
    from game.engine.report import Budget, Highlight

#: What kind of thing caused a change, as the reports say it; kinds not listed show the cause's label alone.
#: A card is the rival's move, named by the scenario's words (``cause_text``).
_CAUSE_KINDS = {"response": "your response", "initiative": "your initiative", "rule": "rule", "event": "event"}


# --- numbers: the one rule of every screen, transcript and report ------------------------------------------
#
# A value is shown to one decimal without a trailing '.0' (``num``). A change is the difference of the values
# as shown (``change``), so '71.5 -> 70.5' always reads '-1', never '-0.9', and two equal numbers never show a
# change. Signs: '+' or '-' before every change, '+0' for none; arrows add '▲'/'▼' ('=0' for none).

def shown(value: float) -> float:
    """A value rounded as it is shown: to one decimal (halves away from zero, not to even)."""
    return math.copysign(math.floor(abs(value) * 10 + 0.5 + 1e-9) / 10, value)


def num(value: float) -> str:
    """A number as people read it: at most one decimal, no trailing '.0', never '-0'."""
    text = f"{shown(value):.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def signed(value: float) -> str:
    """A change with its sign: '+2', '-0.5', '+0'."""
    text = num(value)
    return text if text.startswith("-") else f"+{text}"


def change(before: float, after: float) -> float:
    """The change between two values as they are shown: what a reader subtracting the two numbers gets."""
    return shown(after) - shown(before)


def mark(delta: float) -> str:
    """A change as an arrow and its signed number: '▲+2', '▼-0.4', '=0'."""
    text = signed(delta)
    if text in ("+0", "-0"):
        return "=0"
    return ("▲" if delta > 0 else "▼") + text


def part(value: float) -> str:
    """A cause's share of a change: signed, and never a bare '+0' for a small but real amount."""
    if value and round(value, 1) == 0:
        return f"{value:+.2f}"
    return signed(value)


def place(country: Country) -> str:
    """How tables and lists name a country for a student: the name they know it by ('Poland'). The
    directive's abbreviations (PNR, ChSSR) stay in the glossary and the source reader."""
    return country.common or country.short


def post_place(country: Country) -> str:
    """A country and the post the player runs there: 'Poland (Warsaw)'."""
    return f"{place(country)} ({country.post})"


def economy_text(budget: Budget, sc: Scenario) -> str:
    """'Economy 2 of 14 for the year': what is left of the budget that must last the whole game."""
    span = "the year" if sc.turns == 12 else "the game"
    return f"{label(sc.words.economy_short)} {num(budget.economy)} of {num(budget.economy_total)} for {span}"


def economy_warning(budget: Budget, sc: Scenario) -> str:
    """A warning while there is still time to save the economy budget, or ''."""
    if budget.runs_out is None:
        return ""
    if budget.economy <= 1e-9:
        return (f"The {sc.words.economy} is spent: nothing is left for {sc.month_label(budget.runs_out)} and "
                "after.")
    return (f"At the pace so far, no {sc.words.economy_short} will be left for {sc.month_label(budget.runs_out)} "
            f"(month {budget.runs_out} of {sc.turns}).")


#: The heading of the summary that leads a month's report, in both front ends.
SUMMARY_TITLE = "What mattered most this month"


def highlight_text(sc: Scenario, highlight: Highlight) -> str:
    """'Warsaw, Alignment 72 to 69.4 (-2.6); largest causes: Promises of trade (China's move) -3; Caution on
    economic ties (your response) +0.4'."""
    ch = highlight.change
    where = place(sc.country(ch.country)) if ch.country else "Global"
    why = "; ".join(f"{cause_text(sc, cause)} {part(amount)}" for cause, amount in highlight.causes)
    return (f"{where}, {value_name(sc, ch.var)} {num(ch.before)} to {num(ch.after)} "
            f"({signed(change(ch.before, ch.after))})" + (f"; largest causes: {why}" if why else ""))


_NEEDS = {">=": "at least", "<=": "at most", ">": "above", "<": "below", "==": "exactly", "!=": "other than"}


def subject_text(sc: Scenario, subject: str) -> str:
    """An ending condition's subject as a student reads it: 'cohesion' -> 'Bloc cohesion', 'poland.resentment'
    -> 'Resentment in Warsaw'; anything else (arithmetic) as the scenario writes it."""
    if subject == "cohesion":
        return label(sc.words.aggregate)
    country, _, var = subject.partition(".")
    if var and sc.has("countries", country):
        return f"{value_name(sc, var)} in {place(sc.country(country))}"
    return value_name(sc, subject) if subject.isidentifier() else subject


def shortfall_text(sc: Scenario, shortfall: Shortfall) -> str:
    """'Bloc cohesion 64.6, needed at least 72.5 (7.9 away)'; for a count of conditions, how many held and
    which (``count_text``)."""
    if shortfall.parts:
        return count_text(sc, shortfall)
    gap = abs(change(shortfall.value, shortfall.target))
    short = f" ({num(gap)} away)" if gap else ""
    return f"{_compared_subject(sc, shortfall)} {num(shortfall.value)}, needed {_needed(shortfall)}{short}"


def _compared_subject(sc: Scenario, comparison: Shortfall) -> str:
    """What a comparison compares, as a student reads it (``subject_text``), naming the post that gave the
    lowest or highest of several."""
    if comparison.extreme is None:
        return subject_text(sc, comparison.subject)
    fn, var, posts, country = comparison.extreme
    return (f"{value_name(sc, var)} in {place(sc.country(country))} ({'lowest' if fn == 'min' else 'highest'} "
            f"of {posts} posts)")


def _needed(comparison: Shortfall) -> str:
    return f"{_NEEDS.get(comparison.op, comparison.op)} {num(comparison.target)}"


def count_text(sc: Scenario, count: Shortfall) -> str:
    """A count of conditions that fell short, as a student reads it: '1 of these 5 held, needed at least 2 —
    held: Openness in Poland 31 (needed at least 25) — not held: Openness in East Germany 12 (needed at least
    25, 13 away), ...'. A condition without comparisons to show is given as the scenario writes it."""

    def item(c: Shortfall, held: bool) -> str:
        gap = 0.0 if held else abs(change(c.value, c.target))
        return f"{_compared_subject(sc, c)} {num(c.value)} (needed {_needed(c)}{f', {num(gap)} away' if gap else ''})"

    text = f"{num(count.value)} of these {len(count.parts)} held, needed {_needed(count)}"
    for held, head in ((True, "held"), (False, "not held")):
        said = [" and ".join(item(c, held) for c in p.comparisons) or p.label for p in count.parts if p.held == held]
        if said:
            text += f" — {head}: {', '.join(said)}"
    return text


def score_text(sc: Scenario, result: Debrief) -> str:
    """How the score is made: the cohesion part and the ending's bonus."""
    return (f"Score {result.score}: {sc.words.aggregate_phrase} at the end of each month, averaged "
            f"({num(result.cohesion)}), plus the ending's bonus ({signed(result.bonus)}), rounded to a whole "
            "number.")


def reach_text(sc: Scenario, reach: EndingReach) -> tuple[str, str]:
    """An ending's line in the debrief: (its mark and title, what was missing or why it was not reached)."""
    title = sc.ending(reach.ending).title
    if reach.reached:
        return f"Reached: {title}", ""
    if reach.fallback:
        return f"Otherwise: {title}", "the ending when none before it is met"
    if reach.met:
        return f"Also met: {title}", "an ending listed before it came first"
    return f"Not reached: {title}", "; ".join(shortfall_text(sc, s) for s in reach.shortfalls)


def moved_text(sc: Scenario, cause: Cause, var: str, total: float) -> str:
    """'Control contacts (your response): Resentment +30'."""
    return f"{cause_text(sc, cause)}: {value_name(sc, var)} {part(total)}"


def cost_text(sc: Scenario, capital: float, economy: float) -> str:
    """'2 capital, 1 economy', '1 capital', or 'free'."""
    parts = [f"{num(capital)} {sc.words.capital_short}"] if capital else []
    if economy:
        parts.append(f"{num(economy)} {sc.words.economy_short}")
    return ", ".join(parts) or "free"


def date_text(date: str) -> str:
    """'1980-05-04' -> '4 May 1980'; '1980-05' -> 'May 1980'; anything else as written."""
    parts = date.split("-")
    try:
        if len(parts) == 3:
            return f"{int(parts[2])} {MONTH_NAMES[int(parts[1]) - 1]} {int(parts[0])}"
        if len(parts) == 2:
            return f"{MONTH_NAMES[int(parts[1]) - 1]} {int(parts[0])}"
    except (ValueError, IndexError):
        pass
    return date


def value_name(sc: Scenario, var: str) -> str:
    """A value's name as a label, in the scenario's words: 'china_ties' -> 'China ties', 'capital' ->
    'Political capital'; an unknown name, capitalised."""
    return label(sc.words.value(var)) or var.replace("_", " ").capitalize()


def event_kind(historical: bool) -> str:
    """How an event is labelled everywhere, keeping the historical record and the game's mechanics apart."""
    return "history" if historical else "game mechanics, not history"


def effect_text(sc: Scenario, eff: Effect, now: float | None = None) -> str:
    """One effect statement in words: 'China ties in PNR +4', 'Stability -(2 * climate)', 'Alignment set to 50'.
    With ``now``, the amount an effect that reads the game would have at the post this month, its rule
    beside it: 'Alignment -2.2 (here, now: -(1 + alignment / 20))'."""
    where = "" if eff.country is None else f" in {place(sc.countries[eff.country])}"
    name = value_name(sc, eff.var)
    if eff.spread is not None:
        return f"{name}{where} {range_text(*eff.spread, op=eff.op)} (by chance)"
    src = eff.value.source.strip()
    if eff.op == "=":
        return f"{name}{where} set to {src}" if now is None or eff.value.const is not None else \
            f"{name}{where} set to {num(now)} (here, now: {src})"
    sign = "+" if eff.op == "+=" else "-"
    if eff.value.const is not None:
        return f"{name}{where} {sign}{src}"
    if now is None:
        return f"{name}{where} {sign}({src})"
    return f"{name}{where} {signed(now if eff.op == '+=' else -now)} (here, now: {sign}({src}))"


def range_text(low: float, high: float, *, op: str = "+=") -> str:
    """A ranged amount as it moves a value: "+2 to +6" (+=), "-2 to -6" (-=), "set to between 40 and 60" (=)."""
    if op == "=":
        return f"set to between {num(low)} and {num(high)}"
    if op == "-=":
        low, high = -low, -high
    return f"{signed(low)} to {signed(high)}"


def effects_text(sc: Scenario, effects: Sequence[Effect], now: Sequence[float] | None = None) -> str:
    """The effects in words; ``now``, one amount per effect, as ``effect_text`` says."""
    return "; ".join(effect_text(sc, e, None if now is None else now[k]) for k, e in enumerate(effects))


def reference_text(sc: Scenario, source: str) -> str:
    """A source reference with what the scenario calls it: 'directive: Introduction, para. 4' ('' for none)."""
    return f"{sc.words.reference}: {source}" if source else ""


def rival_approach(sc: Scenario) -> str:
    """How a post's group is introduced, at the start of a sentence or a line: "China's approach" ("The Delta
    Combine's approach" for a rival the scenario names with an article)."""
    return f"{label(sc.words.rival)}'s approach"


def rival_move(sc: Scenario) -> str:
    """What a card is, as the reports call it: "China's move"."""
    return f"{sc.words.rival}'s move"


def cause_text(sc: Scenario, cause: Cause) -> str:
    """'Promises of trade (China's move)', 'Resentment fades (rule, tutorial.toml line 287)'.

    Rules and events name the scenario line they come from: the player never sees them as cards or
    responses, so the line is where to read them. Cards, responses and initiatives are named as the game
    shows them.
    """
    kind = rival_move(sc) if cause.kind == "card" else _CAUSE_KINDS.get(cause.kind)
    where = f", {cause.origin.file} line {cause.origin.line}" \
        if cause.kind in ("rule", "event") and cause.origin is not None else ""
    if cause.drawn is not None:
        d = cause.drawn
        where += ", drawn from " + (f"{num(d.low)} to {num(d.high)}" if d.sets else range_text(d.low, d.high))
    return f"{cause.label} ({kind}{where})" if kind else cause.label


# --- scenario prose ---------------------------------------------------------------------------------------------

#: A list item at the start of a line: '- ', '* ', '• ', or a number of one or two digits and '.' or ')'
#: (a year such as '1980. ' that happens to start a wrapped line is not an item).
LIST_ITEM = re.compile(r"(\s*)((?:[-*•]|\d{1,2}[.)])\s+)")


def reflow(text: str) -> str:
    """Scenario prose as written in TOML, made ready to wrap again at any width.

    The one wrapping rule of both front ends: blank lines separate paragraphs; a line that starts a list item
    ('- ', '1. ') starts a line of its own (its indent kept); every other line joins the one before it. Runs
    of spaces inside a line become one.
    """
    out: list[str] = []
    for para in text.strip().split("\n\n"):
        lines: list[str] = []
        for raw in para.splitlines():
            if not raw.strip():
                continue
            words = " ".join(raw.split())
            item = LIST_ITEM.match(raw)
            if item:
                lines.append(item.group(1) + words)
            elif lines:
                lines[-1] += " " + words
            else:
                lines.append(words)
        if lines:
            out.append("\n".join(lines))
    return "\n\n".join(out)


def wrap(text: str, width: int, indent: str = "") -> list[str]:
    """``reflow`` then wrapped to ``width`` for a plain text stream: paragraphs separated by an empty line,
    and the lines of a list item hanging under its text, not under its number."""
    lines: list[str] = []
    for k, para in enumerate(reflow(text).split("\n\n")):
        if k:
            lines.append("")
        for line in para.split("\n"):
            item = LIST_ITEM.match(line)
            hang = indent + (" " * len(item.group(0)) if item else "")
            lines += textwrap.wrap(line.strip(), width, initial_indent=indent + (item.group(1) if item else ""),
                                   subsequent_indent=hang, break_on_hyphens=False) or [""]
    return lines


def change_of_text(sc: Scenario, change: Change) -> str:
    """What a month's briefing says of a dated change: the scenario's own words, or the new leader."""
    if change.text:
        return change.text
    country = sc.countries[change.country]
    if change.leader:
        return f"{country.name}: from now on, {change.leader}."
    return f"{country.name}: what the game says of this post changes from now on."


def difficulty_problem(sc: Scenario, given: str) -> str | None:
    """Why ``--difficulty GIVEN`` does not fit the scenario (None when it does, or when none was given), checked
    and said the same way by every command that takes it."""
    ids = [d.id for d in sc.difficulties]
    if not given or given in ids:
        return None
    if not ids:
        return f"--difficulty {given!r}: {sc.id} defines no difficulties; leave out --difficulty"
    return f"--difficulty {given!r}: {sc.id} defines no such difficulty; use one of {', '.join(ids)}"


#: How both front ends head a scenario's learning objectives before the game (the debrief's: game.debrief).
WILL_LEARN = "What you will learn"

#: What both front ends say of a saved game that is waiting when a new game starts (``game.session``: the new game
#: is saved over it only once it has something to keep).
REPLACES_WAITING = "This game replaces it once you answer a card"


def nothing_saved(waiting: bool) -> str:
    """What both front ends say when the player leaves a new game before anything of it is worth saving
    (``game.session``: nothing played, no answer given); ``waiting``: a saved game was there and is kept."""
    kept = " The saved game that was waiting is kept." if waiting else ""
    return f"Nothing saved: nothing played yet.{kept}"


#: How a card that an event puts to the player is named after its number ("Card 2 of 3, a decision: ...").
DECISION = ", a decision"
