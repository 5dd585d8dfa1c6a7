"""The rules: a game state, its legal actions in a deterministic order, applying them, and the outcome.

The shape follows OpenSpiel's game/state interface and python-chess: ``new_game`` gives the first state;
``legal_actions`` lists what the player may do; ``apply`` returns the next state and the events the action
caused; ``state.over`` and ``state.ending`` say how it ended. States are immutable between actions. Inside
one month's resolution the engine works on plain lists (``_Month``) for speed, then freezes the result.

A month goes: opening (dated events fire, China's outreach cards are drawn at every post), the player's
plan (a response per card at the posts where the player acts, and any initiatives), then resolution (cards
and responses, initiatives, the scenario's monthly rules, conditional events), then the next opening.
Every change of every number is a ``ValueChanged`` event carrying its ``Cause``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, overload

from game.engine.data import (
    RESOURCE_MAX,
    VALUE_MAX,
    VALUE_MIN,
    Card,
    Country,
    Ending,
    HistoricalEvent,
    Origin,
    Response,
    Scenario,
    per_scenario,
)
from game.engine.expr import COUNTRY_VARS, Effect, Env, fsum_left
from game.engine.rng import Stream, seed_problem
from game.errors import AmbassadorError

if TYPE_CHECKING:  # the engine runs without numpy; game.engine.lockstep asks ``affords`` about arrays
    import numpy as np
    import numpy.typing as npt

__all__ = [
    "Action",
    "CardDrawn",
    "Cause",
    "DrawnCard",
    "EndTurn",
    "EventFired",
    "GameEvent",
    "GameFinishedError",
    "GameOver",
    "GameState",
    "IllegalActionError",
    "InitiativeLaunched",
    "Launch",
    "MonthBegan",
    "Recall",
    "Respond",
    "ResponseApplied",
    "TurnEnded",
    "TurnRecord",
    "ValueChanged",
    "affords",
    "apply",
    "checked_plan",
    "cohesion",
    "final_score",
    "legal_actions",
    "new_game",
    "play_turn",
]


class IllegalActionError(AmbassadorError, ValueError):
    """The action is not legal in this state; the message says why."""


class GameFinishedError(IllegalActionError):
    """The game has ended: no action and no month is left to play."""


# --- the budget ----------------------------------------------------------------------------------------

#: The room a budget check leaves for rounding: a cost fits when it is at most what is left plus this.
BUDGET_ROOM = 1e-9

@overload
def affords(capital: float, economy: float, capital_left: float, economy_left: float) -> bool: ...


@overload
def affords(capital: npt.NDArray[np.float64] | float, economy: npt.NDArray[np.float64] | float,
            capital_left: npt.NDArray[np.float64], economy_left: npt.NDArray[np.float64]
            ) -> npt.NDArray[np.bool_]: ...


def affords(capital: Any, economy: Any, capital_left: Any, economy_left: Any) -> Any:
    """The budget rule, written once: whether a cost of ``capital`` and ``economy`` fits what is left.

    The engine's checks (``legal_actions``, ``apply``), the policies and the blocks of game.engine.lockstep all
    ask this; it works on floats (a bool comes back) and, element by element, on numpy arrays alike."""
    return (capital <= capital_left + BUDGET_ROOM) & (economy <= economy_left + BUDGET_ROOM)


# --- actions -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Respond:
    """Answer one of this month's cards (replacing any earlier answer to it)."""

    card: str
    response: str

    def __str__(self) -> str:
        return f"respond {self.card} {self.response}"


@dataclass(frozen=True)
class Launch:
    """Add an initiative (such as multilateral coordination) to this month's plan."""

    initiative: str

    def __str__(self) -> str:
        return f"launch {self.initiative}"


@dataclass(frozen=True)
class Recall:
    """Take an initiative back out of this month's plan."""

    initiative: str

    def __str__(self) -> str:
        return f"recall {self.initiative}"


@dataclass(frozen=True)
class EndTurn:
    """Resolve the month. Unanswered cards get the scenario's default response."""

    def __str__(self) -> str:
        return "end"


Action = Respond | Launch | Recall | EndTurn


# --- events --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Cause:
    """Why a number changed: which kind of thing (card, response, initiative, rule, event, month), which
    item, at which post, and the scenario line it was written on."""

    kind: str
    id: str
    label: str
    origin: Origin | None = None
    country: str | None = None

    def __str__(self) -> str:
        return f"{self.kind} '{self.label}'"


@dataclass(frozen=True)
class MonthBegan:
    turn: int
    label: str


@dataclass(frozen=True)
class CardDrawn:
    turn: int
    uid: str
    country: str
    card: str


@dataclass(frozen=True)
class ResponseApplied:
    turn: int
    uid: str
    country: str
    card: str
    response: str
    chosen: bool  # False when the default was applied because the card was left unanswered


@dataclass(frozen=True)
class InitiativeLaunched:
    turn: int
    initiative: str


@dataclass(frozen=True)
class EventFired:
    turn: int
    event: str
    country: str | None


@dataclass(frozen=True)
class ValueChanged:
    """One number changed. ``country`` is None for a global value (climate, capital, economy)."""

    turn: int
    country: str | None
    var: str
    before: float
    after: float
    cause: Cause

    @property
    def delta(self) -> float:
        return self.after - self.before


@dataclass(frozen=True)
class TurnEnded:
    turn: int
    cohesion: float


@dataclass(frozen=True)
class GameOver:
    ending: str
    score: int


GameEvent = MonthBegan | CardDrawn | ResponseApplied | InitiativeLaunched | EventFired | ValueChanged | \
    TurnEnded | GameOver


# --- state ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DrawnCard:
    uid: str
    country: int
    card: str


@dataclass(frozen=True)
class TurnRecord:
    """What a finished month left behind: the plan that was played and the numbers at its end."""

    turn: int
    choices: tuple[tuple[str, str], ...]
    initiatives: tuple[str, ...]
    values: tuple[tuple[float, ...], ...]
    climate: float
    capital: float
    economy: float
    cohesion: float


@dataclass(frozen=True)
class GameState:
    scenario: Scenario
    seed: int
    difficulty: str
    turn: int
    values: tuple[tuple[float, ...], ...]
    climate: float
    capital: float
    economy: float
    cards: tuple[DrawnCard, ...]
    plan: tuple[tuple[str, str], ...] = ()
    launched: tuple[str, ...] = ()
    fired: frozenset[str] = frozenset()
    history: tuple[TurnRecord, ...] = ()
    briefing: tuple[GameEvent, ...] = ()
    start_values: tuple[tuple[float, ...], ...] = ()
    over: bool = False
    ending: str | None = None
    score: int | None = None

    # -- reading the state ------------------------------------------------------------------------------
    @property
    def cohesion(self) -> float:
        return cohesion(self.scenario, self.values)

    def value(self, country: str, var: str) -> float:
        return self.values[self.scenario.country_index(country)][COUNTRY_VARS.index(var)]

    def previous_values(self) -> tuple[tuple[float, ...], ...]:
        """The values at the start of this month (for trend marks)."""
        return self.history[-1].values if self.history else self.start_values

    def drawn(self, uid: str) -> DrawnCard:
        for c in self.cards:
            if c.uid == uid:
                return c
        raise IllegalActionError(f"there is no card {uid!r} this month")

    def cards_at(self, country: str) -> tuple[DrawnCard, ...]:
        ci = self.scenario.country_index(country)
        return tuple(c for c in self.cards if c.country == ci)

    def choice(self, uid: str) -> str | None:
        for u, r in self.plan:
            if u == uid:
                return r
        return None

    def spent(self) -> tuple[float, float]:
        """The (capital, economy) this month's plan costs."""
        sc = self.scenario
        cap = eco = 0.0
        for _, rid in self.plan:
            r = sc.response(rid)
            cap += r.capital
            eco += r.economy
        for iid in self.launched:
            ini = sc.initiative(iid)
            cap += ini.capital
            eco += ini.economy
        return cap, eco

    def remaining(self) -> tuple[float, float]:
        cap, eco = self.spent()
        return self.capital - cap, self.economy - eco

    def allowed_responses(self, uid: str) -> tuple[Response, ...]:
        """The responses the card admits (affordable or not), in scenario order."""
        card = self.scenario.card(self.drawn(uid).card)
        return tuple(self.scenario.response(r) for r in card.responses)

    def can_afford(self, uid: str, response: Response) -> bool:
        cap, eco = self.remaining()
        current = self.choice(uid)
        if current is not None:
            old = self.scenario.response(current)
            cap += old.capital
            eco += old.economy
        return affords(response.capital, response.economy, cap, eco)

    def unanswered(self) -> tuple[DrawnCard, ...]:
        chosen = {u for u, _ in self.plan}
        return tuple(c for c in self.cards if self.scenario.countries[c.country].acts and c.uid not in chosen)

    @property
    def total_turns(self) -> int:
        return self.scenario.turns


_UNEXPLAINED = Cause("engine", "", "unexplained")


def cohesion(scenario: Scenario, values: Iterable[tuple[float, ...]]) -> float:
    """The scenario's aggregate ('cohesion' in expressions) over these values, as a month's end computes it
    (expr.Env.cohesion); it reads only the countries' values."""
    return scenario.env([list(row) for row in values], []).cohesion()


# --- the legal actions -----------------------------------------------------------------------------------

def legal_actions(state: GameState) -> list[Action]:
    """Every legal action, in a fixed order: responses card by card, initiatives, then ending the month."""
    if state.over:
        return []
    sc = state.scenario
    actions: list[Action] = []
    for drawn in state.cards:
        if not sc.countries[drawn.country].acts:
            continue
        current = state.choice(drawn.uid)
        for resp in state.allowed_responses(drawn.uid):
            if resp.id != current and state.can_afford(drawn.uid, resp):
                actions.append(Respond(drawn.uid, resp.id))
    cap, eco = state.remaining()
    for ini in sc.initiatives:
        if ini.id in state.launched:
            actions.append(Recall(ini.id))
        elif affords(ini.capital, ini.economy, cap, eco):
            actions.append(Launch(ini.id))
    actions.append(EndTurn())
    return actions


def apply(state: GameState, action: Action) -> tuple[GameState, tuple[GameEvent, ...]]:
    """Apply one action. Raises IllegalActionError, naming the reason, when it is not legal."""
    if state.over:
        raise GameFinishedError("the game is over")
    sc = state.scenario
    if isinstance(action, Respond):
        drawn = state.drawn(action.card)
        country = sc.countries[drawn.country]
        if not country.acts:
            raise IllegalActionError(f"{country.name} is watched, not run: you cannot answer cards there")
        card = sc.card(drawn.card)
        if action.response not in card.responses:
            allowed = ", ".join(card.responses)
            raise IllegalActionError(
                f"response {action.response!r} is not allowed on card {card.id!r} (allowed: {allowed})")
        resp = sc.response(action.response)
        if not state.can_afford(drawn.uid, resp):
            cap, eco = state.remaining()
            raise IllegalActionError(
                f"{resp.name} costs {_cost_text(sc, resp.capital, resp.economy)}; you have "
                f"{_cost_text(sc, cap, eco, left=True)} left this month")
        plan = (*tuple((u, r) for u, r in state.plan if u != drawn.uid), (drawn.uid, resp.id))
        order = {c.uid: k for k, c in enumerate(state.cards)}
        return replace(state, plan=tuple(sorted(plan, key=lambda p: order[p[0]]))), ()
    if isinstance(action, Launch):
        if not sc.has("initiatives", action.initiative):
            raise IllegalActionError(f"there is no initiative {action.initiative!r}")
        if action.initiative in state.launched:
            raise IllegalActionError(f"{action.initiative!r} is already in this month's plan")
        ini = sc.initiative(action.initiative)
        cap, eco = state.remaining()
        if not affords(ini.capital, ini.economy, cap, eco):
            raise IllegalActionError(
                f"{ini.name} costs {_cost_text(sc, ini.capital, ini.economy)}; you have "
                f"{_cost_text(sc, cap, eco, left=True)} left this month")
        launched = tuple(i.id for i in sc.initiatives if i.id in state.launched or i.id == ini.id)
        return replace(state, launched=launched), ()
    if isinstance(action, Recall):
        if action.initiative not in state.launched:
            raise IllegalActionError(f"{action.initiative!r} is not in this month's plan")
        return replace(state, launched=tuple(i for i in state.launched if i != action.initiative)), ()
    if isinstance(action, EndTurn):
        return _resolve(state, explain=True)
    raise IllegalActionError(f"not an action: {action!r}")


def play_turn(state: GameState, choices: Mapping[str, str], initiatives: Iterable[str] = (),
              *, explain: bool = True) -> tuple[GameState, tuple[GameEvent, ...]]:
    """Play a whole month's plan at once (records, replays and the simulator use this).

    Equivalent to applying a Respond per choice and a Launch per initiative, then EndTurn; with
    ``explain=False`` the same month (``_Month``) is resolved without building its events, so the new state
    carries no briefing and no events come back.
    """
    if state.over:
        raise GameFinishedError("the game is over: there is no month left to play")
    initiatives = tuple(initiatives)
    checked = _check_plan(state, choices, initiatives)
    if checked is not None:
        plan, launched = checked
        return _resolve(replace(state, plan=plan, launched=launched), explain=explain)
    for uid, rid in choices.items():
        state, _ = apply(state, Respond(uid, rid))
    for iid in initiatives:
        state, _ = apply(state, Launch(iid))
    return _resolve(state, explain=explain)


def exact_amount(x: float) -> bool:
    """True when ``x`` is a whole number of 1/1024ths below 2**30 (whole numbers, halves, quarters...): any
    few thousand such numbers add up exactly in floating point, in any order."""
    return float(x * 1024.0).is_integer() and abs(x) < 2.0**30


@dataclass(frozen=True)
class _Costs:
    """A scenario's costs, for checking a whole plan at once (computed once per scenario)."""

    acts: tuple[bool, ...]
    #: Per card id, the ids of the responses it admits.
    allowed: dict[str, frozenset[str]]
    #: Per response id, then per initiative id: (capital, economy, both exact_amount).
    responses: dict[str, tuple[float, float, bool]]
    initiatives: dict[str, tuple[float, float, bool]]
    initiative_order: tuple[str, ...]


@per_scenario
def _costs(sc: Scenario) -> _Costs:
    return _Costs(
        acts=tuple(c.acts for c in sc.countries),
        allowed={c.id: frozenset(c.responses) for c in sc.cards},
        responses={r.id: (r.capital, r.economy, exact_amount(r.capital) and exact_amount(r.economy))
                   for r in sc.responses},
        initiatives={i.id: (i.capital, i.economy, exact_amount(i.capital) and exact_amount(i.economy))
                     for i in sc.initiatives},
        initiative_order=tuple(i.id for i in sc.initiatives))


def _check_plan(state: GameState, choices: Mapping[str, str], initiatives: tuple[str, ...]
                ) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]] | None:
    """``checked_plan`` for a state; None for a state that already holds a plan."""
    if state.over or state.plan or state.launched:
        return None
    return checked_plan(state.scenario, state.cards, state.capital, state.economy, choices, initiatives)


def checked_plan(sc: Scenario, cards: Iterable[DrawnCard], capital: float, economy: float,
                 choices: Mapping[str, str], initiatives: tuple[str, ...]
                 ) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]] | None:
    """The whole-plan check, written once (``play_turn`` asks it of a state; game.engine.lockstep of each game
    of a block of records): the plan (in card order) and initiatives (in scenario order) that ``apply`` would
    leave in a state at a month's opening with these ``cards``, ``capital`` and ``economy`` from these
    choices and initiatives, built in one step; or None when any of them might be refused, so that the caller
    takes the action-by-action path and its exact error.

    The total is checked against the budget exactly only when every cost is ``exact_amount``: sums of such
    costs are exact in any order, and each step of the action-by-action check (``affords``) compares a cost
    with the budget less an exact sum (one rounding, far inside its room), so every step passes when the total
    fits. Otherwise the total must fit with room to spare."""
    costs = _costs(sc)
    acts, allowed, responses = costs.acts, costs.allowed, costs.responses
    exact = True
    cap = eco = 0.0
    plan: list[tuple[str, str]] = []
    for drawn in cards:
        rid = choices.get(drawn.uid)
        if rid is None:
            continue
        if not acts[drawn.country] or rid not in allowed[drawn.card]:
            return None
        c, e, whole = responses[rid]
        cap += c
        eco += e
        exact = exact and whole
        plan.append((drawn.uid, rid))
    if len(plan) != len(choices):
        return None  # a card that is not this month's
    for iid in initiatives:
        known = costs.initiatives.get(iid)
        if known is None or initiatives.count(iid) > 1:
            return None
        c, e, whole = known
        cap += c
        eco += e
        exact = exact and whole
    room = 0.0 if exact else 1e-6
    if cap > capital - room or eco > economy - room:
        return None
    launched = tuple(i for i in costs.initiative_order if i in initiatives) if initiatives else ()
    return tuple(plan), launched


def _cost_text(sc: Scenario, capital: float, economy: float, *, left: bool = False) -> str:
    """'2 capital and 1 economy', in the scenario's words; ``left``: both, even at 0."""
    w = sc.words
    parts = [f"{capital:g} {w.capital_short}"] if capital or left else []
    if economy or left:
        parts.append(f"{economy:g} {w.economy_short}")
    return " and ".join(parts) or "nothing"


# --- starting and resolving ----------------------------------------------------------------------------

def new_game(scenario: Scenario, seed: int | None = None, difficulty: str = "") -> GameState:
    """The state at the opening of the first month: dated events applied and the first cards drawn."""
    seed = scenario.seed if seed is None else seed
    problem = seed_problem(seed)
    if problem is not None:
        raise ValueError(problem)
    capital, economy = scenario.capital, scenario.economy
    if difficulty:
        d = scenario.difficulty(difficulty)
        capital, economy = d.capital, d.economy
    values = tuple(tuple(c.start) for c in scenario.countries)
    month = _Month(scenario, seed, 1, [list(v) for v in values], scenario.climate, capital, economy,
                   frozenset(), explain=True)
    month.open()
    return GameState(
        scenario=scenario, seed=seed, difficulty=difficulty, turn=1, values=month.frozen_values(),
        climate=month.g[0], capital=month.g[1], economy=month.g[2], cards=tuple(month.cards),
        fired=frozenset(month.fired), briefing=tuple(month.events), start_values=values)


def _resolve(state: GameState, *, explain: bool) -> tuple[GameState, tuple[GameEvent, ...]]:
    sc = state.scenario
    month = _Month(sc, state.seed, state.turn, [list(v) for v in state.values], state.climate, state.capital,
                   state.economy, state.fired, explain=explain)
    month.resolve(state.cards, dict(state.plan), state.launched)
    coh = month.env.cohesion()
    record = TurnRecord(state.turn, state.plan, state.launched, month.frozen_values(), month.g[0],
                        month.g[1], month.g[2], coh)
    if explain:
        month.events.append(TurnEnded(state.turn, coh))
    history = (*state.history, record)
    if state.turn >= sc.turns:
        ending = _ending(sc, month.env)
        score = final_score(history, ending.bonus)
        if explain:
            month.events.append(GameOver(ending.id, score))
        new = replace(state, values=record.values, climate=record.climate, capital=record.capital,
                      economy=record.economy, cards=(), plan=(), launched=(), fired=frozenset(month.fired),
                      history=history, briefing=(), over=True, ending=ending.id, score=score)
        return new, tuple(month.events)
    resolved = len(month.events)
    # The unspent capital carries over, up to the scenario's limit, on top of the monthly allowance.
    allowance = sc.capital if not state.difficulty else sc.difficulty(state.difficulty).capital
    carry = min(max(month.g[1], 0.0), sc.capital_carry)
    month.turn = state.turn + 1
    month.set_global(1, allowance + carry, Cause("month", "allowance", "the new month's allowance"))
    month.open()
    new = replace(state, turn=state.turn + 1, values=month.frozen_values(), climate=month.g[0],
                  capital=month.g[1], economy=month.g[2], cards=tuple(month.cards), plan=(), launched=(),
                  fired=frozenset(month.fired), history=history, briefing=tuple(month.events[resolved:]))
    return new, tuple(month.events)


def final_score(history: Iterable[TurnRecord], bonus: float) -> int:
    """The score of a finished game: the mean cohesion over its months plus the ending's bonus, rounded half
    up."""
    cohesions = [h.cohesion for h in history]
    return int(fsum_left(cohesions) / len(cohesions) + bonus + 0.5)


def _ending(sc: Scenario, env: Env) -> Ending:
    for ending in sc.endings:
        if ending.when is None or ending.when(env) != 0:
            return ending
    return sc.endings[-1]


@per_scenario
def _cards_at(sc: Scenario) -> tuple[tuple[Card, ...], ...]:
    """Per country index, the cards that can be drawn there, in scenario order (computed once per scenario)."""
    return tuple(tuple(c for c in sc.cards if ci in c.countries) for ci in range(len(sc.countries)))


def month_globals(sc: Scenario, turn: int, climate: float, capital: float, economy: float) -> list[float]:
    """The globals an expression reads in month ``turn``, in expr.GLOBAL_INDEX's order: the climate, the
    resources, then the calendar (turn, turns, month, year)."""
    year, month = sc.month_of(turn)
    return [climate, capital, economy, float(turn), float(sc.turns), float(month), float(year)]


class _Month:
    """One month's working state: mutable lists, an expression environment and the events so far."""

    def __init__(self, sc: Scenario, seed: int, turn: int, values: list[list[float]], climate: float,
                 capital: float, economy: float, fired: frozenset[str], *, explain: bool) -> None:
        self.sc = sc
        self.seed = seed
        self.turn = turn
        self.g = month_globals(sc, turn, climate, capital, economy)
        self.env = sc.env(values, self.g)
        self.fired = set(fired)
        self.explain = explain
        self.events: list[GameEvent] = []
        self.cards: list[DrawnCard] = []
        self.cards_at = _cards_at(sc)

    def _set_calendar(self) -> None:
        """The next month's calendar in the globals the environment reads (in place: it holds this list)."""
        self.g[3:] = month_globals(self.sc, self.turn, 0.0, 0.0, 0.0)[3:]

    def frozen_values(self) -> tuple[tuple[float, ...], ...]:
        return tuple(tuple(row) for row in self.env.c)

    # -- changing numbers -----------------------------------------------------------------------------
    def set_value(self, ci: int, vi: int, value: float, cause: Cause | None) -> None:
        row = self.env.c[ci]
        before = row[vi]
        after = VALUE_MAX if value > VALUE_MAX else value if value >= VALUE_MIN else VALUE_MIN  # NaN: the floor
        if after == before:
            return
        row[vi] = after
        if self.explain:
            self.events.append(ValueChanged(self.turn, self.sc.countries[ci].id, COUNTRY_VARS[vi], before,
                                            after, cause or _UNEXPLAINED))

    def set_global(self, gi: int, value: float, cause: Cause | None) -> None:
        before = self.g[gi]
        top = VALUE_MAX if gi == 0 else RESOURCE_MAX
        after = top if value > top else value if value >= 0.0 else 0.0  # NaN: the floor
        if after == before:
            return
        self.g[gi] = after
        if self.explain:
            self.events.append(ValueChanged(self.turn, None, ("climate", "capital", "economy")[gi], before,
                                            after, cause or _UNEXPLAINED))

    def run(self, effects: tuple[Effect, ...], ci: int, cause: Cause | None, scale: float = 1.0) -> None:
        """Apply effect statements with ``ci`` as the current country; += and -= are scaled."""
        env = self.env
        for eff in effects:
            env.i = ci
            amount = eff.value.fn(env)
            if eff.is_global:
                gi = ("climate", "capital", "economy").index(eff.var)
                base = self.g[gi]
                new = amount if eff.op == "=" else base + amount * scale if eff.op == "+=" \
                    else base - amount * scale
                self.set_global(gi, new, cause)
                continue
            target = ci if eff.country is None else eff.country
            vi = COUNTRY_VARS.index(eff.var)
            base = env.c[target][vi]
            new = amount if eff.op == "=" else base + amount * scale if eff.op == "+=" else base - amount * scale
            self.set_value(target, vi, new, cause)

    def cause(self, kind: str, item_id: str, label: str, origin: Origin, ci: int | None) -> Cause | None:
        if not self.explain:
            return None
        return Cause(kind, item_id, label, origin, None if ci is None else self.sc.countries[ci].id)

    # -- the opening: dated events, then China's outreach ----------------------------------------------
    def open(self) -> None:
        self._set_calendar()
        if self.explain:
            self.events.append(MonthBegan(self.turn, self.sc.month_label(self.turn)))
        for ev in self.sc.events:
            if ev.turn == self.turn:
                self._maybe_fire(ev)
        for ci, country in enumerate(self.sc.countries):
            self._draw(ci, country)

    def _draw(self, ci: int, country: Country) -> None:
        sc, env = self.sc, self.env
        env.i = ci
        group = sc.group(country.group)
        v = group.cards_per_turn.fn(env)
        n = int(min(v, float(sc.max_cards)) + 0.5) if v > 0.0 else 0  # NaN: no card
        if n <= 0:
            return
        pool: list[Card] = []
        weights: list[float] = []
        for card in self.cards_at[ci]:  # the cards that can be drawn there, in scenario order
            if card.when is None or card.when.fn(env) != 0:
                w = card.weight.fn(env)
                if w > 0:
                    pool.append(card)
                    weights.append(w)
        stream = Stream(self.seed, self.turn, country.id, "outreach")
        for k in range(min(n, len(pool))):
            pick = stream.weighted(weights)
            card = pool.pop(pick)
            weights.pop(pick)
            uid = f"t{self.turn}-{country.id}-{k + 1}"
            self.cards.append(DrawnCard(uid, ci, card.id))
            if self.explain:
                self.events.append(CardDrawn(self.turn, uid, country.id, card.id))

    # -- resolution -------------------------------------------------------------------------------------
    def resolve(self, cards: tuple[DrawnCard, ...], plan: dict[str, str], launched: tuple[str, ...]) -> None:
        sc, explain = self.sc, self.explain
        default = sc.default_response
        for drawn in cards:
            card = sc.card(drawn.card)
            rid = plan.get(drawn.uid)
            resp = default if rid is None else sc.response(rid)
            ci = drawn.country
            if explain:
                self.events.append(ResponseApplied(self.turn, drawn.uid, sc.countries[ci].id, card.id,
                                                   resp.id, rid is not None))
            if resp.capital or resp.economy:
                cost_cause = self.cause("response", resp.id, resp.name, resp.origin, ci)
                self.set_global(1, self.g[1] - resp.capital, cost_cause)
                self.set_global(2, self.g[2] - resp.economy, cost_cause)
            scale = 1.0 - card.block_for(resp)
            if scale > 0:
                self.run(card.effects, ci, self.cause("card", card.id, card.title, card.origin, ci),
                         scale)
            if resp.effects:
                self.run(resp.effects, ci, self.cause("response", resp.id, resp.name, resp.origin, ci))
        for iid in launched:
            ini = sc.initiative(iid)
            cause = self.cause("initiative", ini.id, ini.name, ini.origin, None)
            if explain:
                self.events.append(InitiativeLaunched(self.turn, ini.id))
            self.set_global(1, self.g[1] - ini.capital, cause)
            self.set_global(2, self.g[2] - ini.economy, cause)
            for ci in ini.countries:
                self.run(ini.effects, ci, cause)
        env = self.env
        for rule in sc.rules:
            cause = self.cause("rule", rule.id, rule.text, rule.origin, None)
            if rule.countries is None:
                if rule.when is None or rule.when.fn(env) != 0:
                    self.run(rule.effects, 0, cause)
                continue
            for ci in rule.countries:
                env.i = ci
                if rule.when is None or rule.when.fn(env) != 0:
                    self.run(rule.effects, ci, cause)
        for ev in sc.events:
            if ev.turn is None:
                self._maybe_fire(ev)

    def _maybe_fire(self, ev: HistoricalEvent) -> None:
        env = self.env
        targets: Iterable[int | None] = ev.countries if ev.countries is not None else (None,)
        for ci in targets:
            key = ev.id if ci is None else f"{ev.id}@{self.sc.countries[ci].id}"
            if ev.once and key in self.fired:
                continue
            env.i = 0 if ci is None else ci
            if ev.when is not None and ev.when.fn(env) == 0:
                continue
            if ev.chance < 1.0:
                where = "*" if ci is None else self.sc.countries[ci].id
                if Stream(self.seed, self.turn, where, f"event:{ev.id}").random() >= ev.chance:
                    continue
            self.fired.add(key)
            country_id = None if ci is None else self.sc.countries[ci].id
            if self.explain:
                self.events.append(EventFired(self.turn, ev.id, country_id))
            cause = self.cause("event", ev.id, ev.title, ev.origin, ci)
            self.run(ev.effects, 0 if ci is None else ci, cause)
