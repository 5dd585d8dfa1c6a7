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

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, overload

from game.engine.data import (
    Origin,
    Response,
    Scenario,
    per_scenario,
)
from game.engine.expr import COUNTRY_VARS, GLOBAL_VARS, Env, fsum_left
from game.engine.program import Eff, Event, Slot, allowance, ending, open_month, place, program, resolve_month
from game.engine.program import uid as card_uid
from game.engine.rng import nth_draw, seed_problem, stream_key
from game.errors import AmbassadorError

if TYPE_CHECKING:  # the engine runs without numpy; game.engine.lockstep asks ``affords`` about arrays
    import numpy as np
    import numpy.typing as npt

__all__ = [
    "Action",
    "CardDrawn",
    "Cause",
    "Drawn",
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
class Drawn:
    """An amount drawn from a range (``stability -= between(2, 6)``): the range's ends as the effect moves the
    value (-2 and -6 there), the amount drawn (-3.7, say), and whether the effect sets the value to it."""

    low: float
    high: float
    amount: float
    sets: bool = False


@dataclass(frozen=True)
class Cause:
    """Why a number changed: which kind of thing (card, response, initiative, rule, event, month), which
    item, at which post, and the scenario line it was written on; ``drawn``, for an amount drawn from a
    range."""

    kind: str
    id: str
    label: str
    origin: Origin | None = None
    country: str | None = None
    drawn: Drawn | None = None

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
    """What a finished month left behind: the plan that was played, the numbers at its end, and the cards that
    were on the table (as ``GameState.cards`` held them: a card the plan does not answer was left to its
    default; a post with none had no card that month)."""

    turn: int
    choices: tuple[tuple[str, str], ...]
    initiatives: tuple[str, ...]
    values: tuple[tuple[float, ...], ...]
    climate: float
    capital: float
    economy: float
    cohesion: float
    cards: tuple[DrawnCard, ...]


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

    def room(self, uid: str, left: tuple[float, float] | None = None) -> tuple[float, float]:
        """The (capital, economy) the card may spend on its answer: what is left of the budget (``left``: the
        ``remaining()`` the caller already has) plus what its current answer costs."""
        cap, eco = self.remaining() if left is None else left
        current = self.choice(uid)
        if current is not None:
            old = self.scenario.response(current)
            cap += old.capital
            eco += old.economy
        return cap, eco

    def can_afford(self, uid: str, response: Response) -> bool:
        return affords(response.capital, response.economy, *self.room(uid))

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
    left = state.remaining()
    for drawn in state.cards:
        if not sc.countries[drawn.country].acts:
            continue
        current = state.choice(drawn.uid)
        cap, eco = state.room(drawn.uid, left)
        for resp in state.allowed_responses(drawn.uid):
            if resp.id != current and affords(resp.capital, resp.economy, cap, eco):
                actions.append(Respond(drawn.uid, resp.id))
    cap, eco = left
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
            current = state.choice(drawn.uid)
            old = sc.response(current) if current is not None else None
            back = (f", and {old.name}, the answer it would replace, gives back "
                    f"{_cost_text(sc, old.capital, old.economy)}" if old and (old.capital or old.economy) else "")
            raise IllegalActionError(_refusal(sc, resp.name, resp.capital, resp.economy, state) + back)
        plan = (*tuple((u, r) for u, r in state.plan if u != drawn.uid), (drawn.uid, resp.id))
        order = {c.uid: k for k, c in enumerate(state.cards)}
        return replace(state, plan=tuple(sorted(plan, key=lambda p: order[p[0]]))), ()
    if isinstance(action, Launch):
        if not sc.has("initiatives", action.initiative):
            raise IllegalActionError(f"there is no initiative {action.initiative!r}")
        if action.initiative in state.launched:
            raise IllegalActionError(f"{action.initiative!r} is already in this month's plan")
        ini = sc.initiative(action.initiative)
        if not affords(ini.capital, ini.economy, *state.remaining()):
            raise IllegalActionError(_refusal(sc, ini.name, ini.capital, ini.economy, state))
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


def _cost_text(sc: Scenario, capital: float, economy: float) -> str:
    """'2 capital and 1 economy', in the scenario's words."""
    w = sc.words
    parts = [f"{capital:g} {w.capital_short}"] if capital else []
    if economy:
        parts.append(f"{economy:g} {w.economy_short}")
    return " and ".join(parts) or "nothing"


def _refusal(sc: Scenario, name: str, capital: float, economy: float, state: GameState) -> str:
    """Why a response or initiative cannot be paid: its cost and what is left, capital for this month and the
    economy for the rest of the game (it said 'economy left this month')."""
    cap, eco = state.remaining()
    w = sc.words
    return (f"{name} costs {_cost_text(sc, capital, economy)}; you have {cap:g} {w.capital_short} left this month "
            f"and {eco:g} {w.economy_short} left")


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
    open_month(month.p, month, 1)
    return GameState(
        scenario=scenario, seed=seed, difficulty=difficulty, turn=1, values=month.frozen_values(),
        climate=month.g[0], capital=month.g[1], economy=month.g[2], cards=tuple(month.cards),
        fired=frozenset(month.fired_keys), briefing=tuple(month.events), start_values=values)


def _resolve(state: GameState, *, explain: bool) -> tuple[GameState, tuple[GameEvent, ...]]:
    sc = state.scenario
    month = _Month(sc, state.seed, state.turn, [list(v) for v in state.values], state.climate, state.capital,
                   state.economy, state.fired, explain=explain)
    p = month.p
    slots, responses = month.answers(state.cards, dict(state.plan))
    resolve_month(p, month, state.turn, slots, responses, [i.id in state.launched for i in sc.initiatives])
    coh = month.env.cohesion()
    record = TurnRecord(state.turn, state.plan, state.launched, month.frozen_values(), month.g[0],
                        month.g[1], month.g[2], coh, state.cards)
    if explain:
        month.events.append(TurnEnded(state.turn, coh))
    history = (*state.history, record)
    if state.turn >= sc.turns:
        end = sc.endings[ending(p, month)]
        score = final_score(history, end.bonus)
        if explain:
            month.events.append(GameOver(end.id, score))
        new = replace(state, values=record.values, climate=record.climate, capital=record.capital,
                      economy=record.economy, cards=(), plan=(), launched=(), fired=frozenset(month.fired_keys),
                      history=history, briefing=(), over=True, ending=end.id, score=score)
        return new, tuple(month.events)
    resolved = len(month.events)
    month.turn = state.turn + 1
    allowance(p, month, sc.capital if not state.difficulty else sc.difficulty(state.difficulty).capital,
              month.cause("month", None, None))
    open_month(p, month, state.turn + 1)
    new = replace(state, turn=state.turn + 1, values=month.frozen_values(), climate=month.g[0],
                  capital=month.g[1], economy=month.g[2], cards=tuple(month.cards), plan=(), launched=(),
                  fired=frozenset(month.fired_keys), history=history, briefing=tuple(month.events[resolved:]))
    return new, tuple(month.events)


def final_score(history: Iterable[TurnRecord], bonus: float) -> int:
    """The score of a finished game: the mean cohesion over its months plus the ending's bonus, rounded half
    up."""
    cohesions = [h.cohesion for h in history]
    return int(fsum_left(cohesions) / len(cohesions) + bonus + 0.5)


def month_globals(sc: Scenario, turn: int, climate: float, capital: float, economy: float) -> list[float]:
    """The globals an expression reads in month ``turn``, in expr.GLOBAL_INDEX's order: the climate, the
    resources, then the calendar (turn, turns, month, year)."""
    year, month = sc.month_of(turn)
    return [climate, capital, economy, float(turn), float(sc.turns), float(month), float(year)]


class _Month:
    """The scalar machine of the month program (``game.engine.program``): one game's month on plain floats and
    bools, with the events so far (every change with its cause) when ``explain``, or none at all."""

    every = True

    def __init__(self, sc: Scenario, seed: int, turn: int, values: list[list[float]], climate: float,
                 capital: float, economy: float, fired: frozenset[str], *, explain: bool) -> None:
        self.sc = sc
        self.p = program(sc)
        self.fns = _closures(sc)
        self.seed = seed
        self.turn = turn
        self.c = values
        self.g = month_globals(sc, turn, climate, capital, economy)
        self.env = sc.env(values, self.g)
        self.fired_keys = set(fired)
        self.explain = explain
        self.events: list[GameEvent] = []
        self.cards: list[DrawnCard] = []
        #: The cards being resolved, and whether the plan answered each.
        self.resolving: list[tuple[DrawnCard, bool]] = []

    def frozen_values(self) -> tuple[tuple[float, ...], ...]:
        return tuple(tuple(row) for row in self.c)

    def answers(self, cards: tuple[DrawnCard, ...], plan: dict[str, str]) -> tuple[list[Slot], list[int]]:
        """The month's cards as the program's slots, and the plan's answer on each (the default response where
        it has none)."""
        p = self.p
        held = [(drawn.country, p.card_index[drawn.card]) for drawn in cards]
        slots: list[Slot] = []
        responses: list[int] = []
        for drawn, (ci, card), at in zip(cards, held, place(p, held), strict=True):
            rid = plan.get(drawn.uid)
            slots.append((ci, card, True, at))
            responses.append(p.card_default[card] if rid is None else p.resp_index[rid])
            self.resolving.append((drawn, rid is not None))
        return slots, responses

    # -- arithmetic on one game ----------------------------------------------------------------------------
    def at(self, ci: int) -> None:
        self.env.i = ci

    def eval(self, expr: int) -> float:
        return self.fns[expr](self.env)

    @staticmethod
    def holds(x: float, within: bool) -> bool:
        return within and x != 0

    @staticmethod
    def any(mask: bool) -> bool:
        return mask

    @staticmethod
    def clamp(x: float, lo: float, hi: float) -> float:
        return hi if x > hi else x if x >= lo else lo  # NaN: the floor

    @staticmethod
    def where(mask: bool, a: Any, b: Any) -> Any:
        return a if mask else b

    @staticmethod
    def full(x: float) -> float:
        return x

    @staticmethod
    def both(a: bool, b: bool) -> bool:
        return a and b

    @staticmethod
    def but(a: bool, b: bool) -> bool:
        return a and not b

    @staticmethod
    def whole(x: float) -> int:
        return int(x)

    @staticmethod
    def least(a: int, b: int) -> int:
        return a if a < b else b

    @staticmethod
    def most(x: int) -> int:
        return x

    @staticmethod
    def pool(weights: Sequence[float]) -> list[float]:
        return list(weights)

    @staticmethod
    def positive(pool: list[float]) -> int:
        return sum(1 for w in pool if w > 0)

    @staticmethod
    def total(pool: list[float]) -> float:
        return fsum_left(pool)

    @staticmethod
    def first_below(x: float, pool: list[float]) -> int:
        for k, w in enumerate(pool):
            if x < w:
                return k
            x -= w
        return -1

    @staticmethod
    def last_positive(pool: list[float]) -> int:
        for k in range(len(pool) - 1, -1, -1):
            if pool[k] > 0:
                return k
        return -1

    @staticmethod
    def drop(pool: list[float], k: int, within: bool) -> list[float]:
        if not within:
            return pool
        pool = pool.copy()
        pool[k] = 0.0
        return pool

    @staticmethod
    def pick(table: Sequence[Any], index: int) -> Any:
        return table[index]

    def put_value(self, ci: int, vi: int, after: float, within: bool, cause: Cause | None) -> None:
        row = self.c[ci]
        before = row[vi]
        if not within or after == before:
            return
        row[vi] = after
        if self.explain:
            self.events.append(ValueChanged(self.turn, self.sc.countries[ci].id, COUNTRY_VARS[vi], before,
                                            after, cause or _UNEXPLAINED))

    def put_global(self, gi: int, after: float, within: bool, cause: Cause | None) -> None:
        before = self.g[gi]
        if not within or after == before:
            return
        self.g[gi] = after
        if self.explain:
            self.events.append(ValueChanged(self.turn, None, GLOBAL_VARS[gi], before, after,
                                            cause or _UNEXPLAINED))

    @staticmethod
    def split(picked: int, within: bool, effects: tuple[tuple[Eff, ...], ...], ci: int, scale: float
              ) -> tuple[tuple[int, bool], ...]:
        return ((picked, True),) if within and picked < len(effects) and effects[picked] else ()

    def unfired(self, key: str) -> bool:
        return key not in self.fired_keys

    def draws(self, turn: int, where: str, purpose: str, n: int, within: bool) -> float:
        return nth_draw(stream_key(self.seed, turn, where, purpose), n)

    # -- what happened ---------------------------------------------------------------------------------------
    def cause(self, kind: str, item: Any, ci: int | None) -> Cause | None:
        """The cause of what follows: ``item`` is the card's or response's index for those kinds, else the
        scenario's item itself (None: the new month's allowance)."""
        if not self.explain:
            return None
        if kind == "month":
            return Cause("month", "allowance", "the new month's allowance")
        if kind == "card":
            item = self.p.cards[item]
        elif kind == "response":
            item = self.p.responses[item]
        label = item.title if kind in ("card", "event") else item.text if kind == "rule" else item.name
        return Cause(kind, item.id, label, item.origin, None if ci is None else self.sc.countries[ci].id)

    @staticmethod
    def drawn(cause: Cause | None, eff: Eff, amount: float) -> Cause | None:
        if cause is None or eff.span is None:
            return cause
        low, high = eff.span
        if eff.neg:
            low, high = -low, -high
        return replace(cause, drawn=Drawn(low, high, amount, eff.sets))

    def note_fired(self, event: Event, key: str, ci: int | None, games: bool, turn: int) -> None:
        self.fired_keys.add(key)
        if self.explain:
            self.events.append(EventFired(self.turn, event.item.id, None if ci is None else self.sc.countries[ci].id))

    def answered(self, slot: int, ci: int, card: int, response: int) -> None:
        if self.explain:
            drawn, chosen = self.resolving[slot]
            self.events.append(ResponseApplied(self.turn, drawn.uid, self.sc.countries[ci].id, drawn.card,
                                               self.p.responses[response].id, chosen))

    def launched(self, i: int, games: bool) -> None:
        if self.explain:
            self.events.append(InitiativeLaunched(self.turn, self.sc.initiatives[i].id))

    def drew(self, turn: int, ci: int, place: int, card: int, active: bool) -> None:
        if not active:
            return
        country = self.sc.countries[ci].id
        uid = card_uid(self.p, turn, ci, place)
        self.cards.append(DrawnCard(uid, ci, self.p.cards[card].id))
        if self.explain:
            self.events.append(CardDrawn(turn, uid, country, self.p.cards[card].id))

    def calendar(self, turn: int, month: int, year: int) -> None:
        self.turn = turn
        self.g[3:] = [float(turn), float(self.sc.turns), float(month), float(year)]
        if self.explain:
            self.events.append(MonthBegan(turn, self.sc.month_label(turn)))


@per_scenario
def _closures(sc: Scenario) -> tuple[Callable[[Env], float], ...]:
    """The month program's expressions as the closures the scenario was compiled with."""
    return tuple(e.fn for e in program(sc).exprs)
