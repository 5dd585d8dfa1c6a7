"""The monthly report as data: every front end (plain text, the TUI, the debrief) renders this one model.

``month_report`` sorts the events that ending a month returned into what China did, what the player did,
what fired, and the net change of every number with the causes that add up to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from game.engine.expr import COUNTRY_VARS, Effect, Env
from game.engine.state import (
    CardDrawn,
    Cause,
    EventFired,
    GameEvent,
    GameOver,
    GameState,
    InitiativeLaunched,
    MonthBegan,
    ResponseApplied,
    TurnEnded,
    ValueChanged,
    cohesion,
    month_globals,
)


@dataclass(frozen=True)
class NetChange:
    """One number's change over a month and the causes that make it up (in the order they happened)."""

    country: str | None
    var: str
    before: float
    after: float
    parts: tuple[tuple[Cause, float], ...]

    @property
    def delta(self) -> float:
        return self.after - self.before


@dataclass(frozen=True)
class MonthReport:
    turn: int
    label: str
    responses: tuple[ResponseApplied, ...]
    initiatives: tuple[str, ...]
    fired: tuple[EventFired, ...]
    changes: tuple[NetChange, ...]
    cohesion_before: float
    cohesion_after: float
    ending: str | None
    score: int | None
    briefing: tuple[GameEvent, ...]  # the next month's opening: MonthBegan, dated events, cards drawn

    def changes_at(self, country: str | None) -> tuple[NetChange, ...]:
        return tuple(c for c in self.changes if c.country == country)


def split_opening(events: Sequence[GameEvent]) -> tuple[tuple[GameEvent, ...], tuple[GameEvent, ...]]:
    """Split ending a month's events into (the resolution, the next month's opening)."""
    for k, ev in enumerate(events):
        if isinstance(ev, MonthBegan):
            return tuple(events[:k]), tuple(events[k:])
    return tuple(events), ()


def net_changes(events: Sequence[GameEvent]) -> tuple[NetChange, ...]:
    """Fold ValueChanged events into one NetChange per (country, value), causes merged by identity."""
    order: list[tuple[str | None, str]] = []
    first: dict[tuple[str | None, str], float] = {}
    last: dict[tuple[str | None, str], float] = {}
    parts: dict[tuple[str | None, str], dict[Cause, float]] = {}
    for ev in events:
        if not isinstance(ev, ValueChanged):
            continue
        key = (ev.country, ev.var)
        if key not in first:
            order.append(key)
            first[key] = ev.before
            parts[key] = {}
        last[key] = ev.after
        parts[key][ev.cause] = parts[key].get(ev.cause, 0.0) + ev.delta
    return tuple(NetChange(k[0], k[1], first[k], last[k], tuple(parts[k].items())) for k in order)


def month_report(before: GameState, events: Sequence[GameEvent]) -> MonthReport:
    """The report of the month ``before`` was in, from the events that ending it returned."""
    resolution, opening = split_opening(events)
    ending = score = None
    after_cohesion = before.cohesion
    for ev in resolution:
        if isinstance(ev, GameOver):
            ending, score = ev.ending, ev.score
        elif isinstance(ev, TurnEnded):
            after_cohesion = ev.cohesion
    return MonthReport(
        turn=before.turn, label=before.scenario.month_label(before.turn),
        responses=tuple(e for e in resolution if isinstance(e, ResponseApplied)),
        initiatives=tuple(e.initiative for e in resolution if isinstance(e, InitiativeLaunched)),
        fired=tuple(e for e in resolution if isinstance(e, EventFired)),
        changes=net_changes(resolution),
        cohesion_before=before.cohesion, cohesion_after=after_cohesion, ending=ending, score=score,
        briefing=opening)


def briefing_parts(briefing: Sequence[GameEvent]) -> tuple[tuple[EventFired, ...], tuple[CardDrawn, ...],
                                                           tuple[NetChange, ...]]:
    """A month's opening: the dated events that fired, the cards drawn, and what the events changed."""
    return (tuple(e for e in briefing if isinstance(e, EventFired)),
            tuple(e for e in briefing if isinstance(e, CardDrawn)),
            net_changes([e for e in briefing if isinstance(e, ValueChanged) and e.cause.kind == "event"]))


@dataclass(frozen=True)
class Told:
    """An event as a front end tells it: once, with every country where it fired (none for a global one)."""

    event: str
    countries: tuple[str, ...]


def told_once(fired: Sequence[EventFired]) -> tuple[Told, ...]:
    """Each event once, with the countries it fired at, in the order they first fired."""
    order: dict[str, list[str]] = {}
    for ev in fired:
        where = order.setdefault(ev.event, [])
        if ev.country is not None:
            where.append(ev.country)
    return tuple(Told(event, tuple(countries)) for event, countries in order.items())


def since_last_month(state: GameState, previous: GameState | None) -> tuple[tuple[float, ...], ...]:
    """The values "the change since last month" is measured from: those of the previous month's opening
    (``previous``: the state the player planned on then, the session's), so the change takes in last month's
    results and this month's opening events, as the values shown now do. In the first month (no previous
    state), the values the game started from, before the month's opening events."""
    return previous.values if previous is not None else state.start_values


def trend_ends(state: GameState, previous: GameState | None, country: str, var: str) -> tuple[float, float]:
    """A value then (``since_last_month``) and now. Front ends show the move as ``game.text.change`` of the
    two."""
    ci, vi = state.scenario.country_index(country), COUNTRY_VARS.index(var)
    return since_last_month(state, previous)[ci][vi], state.values[ci][vi]


def cohesion_ends(state: GameState, previous: GameState | None) -> tuple[float, float]:
    """The cohesion then (``since_last_month``) and now."""
    return cohesion(state.scenario, since_last_month(state, previous)), state.cohesion


def series(state: GameState, country: str | None, var: str) -> list[float]:
    """A value at the start and at the end of every finished month, for charts (country None: cohesion)."""
    sc = state.scenario
    rows = [state.start_values, *(h.values for h in state.history)]
    if country is None:
        return [cohesion(sc, r) for r in rows]
    ci, vi = sc.country_index(country), COUNTRY_VARS.index(var)
    return [r[ci][vi] for r in rows]


@dataclass(frozen=True)
class Budget:
    """What is left to spend, with this month's plan counted: capital for this month, economy for the game.

    ``runs_out`` is the month in which, spending the economy at the pace of the months so far (this month's
    plan included), it can no longer be paid; None while it lasts to the end or nothing has been spent.
    """

    capital: float
    capital_month: float
    economy: float
    economy_total: float
    runs_out: int | None


def budget(state: GameState) -> Budget:
    sc = state.scenario
    capital, economy = state.remaining()
    total = sc.difficulty(state.difficulty).economy if state.difficulty else sc.economy
    total = max(total, economy)  # events may have added to it
    spent_now = state.spent()[1] > 0
    months = state.turn - 1 + (1 if spent_now else 0)
    spent = total - economy
    runs_out = None
    if months and spent > 1e-9:
        pace = spent / months
        month = state.turn + int(economy / pace + 1e-9) + (1 if spent_now else 0)
        runs_out = month if month <= sc.turns else None
    return Budget(capital, state.capital, economy, total, runs_out)


@dataclass(frozen=True)
class Highlight:
    """One of the month's largest changes at a post, with the causes that did most of it (largest first)."""

    change: NetChange
    causes: tuple[tuple[Cause, float], ...]


def month_summary(report: MonthReport, count: int = 3, causes: int = 2) -> tuple[Highlight, ...]:
    """The ``count`` changes at the posts that mattered most this month: the largest moves of a country's
    value (first come first among equals), each with its ``causes`` largest parts."""
    moves = [c for c in report.changes if c.country is not None and abs(c.delta) > 1e-9]
    ranked = sorted(moves, key=lambda c: -abs(c.delta))[:count]
    return tuple(Highlight(c, tuple(sorted(c.parts, key=lambda p: -abs(p[1]))[:causes])) for c in ranked)


def state_env(state: GameState, turn: int | None = None) -> Env:
    """An expression environment over a state's values and globals, as month ``turn`` (default: the state's
    own month) reads them."""
    sc = state.scenario
    g = month_globals(sc, state.turn if turn is None else turn, state.climate, state.capital, state.economy)
    return sc.env([list(row) for row in state.values], g)


def effects_now(state: GameState, effects: Sequence[Effect], country: int) -> tuple[float, ...]:
    """Each effect's amount if it took effect now at post ``country`` (the index of a card's post): what an
    effect that reads the post's values, such as "alignment -= 1 + alignment / 20", would move there."""
    env = state_env(state)
    env.i = country
    return tuple(e.value(env) for e in effects)
