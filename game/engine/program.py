"""A month's rules, written once: the month program and the one interpreter that runs it.

A scenario is compiled once (``program``) into plain data in the rule's order: the opening (the dated events,
then the draw at every post), the resolution (per card the response's cost, the card's effects scaled by
``1 - block``, the response's effects; the initiatives; the rules; the conditional events) and the ending.
The functions below walk that data against a *machine*, the backend that holds the numbers:

* the scalar machine (``game.engine.state._Month``): one game, plain floats; it records every change with its
  cause when explaining (the report, the debrief), or nothing at all;
* the array machine (``game.engine.lockstep._Block``): many games at once, one numpy element per game; it
  counts what the balance report needs.

What a rule does (which effects, in which order, clamped where, drawn from which stream) is decided here and
nowhere else. A machine only supplies arithmetic on its kind of number: a condition becomes a *mask* (for one
game a bool; for a block an array of bools, or ``None`` for every game), a number is set "where" a mask holds,
and the n-th draw of a keyed stream comes as one number per game. The special cases of floating point are
decided once for both (docs/architecture.md, "Numbers: the backends' contract"), so every game ends where it
would end alone, bit for bit (tests/engine/test_known_answers.py, tests/sim/test_lockstep.py).

This module loads neither numpy nor anything of the front ends.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from game.engine.data import (
    RESOURCE_MAX,
    VALUE_MAX,
    VALUE_MIN,
    Card,
    HistoricalEvent,
    Initiative,
    Response,
    Rule,
    Scenario,
    per_scenario,
)
from game.engine.expr import COUNTRY_VARS, GLOBAL_VARS, Effect, Expr

__all__ = ["Eff", "Event", "Machine", "MonthProgram", "ending", "open_month", "program", "resolve_month"]

#: The bounds of each global (climate, capital, economy): every change is clamped to them at once.
GLOBAL_TOP = (VALUE_MAX, RESOURCE_MAX, RESOURCE_MAX)


# --- the program ---------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Eff:
    """One effect statement: ``+=`` and ``-=`` add ``amount * scale`` (``-=`` as a negated amount: exactly the
    same number), ``=`` sets. ``target`` is a post's index, or -1 for the post the effect runs at.

    A ranged amount (``between(low, high)``, ``span``; only a response's or a decision option's) is
    ``low + (high - low) * u``, negated for ``-=``, where ``u`` is the ``draw``-th number of the stream (seed,
    month, post, "range:<the card's place>"): ``draw`` counts the ranges of the item's effects, from 1."""

    is_global: bool
    target: int
    idx: int  # into COUNTRY_VARS, or GLOBAL_VARS for a global
    sets: bool
    neg: bool
    const: float | None  # the amount when it is a number (already negated for -=)
    expr: int  # the amount's expression, an index into MonthProgram.exprs (-1 for a range)
    span: tuple[float, float] | None = None
    draw: int = 0


#: Where an event is checked and fires: (post index or None for a global event, the key it is remembered by
#: once fired, the post's id or "*" naming its chance's stream).
Target = tuple["int | None", str, str]


@dataclass(frozen=True, slots=True)
class Event:
    item: HistoricalEvent
    when: int | None
    effects: tuple[Eff, ...]
    targets: tuple[Target, ...]
    #: The decision it puts to the player where it fires (a card index), or None.
    decision: int | None = None


@dataclass(frozen=True)
class MonthProgram:
    """One scenario's month as data (``program``). Expressions are kept as the scenario's ``Expr`` values in
    ``exprs`` and named by index: each machine builds them once its own way (closures over floats, closures
    over arrays)."""

    sc: Scenario
    exprs: tuple[Expr, ...]
    cids: tuple[str, ...]
    acts: tuple[bool, ...]
    max_cards: float
    carry: float
    #: Per post: how many cards are drawn there (an expression).
    cards_per_turn: tuple[int, ...]
    #: Per post, its pool in scenario order: the cards (indices), the weights that are numbers (1.0 where the
    #: weight is computed), and (position, condition, weight) for each weight computed every month (a weight
    #: that is not a number, a card with a condition, or a number that is not positive).
    pools: tuple[tuple[tuple[int, ...], tuple[float, ...], tuple[tuple[int, int | None, int], ...]], ...]
    #: Cards (index nc is "no card") and responses (index nr is "no response"): each changes nothing.
    cards: tuple[Card, ...]
    responses: tuple[Response, ...]
    card_effects: tuple[tuple[Eff, ...], ...]
    resp_effects: tuple[tuple[Eff, ...], ...]
    #: Per card (and "no card"), per response (and "no response"): the share of the card's effects that gets
    #: through (1 - block), 0 for the padding; at ``card * (nr + 1) + response``.
    scales: tuple[float, ...]
    resp_capital: tuple[float, ...]
    resp_economy: tuple[float, ...]
    initiatives: tuple[tuple[Initiative, tuple[Eff, ...]], ...]
    rules: tuple[tuple[Rule, int | None, tuple[Eff, ...]], ...]
    #: Per month (1 to turns + 1), the events dated in it; then the conditional events, in scenario order.
    dated: dict[int, tuple[Event, ...]]
    conditional: tuple[Event, ...]
    endings: tuple[tuple[int | None, float], ...]
    card_index: dict[str, int]
    resp_index: dict[str, int]
    #: Per card (and "no card": "no response"), the response that applies when it is left unanswered.
    card_default: tuple[int, ...]
    #: The cards of the decisions, in the order of their events: the k-th sits at place ``max_cards + k`` of
    #: its post, after the post's outreach cards (see ``place``).
    decisions: tuple[int, ...]
    #: Per place at a post (``place``), its name: "1", "2", ... for the outreach cards, the event's id for a
    #: decision. A card's uid ends with it; its response's ranged amounts draw from the stream "range:<name>".
    names: tuple[str, ...]

    @property
    def nc(self) -> int:
        return len(self.cards)

    @property
    def nr(self) -> int:
        return len(self.responses)


class _Compiler:
    def __init__(self) -> None:
        self.exprs: list[Expr] = []
        self.index: dict[int, int] = {}

    def expr(self, e: Expr) -> int:
        k = self.index.get(id(e))
        if k is None:
            k = self.index[id(e)] = len(self.exprs)
            self.exprs.append(e)
        return k

    def maybe(self, e: Expr | None) -> int | None:
        return None if e is None else self.expr(e)

    def effects(self, effects: Sequence[Effect], *, ranges: bool = False) -> tuple[Eff, ...]:
        """The statements as the program runs them; ``ranges``: they are a response's, which may draw."""
        out: list[Eff] = []
        draws = 0
        for eff in effects:
            neg = eff.op == "-="
            idx = GLOBAL_VARS.index(eff.var) if eff.is_global else COUNTRY_VARS.index(eff.var)
            target = -1 if eff.is_global or eff.country is None else eff.country
            if eff.spread is not None:
                if not ranges:
                    raise ValueError(f"a range ({eff.value.source}) outside a response's or an option's effects")
                draws += 1
                out.append(Eff(eff.is_global, target, idx, eff.op == "=", neg, None, -1, eff.spread, draws))
                continue
            const = eff.value.const
            if const is not None and neg:
                const, neg = -const, False  # base - c * s == base + (-c) * s exactly
            out.append(Eff(eff.is_global, target, idx, eff.op == "=", neg, const, self.expr(eff.value)))
        return tuple(out)


def _compile(sc: Scenario) -> MonthProgram:
    k = _Compiler()
    cids = tuple(c.id for c in sc.countries)
    pools = []
    for ci in range(len(sc.countries)):
        pool = [(j, card) for j, card in enumerate(sc.cards) if ci in card.countries]
        constant = tuple(1.0 if card.weight.const is None or card.when is not None else card.weight.const
                         for _, card in pool)
        variable = tuple((pos, k.maybe(card.when), k.expr(card.weight)) for pos, (_, card) in enumerate(pool)
                         if card.weight.const is None or card.when is not None or not card.weight.const > 0)
        pools.append((tuple(j for j, _ in pool), constant, variable))
    nr = len(sc.responses)
    scales = tuple(x for c in sc.cards for x in (*(1.0 - c.block_for(r) for r in sc.responses), 0.0)) \
        + (0.0,) * (nr + 1)

    def event(ev: HistoricalEvent) -> Event:
        targets: tuple[Target, ...] = ((None, ev.id, "*"),) if ev.countries is None else tuple(
            (ci, f"{ev.id}@{cids[ci]}", cids[ci]) for ci in ev.countries)
        return Event(ev, k.maybe(ev.when), k.effects(ev.effects), targets,
                     [c.id for c in sc.cards].index(ev.decision) if ev.decision else None)

    events = {ev.id: event(ev) for ev in sc.events}
    cards_per_turn = tuple(k.expr(sc.group(c.group).cards_per_turn) for c in sc.countries)
    card_effects = tuple(k.effects(c.effects) for c in sc.cards)
    resp_effects = tuple(k.effects(r.effects, ranges=True) for r in sc.responses)
    decisions = tuple(j for j, c in enumerate(sc.cards) if c.event)
    initiatives = tuple((i, k.effects(i.effects)) for i in sc.initiatives)
    rules = tuple((r, k.maybe(r.when), k.effects(r.effects)) for r in sc.rules)
    endings = tuple((k.maybe(e.when), e.bonus) for e in sc.endings)
    return MonthProgram(
        sc=sc, exprs=tuple(k.exprs), cids=cids, acts=tuple(c.acts for c in sc.countries),
        max_cards=float(sc.max_cards), carry=sc.capital_carry, cards_per_turn=cards_per_turn,
        pools=tuple(pools), cards=sc.cards, responses=sc.responses, card_effects=card_effects,
        resp_effects=resp_effects, scales=scales,
        resp_capital=(*(r.capital for r in sc.responses), 0.0),
        resp_economy=(*(r.economy for r in sc.responses), 0.0),
        initiatives=initiatives, rules=rules,
        dated={t: tuple(events[ev.id] for ev in sc.events if ev.turn == t) for t in range(1, sc.turns + 2)},
        conditional=tuple(events[ev.id] for ev in sc.events if ev.turn is None),
        endings=endings, card_index={c.id: j for j, c in enumerate(sc.cards)},
        resp_index={r.id: j for j, r in enumerate(sc.responses)},
        card_default=(*([r.id for r in sc.responses].index(sc.default_for(c).id) for c in sc.cards), nr),
        decisions=decisions,
        names=(*(str(j + 1) for j in range(sc.max_cards)), *(sc.cards[j].event for j in decisions)))


program = per_scenario(_compile)


def place(p: MonthProgram, cards: Iterable[tuple[int, int]]) -> list[int]:
    """For a month's cards as (post, card index), in the order drawn, each card's place at its post: the
    outreach cards 0, 1, ... in the order drawn, the k-th decision ``max_cards + k``. A month's cards are
    resolved in the order of (post, place), so a decision comes after the outreach cards at its post."""
    at: dict[int, int] = {}
    out: list[int] = []
    for ci, card in cards:
        if p.cards[card].event:
            out.append(decision_place(p, card))
        else:
            at[ci] = j = at.get(ci, -1) + 1
            out.append(j)
    return out


def decision_place(p: MonthProgram, card: int) -> int:
    """The place of decision ``card`` at its post: after every outreach card a post can hold, in the order of
    the decisions' events."""
    return int(p.max_cards) + p.decisions.index(card)


def uid(p: MonthProgram, turn: int, ci: int, place: int) -> str:
    """The id of the card at that place of a post in month ``turn``: "t3-poland-1" for the first outreach card,
    "t6-poland-gdansk_strike" for a decision."""
    return f"t{turn}-{p.cids[ci]}-{p.names[place]}"


# --- the machine a program runs on ---------------------------------------------------------------------------

class Machine(Protocol):
    """What the interpreter asks of a backend. A number is a float (one game) or an array with one element per
    game; a mask is a bool (one game) or an array of bools (``None``: every game of the block). Each method is
    arithmetic on the backend's kind of number, or a note of what happened (the scalar machine's events with
    their causes, the array machine's counts); none of them decides a rule."""

    #: Per post, per value; and the globals in expr.GLOBAL_INDEX's order (the environment reads these lists).
    c: list[list[Any]]
    g: list[Any]
    #: The mask of every game.
    every: Any

    def at(self, ci: int) -> None:
        """Make ``ci`` the current post of expressions ("here")."""

    def eval(self, expr: int) -> Any:
        """The program's expression ``expr`` at the current post."""

    def holds(self, x: Any, within: Any) -> Any:
        """The games of ``within`` where ``x`` is true (not 0)."""

    def any(self, mask: Any) -> bool:
        """Whether any game is in ``mask``."""

    def clamp(self, x: Any, lo: float, hi: float) -> Any:
        """``x`` within [lo, hi]: NaN to ``lo``, infinities to the ends."""

    def where(self, mask: Any, a: Any, b: Any) -> Any:
        """``a`` where ``mask`` holds, else ``b``."""

    def full(self, x: float) -> Any:
        """``x`` in every game."""

    def both(self, a: Any, b: Any) -> Any:
        """The games in both masks."""

    def but(self, a: Any, b: Any) -> Any:
        """The games of ``a`` not in ``b``."""

    def whole(self, x: Any) -> Any:
        """The whole part of ``x`` (not negative)."""

    def least(self, a: Any, b: Any) -> Any:
        """The smaller of two whole numbers, in each game."""

    def most(self, x: Any) -> int:
        """The largest whole number ``x`` holds in any game."""

    def pool(self, weights: Sequence[Any]) -> Any:
        """The weights (numbers, in order) as one pool of weights per game."""

    def positive(self, pool: Any) -> Any:
        """How many of the pool's weights are above 0, in each game."""

    def total(self, pool: Any) -> Any:
        """The sum of the pool's weights, added left to right (as ``expr.fsum_left``), in each game."""

    def first_below(self, x: Any, pool: Any) -> Any:
        """In each game, the first position k where ``x`` less the weights before k (subtracted one by one, left
        to right) is below weight k; -1 where there is none."""

    def last_positive(self, pool: Any) -> Any:
        """In each game, the last position whose weight is above 0; -1 where there is none."""

    def drop(self, pool: Any, k: Any, within: Any) -> Any:
        """The pool with weight ``k`` (a position per game) made 0 in the games of ``within``."""

    def pick(self, table: Sequence[Any], index: Any) -> Any:
        """``table[index]`` for each game."""

    def put_value(self, ci: int, vi: int, after: Any, within: Any, cause: Any) -> None:
        """Value ``vi`` of post ``ci`` becomes ``after`` (already clamped) in the games of ``within``."""

    def put_global(self, gi: int, after: Any, within: Any, cause: Any) -> None:
        """Global ``gi`` becomes ``after`` (already clamped) in the games of ``within``."""

    def split(self, picked: Any, within: Any, effects: tuple[tuple[Eff, ...], ...], ci: int, scale: Any
              ) -> Iterable[tuple[int, Any]]:
        """For the item picked in each game of ``within`` (a card or a response; ``len(effects)`` is "none"),
        the items whose effects are still to run, each with its games. A backend may apply effects itself
        where that is the same arithmetic as ``run`` (the array machine adds constant amounts of many items
        in one step); what it yields, the interpreter runs."""

    def unfired(self, key: str) -> Any:
        """The games in which the event remembered by ``key`` has not fired."""

    def draws(self, turn: int, where: str, purpose: str, n: int, within: Any) -> Any:
        """The n-th draw (from 1) of the stream (seed, turn, where, purpose) in each game of ``within``."""

    def cause(self, kind: str, item: Any, ci: int | None) -> Any:
        """The cause of the changes that follow (None when the machine does not explain)."""

    def drawn(self, cause: Any, eff: Eff, amount: Any) -> Any:
        """``cause`` for the change of a ranged effect, ``eff``, by the ``amount`` drawn (negated for -=)."""

    def note_fired(self, event: Event, key: str, ci: int | None, games: Any, turn: int) -> None:
        """The event fired in ``games``: remember ``key`` there."""

    def answered(self, slot: int, ci: int, card: Any, response: Any) -> None:
        """A card's answer is about to be applied."""

    def launched(self, i: int, games: Any) -> None:
        """Initiative ``i`` is about to be applied in ``games``."""

    def drew(self, turn: int, ci: int, place: int, card: Any, active: Any) -> None:
        """The card at ``place`` of post ``ci`` (``place``): ``card`` in the games of ``active``."""

    def calendar(self, turn: int, month: int, year: int) -> None:
        """The calendar globals of month ``turn``."""


# --- the interpreter -----------------------------------------------------------------------------------------

def run(m: Machine, effects: tuple[Eff, ...], ci: int, scale: Any, within: Any, cause: Any,
        stream: tuple[int, str, str] | None = None) -> None:
    """Effect statements at post ``ci``, in order, in the games of ``within``; every change clamped at once.
    A ranged amount draws from ``stream``, (month, post, purpose), as ``Eff`` says."""
    for e in effects:
        m.at(ci)
        because = cause
        if e.const is not None:
            amount = e.const
        elif e.span is None:
            amount = m.eval(e.expr)
            if e.neg:
                amount = -amount
        else:
            assert stream is not None, "only a response's effects have ranges, and they run with their stream"
            low, high = e.span
            amount = low + (high - low) * m.draws(*stream, e.draw, within)
            if e.neg:
                amount = -amount
            because = m.drawn(cause, e, amount)
        if e.is_global:
            after = amount if e.sets else m.g[e.idx] + amount * scale
            m.put_global(e.idx, m.clamp(after, 0.0, GLOBAL_TOP[e.idx]), within, because)
        else:
            post = ci if e.target < 0 else e.target
            after = amount if e.sets else m.c[post][e.idx] + amount * scale
            m.put_value(post, e.idx, m.clamp(after, VALUE_MIN, VALUE_MAX), within, because)


def fire(m: Machine, ev: Event, turn: int) -> list[tuple[int, Any]]:
    """An event, at each of its posts (or once, globally): where it has not fired yet if it fires once, its
    condition holds and its chance comes up, its effects apply. A decision event returns the posts where it
    fired with the games it fired in: its decision goes on the table there."""
    decided: list[tuple[int, Any]] = []
    item = ev.item
    for ci, key, where in ev.targets:
        games = m.unfired(key) if item.once else m.every
        here = 0 if ci is None else ci
        if ev.when is not None and m.any(games):
            m.at(here)
            games = m.holds(m.eval(ev.when), games)
        if item.chance < 1.0 and m.any(games):
            games = m.holds(m.draws(turn, where, f"event:{item.id}", 1, games) < item.chance, games)
        if not m.any(games):
            continue
        m.note_fired(ev, key, ci, games, turn)
        run(m, ev.effects, here, 1.0, games, m.cause("event", item, ci))
        if ev.decision is not None:
            decided.append((here, games))
    return decided


#: A card's place on the table: (post, the card in each game or "no card", the games that hold one, its place
#: at the post, see ``place``).
Slot = tuple[int, Any, Any, int]


def draw(p: MonthProgram, m: Machine, turn: int, decided: Sequence[tuple[int, int, Any]] = ()) -> list[Slot]:
    """China's outreach at every post: how many cards, then each drawn from the pool in proportion to its
    weight (a card drawn leaves the pool), from the stream (seed, turn, post, "outreach"); then at the post
    the decisions of the month's events (``decided``: post, card, the games), in the order of their events."""
    slots: list[Slot] = []
    for ci in range(len(p.cids)):
        slots += _outreach(p, m, turn, ci)
        for at, card, games in decided:
            if at == ci:
                active = m.holds(1.0, games)
                slot = (ci, m.where(active, m.full(card), p.nc), active, decision_place(p, card))
                m.drew(turn, ci, slot[3], slot[1], active)
                slots.append(slot)
    return slots


def _outreach(p: MonthProgram, m: Machine, turn: int, ci: int) -> list[Slot]:
    slots: list[Slot] = []
    every = m.every
    m.at(ci)
    n = m.whole(m.clamp(m.eval(p.cards_per_turn[ci]), 0.0, p.max_cards) + 0.5)  # NaN: no card
    cards, constant, variable = p.pools[ci]
    if not constant or not m.any(m.holds(n, every)):
        return slots
    weights: list[Any] = list(constant)
    for pos, when, weight in variable:
        # In the pool where its condition holds and its weight is above 0 (the weight is read only where the
        # condition holds: expressions change nothing, so the order of reading them does not matter).
        keep = every if when is None else m.holds(m.eval(when), every)
        if not m.any(keep):
            weights[pos] = 0.0
            continue
        w = m.eval(weight)
        weights[pos] = m.where(m.holds(w > 0, keep), w, 0.0)
    pool = m.pool(weights)
    count = m.least(n, m.positive(pool))
    if not m.any(m.holds(count, every)):
        return slots
    drawn = m.most(count)
    for j in range(drawn):
        active = m.holds(count > j, every)
        x = m.draws(turn, p.cids[ci], "outreach", j + 1, every) * m.total(pool)
        pick = m.first_below(x, pool)
        passed = m.holds(pick < 0, every)
        if m.any(passed):  # rounding passed every weight: the pick is the last card still in the pool
            pick = m.where(passed, m.last_positive(pool), pick)
        card = m.where(active, m.pick(cards, m.where(pick > 0, pick, 0)), p.nc)
        m.drew(turn, ci, j, card, active)
        slots.append((ci, card, active, j))
        if j + 1 < drawn:  # the card drawn is out of the pool for the next draw
            pool = m.drop(pool, pick, active)
    return slots


def open_month(p: MonthProgram, m: Machine, turn: int) -> list[Slot]:
    """The opening of month ``turn``: its calendar, its dated events, then the draw at every post."""
    year, month = p.sc.month_of(turn)
    m.calendar(turn, month, year)
    decided = [(ci, ev.decision, games) for ev in p.dated.get(turn, ()) for ci, games in fire(m, ev, turn)
               if ev.decision is not None]
    return draw(p, m, turn, decided)


def allowance(p: MonthProgram, m: Machine, allowance: float, cause: Any) -> None:
    """Between two months: the capital is the allowance plus what was left unspent, up to the carry."""
    carry = m.clamp(m.g[1], 0.0, p.carry)
    m.put_global(1, m.clamp(allowance + carry, 0.0, RESOURCE_MAX), m.every, cause)


def resolve_month(p: MonthProgram, m: Machine, turn: int, slots: Sequence[Slot], responses: Sequence[Any],
                  launched: Sequence[Any]) -> None:
    """The month's resolution: per card (in the order drawn) the response's cost, the card's effects scaled
    by 1 - block, the response's effects; the launched initiatives (``launched``: per initiative, the games
    that launch it), in scenario order, at each of their posts; the scenario's rules in order (global ones
    once, per-post ones post by post); the conditional events."""
    every = m.every
    for s, ((ci, card, _, at), r) in enumerate(zip(slots, responses, strict=True)):
        m.answered(s, ci, card, r)
        cost = m.cause("response", r, ci)
        m.put_global(1, m.clamp(m.g[1] - m.pick(p.resp_capital, r), 0.0, RESOURCE_MAX), every, cost)
        m.put_global(2, m.clamp(m.g[2] - m.pick(p.resp_economy, r), 0.0, RESOURCE_MAX), every, cost)
        scale = m.pick(p.scales, card * (p.nr + 1) + r)
        scale = m.where(scale > 0, scale, 0.0)  # a card whose effects are blocked changes nothing
        for k, games in m.split(card, m.holds(scale, every), p.card_effects, ci, scale):
            run(m, p.card_effects[k], ci, scale, games, m.cause("card", k, ci))
        for k, games in m.split(r, every, p.resp_effects, ci, 1.0):
            run(m, p.resp_effects[k], ci, 1.0, games, m.cause("response", k, ci),
                (turn, p.cids[ci], f"range:{p.names[at]}"))
    for i, ((ini, effects), games) in enumerate(zip(p.initiatives, launched, strict=True)):
        if not m.any(games):
            continue
        m.launched(i, games)
        cause = m.cause("initiative", ini, None)
        m.put_global(1, m.clamp(m.g[1] - ini.capital, 0.0, RESOURCE_MAX), games, cause)
        m.put_global(2, m.clamp(m.g[2] - ini.economy, 0.0, RESOURCE_MAX), games, cause)
        for ci in ini.countries:
            run(m, effects, ci, 1.0, games, cause)
    for rule, when, effects in p.rules:
        cause = m.cause("rule", rule, None)
        for ci in (0,) if rule.countries is None else rule.countries:
            games = every
            if when is not None:
                m.at(ci)
                games = m.holds(m.eval(when), every)
            if m.any(games):
                run(m, effects, ci, 1.0, games, cause)
    for ev in p.conditional:
        fire(m, ev, turn)


def ending(p: MonthProgram, m: Machine) -> Any:
    """The index of the first ending whose condition holds (the last ending when none does), in each game."""
    m.at(0)
    found = m.full(-1)
    for e, (when, _) in enumerate(p.endings):
        holds = every = m.every
        if when is not None:
            holds = m.holds(m.eval(when), every)
        found = m.where(m.both(found < 0, holds), e, found)
    return m.where(found < 0, len(p.endings) - 1, found)
