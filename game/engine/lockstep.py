"""Many games in lockstep: the simulator's fixed policies played on numpy arrays, one element per game.

A balance report plays thousands of games of the random, ignore, hardline and scripted policies. Here a block
of games advances month by month together: every value of every post is an array with one element per game,
and each rule, draw and choice is one array operation for the whole block instead of one Python step per
game. The month's rules are not written here: ``_Block`` is the array machine of the month program
(``game.engine.program``), which the one-game month (``game.engine.state._Month``) runs too, with the same
floating-point operations in the same order, element by element (IEEE doubles give the same result in numpy as
in Python), and the same keyed streams (``game.engine.rng``), so every game ends exactly where ``play_turn``
would take it (tests/sim/test_lockstep.py, tests/records/test_replay_many.py, tests/engine/test_known_answers.py).

``rollouts`` plays the strong policy's lookahead the same way: many games from given states, each with its
own first month, then the rule of thumb. ``month_cohesion`` plays one month from given states, each with its
own plan: the greedy policy weighs every answer it considers, for every game of a chunk, in one such block,
from the chunk's states read once for the month (``Openings``).
``replay`` plays games from their start, each with its own plan every month (a class's records, for
``game.records.replay_many`` and ``compare``), and gives each game's state with its whole history.

This module is the engine's array backend and loads numpy: only the commands that play many games import it
(`simulate`, `compare`), never `play`, `validate` or the TUI (tests/test_import_hygiene.py).

Numbers that overflow become infinities here as they do in Python, without numpy's warnings.
"""

from __future__ import annotations

import operator
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import reduce
from typing import Any

import numpy as np
import numpy.typing as npt

from game.engine import rng
from game.engine.data import VALUE_MAX, VALUE_MIN, Scenario, per_scenario
from game.engine.expr import CLOSURES, COUNTRY_VARS, Expr, Names, fsum_left, parse
from game.engine.program import Eff, Event, Slot, allowance, ending, open_month, place, program, resolve_month
from game.engine.program import uid as card_uid
from game.engine.rng import GAMMA, MIX1, MIX2
from game.engine.state import DrawnCard, GameState, TurnRecord, affords, checked_plan, final_score

__all__ = ["Choice", "Games", "Openings", "Outcome", "Weighing", "month_cohesion", "plans", "play", "play_chunks",
           "replay", "rollouts"]

Vec = npt.NDArray[np.float64]
Mask = npt.NDArray[np.bool_]
Ints = npt.NDArray[np.int64]
U64 = npt.NDArray[np.uint64]
#: A pool of weights (``program.Machine.pool``): per position, per game.
Pool = npt.NDArray[np.float64]

_MASK64 = (1 << 64) - 1
_UNIT = 1.0 / (1 << 53)
_U30, _U27, _U31, _U11 = np.uint64(30), np.uint64(27), np.uint64(31), np.uint64(11)
_MIX1, _MIX2, _GAMMA = np.uint64(MIX1), np.uint64(MIX2), np.uint64(GAMMA)


# --- the expression language on arrays ---------------------------------------------------------------------

class VecEnv:
    """``expr.Env`` for a block: each value is an array with one element per game; ``i`` (the current post)
    is the same for every game of the block."""

    __slots__ = ("c", "each", "g", "i", "size", "weights", "wsum")

    def __init__(self, c: list[list[Vec]], g: list[Vec], weights: Sequence[float], size: int,
                 each: VFn | None = None) -> None:
        self.c = c
        self.g = g
        self.i = 0
        self.size = size
        self.weights = tuple(weights)
        self.wsum = fsum_left(self.weights) or 1.0
        self.each = each  # the scenario's aggregate per country, as Env.each

    def cohesion(self) -> Vec:
        total: Any = 0.0  # added left to right, as Env.cohesion does
        each = self.each
        if each is None:
            for w, row in zip(self.weights, self.c):  # noqa: B905 - one weight per row, by construction
                total = total + w * row[0]
        else:
            here = self.i
            for k, w in enumerate(self.weights):
                self.i = k
                total = total + w * np.fmin(np.fmax(each(self), 0.0), 100.0)  # NaN to 0, as Env.cohesion
            self.i = here
        out: Vec = total / self.wsum
        return out


VFn = Callable[[VecEnv], Any]  # an array, or a float for a part of an expression that does not vary
#: What the array builder builds: (closure or None, the value when the expression is a constant).
Node = tuple["VFn | None", "float | None"]


def _k(_: object) -> float:  # stands in for a closure when asking the engine's builder to fold constants
    return 0.0


def _flag(x: Any) -> Any:
    return np.asarray(x, dtype=np.float64)


def _div(a: Any, b: Any) -> Any:
    ok = b != 0
    return np.where(ok, a / np.where(ok, b, 1.0), 0.0)


_OPS: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add,  # the operator module's functions: the same arithmetic, without a Python frame
    "-": operator.sub,
    "*": operator.mul,
    "/": _div,
    "<": lambda a, b: _flag(a < b),
    "<=": lambda a, b: _flag(a <= b),
    ">": lambda a, b: _flag(a > b),
    ">=": lambda a, b: _flag(a >= b),
    "==": lambda a, b: _flag(a == b),
    "!=": lambda a, b: _flag(a != b),
    "and": lambda a, b: _flag((a != 0) & (b != 0)),
    "or": lambda a, b: _flag((a != 0) | (b != 0)),
}
_CALLS: dict[str, Callable[[list[Any]], Any]] = {
    "min": lambda v: reduce(np.fmin, v),  # NaN passed over, as expr.least
    "max": lambda v: reduce(np.fmax, v),
    "abs": lambda v: np.abs(v[0]),
    "clamp": lambda v: np.fmin(np.fmax(v[0], v[1]), v[2]),
}


def _fn(node: Node) -> VFn:
    fn, const = node
    if fn is None:
        value = const
        return lambda env: value
    return fn


class _Arrays:
    """The expression builder for blocks (see ``expr.Builder``). Parts that do not depend on the game are
    folded by the engine's own builder, so constants come out exactly as the engine computes them."""

    @staticmethod
    def number(value: float) -> Node:
        return None, value

    @staticmethod
    def binary(op: str, left: Node, right: Node) -> Node:
        if left[1] is not None and right[1] is not None:
            return None, CLOSURES.binary(op, (_k, left[1]), (_k, right[1]))[1]
        f, lf, rf = _OPS[op], _fn(left), _fn(right)
        if right[1] is not None:  # a number on one side is passed as it is, not called for
            value = right[1]
            if op == "/" and value != 0:
                return (lambda env: lf(env) / value), None  # what _div gives when nothing is divided by 0
            return (lambda env: f(lf(env), value)), None
        if left[1] is not None:
            value = left[1]
            return (lambda env: f(value, rf(env))), None
        return (lambda env: f(lf(env), rf(env))), None

    @staticmethod
    def unary(op: str, inner: Node) -> Node:
        if inner[1] is not None:
            return None, CLOSURES.unary(op, (_k, inner[1]))[1]
        f = _fn(inner)
        if op == "+":
            return inner
        if op == "-":
            return (lambda env: -f(env)), None
        return (lambda env: _flag(f(env) == 0)), None

    @staticmethod
    def call(name: str, args: list[Node]) -> Node:
        if all(a[1] is not None for a in args):
            return None, CLOSURES.call(name, [(_k, a[1]) for a in args])[1]
        impl, fns = _CALLS[name], [_fn(a) for a in args]
        return (lambda env: impl([f(env) for f in fns])), None

    @staticmethod
    def value(vi: int) -> Node:
        return (lambda env: env.c[env.i][vi]), None

    @staticmethod
    def country(ci: int, vi: int) -> Node:
        return (lambda env: env.c[ci][vi]), None

    @staticmethod
    def glob(gi: int) -> Node:
        return (lambda env: env.g[gi]), None

    @staticmethod
    def cohesion() -> Node:
        return (lambda env: env.cohesion()), None


_ARRAYS = _Arrays()


def _compile(expr: Expr, names: Names) -> VFn:
    """The expression over a block: a closure giving an array (or a float when it does not vary)."""
    if expr.const is not None:
        value = expr.const
        return lambda env: value
    node, _ = parse(expr.source, names, _ARRAYS)
    return _fn(node)


def _dense(effects: tuple[Eff, ...]) -> list[float] | None:
    """Per value of the current post, the number each effect adds, when every effect adds a number to a
    different value of the current post: then adding them value by value, for whichever item each game picked,
    is ``program.run`` of that item's effects (the same additions, each clamped)."""
    row = [0.0] * len(COUNTRY_VARS)
    seen: set[int] = set()
    for e in effects:
        if e.is_global or e.target >= 0 or e.sets or e.const is None or e.idx in seen:
            return None
        seen.add(e.idx)
        row[e.idx] = e.const
    return row


def _spread(x: Any, size: int) -> Any:
    """``x`` with one element per game: ``np.broadcast_to(x, (size,))``, without its cost when ``x`` is such an
    array already."""
    if type(x) is np.ndarray and x.shape == (size,):
        return x
    return np.broadcast_to(x, (size,))


def _positions(state: GameState) -> Iterator[tuple[tuple[int, int], DrawnCard]]:
    """The state's cards with their positions (post, then place at the post: ``program.place``), as draw
    numbers them."""
    p = _tables(state.scenario).p
    places = place(p, [(drawn.country, p.card_index[drawn.card]) for drawn in state.cards])
    for drawn, at in zip(state.cards, places, strict=True):
        yield (drawn.country, at), drawn


# --- keyed streams for a block -----------------------------------------------------------------------------

def _keys(begun: Sequence[Any], stream: tuple[int, str, str]) -> U64:
    """rng.stream_key(seed, turn, country, purpose) for each seed whose name is ``begun`` (rng.started(seed)),
    ``stream`` being (turn, country, purpose)."""
    return np.frombuffer(rng.finished(begun, *stream), dtype="<u8").astype(np.uint64)


def _nth(keys: U64, n: int | Ints) -> Vec:
    """The n-th draw (from 1) of each stream: Stream.random called n times (``n``: one for every stream, or
    one per stream)."""
    # Unsigned products wrap round 2**64, as the & does for one number.
    s = keys + (np.uint64((n * GAMMA) & _MASK64) if isinstance(n, int) else n.astype(np.uint64) * _GAMMA)
    z = (s ^ (s >> _U30)) * _MIX1
    z = (z ^ (z >> _U27)) * _MIX2
    out: Vec = ((z ^ (z >> _U31)) >> _U11).astype(np.float64) * _UNIT
    return out


# --- the scenario compiled for blocks ----------------------------------------------------------------------

@dataclass(frozen=True)
class Choice:
    """How a fixed policy answers: the one definition of the fixed policies (game.sim.policies plays a single
    game's plan as a block of one, ``plans``). ``random``: on each card at a post where the player acts, one
    of the card's affordable responses, drawn from the stream (seed, turn, post, ``purpose``), the n-th card at
    the post taking the n-th draw; then each initiative, in scenario order, when the n-th draw of the stream
    (seed, turn, "*", ``purpose``) is below one half and it is affordable. Otherwise each card gets the first
    affordable response in ``prefer[card index]`` (response indices, ending with one that is free), after the
    initiatives in ``initiatives`` (indices) are launched whenever affordable, in that order. Every card at
    a post where the player does not act gets the default response."""

    random: bool = False
    purpose: str = "policy:random"
    prefer: tuple[tuple[int, ...], ...] = ()
    initiatives: tuple[int, ...] = ()
    #: (value index, threshold, preferences): at a post whose value is above the threshold at the month's
    #: opening, these preferences instead of ``prefer``.
    above: tuple[int, float, tuple[tuple[int, ...], ...]] | None = None


class _Tables:
    """One scenario's month program (``game.engine.program``) made ready for blocks (built once per scenario,
    see ``_tables``): its expressions as closures over arrays, its tables as arrays, and the policies' menu."""

    def __init__(self, sc: Scenario) -> None:
        self.p = p = program(sc)
        # Every expression here has passed the loader's checks; it is parsed again only to build it for blocks.
        here = Names(tuple(c.id for c in sc.countries), True)
        self.fns = tuple(_compile(e, here) for e in p.exprs)
        self.n = len(sc.countries)
        self.cids = p.cids
        self.acts = p.acts
        self.weights = tuple(c.weight for c in sc.countries)
        self.card_ids = tuple(c.id for c in sc.cards)
        self.card_index = p.card_index
        self.resp_index = p.resp_index
        self.calendar = {t: sc.month_of(t) for t in range(1, sc.turns + 2)}
        self.nc, self.nr = p.nc, p.nr
        self.each = None if sc.cohesion is None else _compile(sc.cohesion, here)
        #: The program's tables as arrays, by the table's identity (``_Block.pick``).
        self.arrays: dict[int, Any] = {id(t): np.asarray(t) for t in (p.scales, p.resp_capital, p.resp_economy)}
        for cards, _, _ in p.pools:
            self.arrays[id(cards)] = np.asarray(cards, dtype=np.int64)
        #: The constant additions of cards and responses to the current post, value by value (``_dense``): per
        #: value index, per item (and "none", which adds nothing); 1.0 where that is not 0; and the items whose
        #: effects are not such.
        nv = len(COUNTRY_VARS)
        self.dense: dict[int, tuple[Vec, Vec, tuple[int, ...]]] = {}
        for effects in (p.card_effects, p.resp_effects):
            rows = [_dense(e) for e in effects]
            table = np.array([d or [0.0] * nv for d in rows] + [[0.0] * nv]).T.copy()
            self.dense[id(effects)] = (table, (table != 0).astype(np.float64),
                                       tuple(k for k, d in enumerate(rows) if d is None and effects[k]))
        self.resp_capital = np.array(p.resp_capital)
        self.resp_economy = np.array(p.resp_economy)
        self.default = self.resp_index[sc.default_response.id]
        self.card_default = np.array(p.card_default, dtype=np.int64)
        #: Per card, the responses it admits in the card's order (the random policy's options).
        self.options = self.preference([[self.resp_index[r] for r in c.responses] for c in sc.cards])
        self.made: dict[int, tuple[Choice, Ints, Ints | None]] = {}
        self.triangles: dict[int, Vec] = {}
        #: Per post, per value: where every game starts.
        self.start = np.array([c.start for c in sc.countries], dtype=np.float64).reshape(self.n, -1)
        self.initiatives = tuple((i.capital, i.economy) for i in sc.initiatives)
        #: The month an event is counted in: its date, or (None) the month it fired in.
        self.event_turn = {ev.id: ev.turn for ev in sc.events}
        self.bonus = np.array([e.bonus for e in sc.endings])
        #: DrawnCard values are immutable: one per (uid, card index), shared by every block of records.
        self.drawn: dict[tuple[str, int], DrawnCard] = {}

    def triangle(self, width: int) -> Vec:
        """Ones on and above the diagonal, ``width`` square: made once per width."""
        made = self.triangles.get(width)
        if made is None:
            made = self.triangles[width] = np.triu(np.ones((width, width)))
        return made

    def preferences(self, choice: Choice) -> tuple[Ints, Ints | None]:
        """The choice's preferences as tables (``preference``), made once per choice."""
        made = self.made.get(id(choice))
        if made is None or made[0] is not choice:  # the choice itself is kept, so its id is not reused
            made = self.made[id(choice)] = (choice, self.options if choice.random else self.preference(choice.prefer),
                                            None if choice.above is None else self.preference(choice.above[2]))
        return made[1], made[2]

    def preference(self, order: Sequence[Sequence[int]]) -> Ints:
        """Per card, response indices in order of preference, padded with "no response"; "no card" gets the
        default response."""
        width = max(len(o) for o in order)
        out = np.full((self.nc + 1, width), self.nr, dtype=np.int64)
        for k, o in enumerate(order):
            out[k, :len(o)] = o
        out[self.nc, 0] = self.default
        return out


_tables: Callable[[Scenario], _Tables] = per_scenario(_Tables)


# --- playing a block ---------------------------------------------------------------------------------------

@dataclass
class Outcome:
    """What a block of games left behind, per game (arrays in game order) and as counts."""

    values: list[list[Vec]]  # per post, per value: the final values
    climate: Vec
    capital: Vec
    economy: Vec
    cohesion: list[Vec]  # per month
    ending: Ints  # index into the scenario's endings
    score: Ints
    #: Counts for the report: (kind, item) -> occurrences per month, and the games each occurred in.
    turns: dict[tuple[str, str], list[int]]
    games_with: dict[tuple[str, str], int]
    pairs: Counter[str]


class Openings:
    """States at the opening of the same month, with the same difficulty, each read once: what a block
    started from them needs (``_Block.resume``) and their cards by position (post, then place at the post, as
    ``draw`` numbers them). The greedy policy weighs many plans from the same states (``month_cohesion``)."""

    def __init__(self, sc: Scenario, states: Sequence[GameState]) -> None:
        tb = _tables(sc)
        self.sc: Scenario = sc
        self.tb: _Tables = tb
        self.states = list(states)
        n = len(states)
        self.turn, self.difficulty = states[0].turn, states[0].difficulty
        #: Per post, per value, per state; climate, capital and economy per state; the events fired.
        values = np.array([s.values for s in states], dtype=np.float64).reshape(n, tb.n, -1)
        self.values = values.transpose(1, 2, 0).copy()
        self.resources = np.array([(s.climate, s.capital, s.economy) for s in states], dtype=np.float64).T.copy()
        self.fired: dict[str, Mask] = {}
        for u, s in enumerate(states):
            for key in s.fired:
                mask = self.fired.get(key)
                if mask is None:
                    mask = self.fired[key] = np.zeros(n, dtype=bool)
                mask[u] = True
        #: Per state, the cohesion of its months played, added up (as fsum_left adds the history).
        self.past = np.array([fsum_left([h.cohesion for h in s.history]) for s in states], dtype=np.float64)
        # States may share their cards (the strong policy's rollout seeds): each distinct hand is read once.
        hands: dict[int, int] = {}
        self.hand = [hands.setdefault(id(s.cards), len(hands)) for s in states]
        firsts = {k: s for s, k in zip(states, self.hand, strict=True)}
        read = [list(_positions(firsts[k])) for k in range(len(hands))]
        #: The card positions any of the states holds, in order; per position, each state's card there.
        self.positions = sorted({position for hand in read for position, _ in hand})
        #: Per card position, its column in the rows of answers below (``by_slot``).
        self.column = column = {position: k for k, position in enumerate(self.positions)}
        #: Per distinct hand: each card's uid and column; its row of default answers ("no response" where it
        #: holds no card).
        self.columns = [{drawn.uid: column[position] for position, drawn in hand} for hand in read]
        self.defaults = np.full((len(read), len(self.positions)), tb.nr, dtype=np.int64)
        held = np.full((len(read), len(self.positions)), tb.nc, dtype=np.int64)
        for k, hand in enumerate(read):
            for position, drawn in hand:
                card = tb.card_index[drawn.card]
                held[k, column[position]] = card
                self.defaults[k, column[position]] = tb.card_default[card]
        self.cards = held[self.hand].T.copy()

    def by_slot(self, table: Ints, slots: Slots) -> list[Ints]:
        """Rows of answers, one per game, a column per card position (as ``defaults``), as a block takes them:
        per slot of ``slots``, each game's response at that slot's position."""
        return list(np.ascontiguousarray(table.T[[self.column[(ci, place)] for ci, _, _, place in slots]]))


class _Block:
    """A block of games, and the array machine of the month program (``game.engine.program``): each number an
    array with one element per game; a mask an array of bools, or None for every game."""

    every = None

    def __init__(self, sc: Scenario, tb: _Tables, seeds: Sequence[int], choice: Choice, difficulty: str,
                 chunks: Sequence[int] = ()) -> None:
        self.sc, self.tb, self.choice = sc, tb, choice
        self.size = b = len(seeds)
        #: The block's games may be several chunks, in order (``chunks``: their sizes), each counted on its own:
        #: per game its chunk (None: one chunk, the whole block).
        assert not chunks or sum(chunks) == b
        self.chunks = len(chunks) or 1
        self.chunk_of: Ints | None = np.repeat(np.arange(len(chunks)), chunks) if len(chunks) > 1 else None
        # A block may hold one seed many times (the strong policy plays every candidate under the same
        # rollout seeds): each stream is keyed once per distinct seed, then spread to its games.
        distinct = list(dict.fromkeys(seeds))
        where = {seed: u for u, seed in enumerate(distinct)}
        self.seeded = [rng.started(seed) for seed in distinct]
        self.seed_of = np.array([where[seed] for seed in seeds], dtype=np.int64)
        #: The keys of the streams of the month being played, for every game, by suffix (``keys``): a stream
        #: drawn from more than once (a post's second outreach card) is keyed once. Emptied each month.
        self.keyed: dict[tuple[int, str, str], U64] = {}
        capital, economy = sc.capital, sc.economy
        if difficulty:
            d = sc.difficulty(difficulty)
            capital, economy = d.capital, d.economy
        self.allowance = capital  # each month's capital, as at the start
        # Every post's every value in one allocation, each row a view of it (a change rebinds the row).
        rows = [list(post) for post in np.repeat(tb.start[:, :, None], b, axis=2)]
        year, month = tb.calendar[1]
        g = [np.full(b, float(x)) for x in (sc.climate, capital, economy, 1, sc.turns, month, year)]
        self.env = VecEnv(rows, g, tb.weights, b, tb.each)
        self.c, self.g, self.fns = self.env.c, self.env.g, tb.fns  # the machine's numbers, as the program reads them
        self.fired: dict[str, Mask] = {}
        #: Per chunk: (kind, item) -> occurrences per month, in the order the chunk met them.
        self.turns: list[dict[tuple[str, str], list[int]]] = [{} for _ in range(self.chunks)]
        #: (kind, item) -> per game, whether it occurred.
        self.seen: dict[tuple[str, str], Mask] = {}
        #: Per kind counted with ``count``: per item, per game, whether it occurred (``seen`` holds its rows).
        self.grids: dict[str, Mask] = {}
        #: Per chunk: "card/response" -> how often that response was chosen on that card.
        self.pairs: list[Counter[str]] = [Counter() for _ in range(self.chunks)]
        #: Per game, the cohesion of the months played before the block began, added up.
        self.past: Any = 0

    def resume(self, start: Openings, pick: Ints) -> Slots:
        """Start from states at the opening of a month (``start``; game k of the block is its state
        ``pick[k]``) instead of the scenario's start: their values, resources, fired events and past months;
        returns their cards as draw does (the positions where some game of the block holds a card)."""
        tb, env, size = self.tb, self.env, self.size
        values = np.take(start.values, pick, axis=2)  # per post, per value, per game (take: faster than [])
        for ci in range(tb.n):
            env.c[ci][:] = values[ci]
        resources = np.take(start.resources, pick, axis=1)
        for gi in range(3):
            env.g[gi] = resources[gi]
        year, month = tb.calendar[start.turn]
        env.g[3], env.g[5], env.g[6] = (np.full(size, float(x)) for x in (start.turn, month, year))
        for key, mask in start.fired.items():
            self.fired[key] = mask[pick]
        self.past = start.past[pick]
        cards = np.take(start.cards, pick, axis=1)
        return [(ci, card, card < tb.nc, at) for (ci, at), card in zip(start.positions, cards, strict=True)
                if (card < tb.nc).any()]

    def keys(self, stream: tuple[int, str, str], games: Ints | None = None) -> U64:
        """Per game (of ``games``, or of the block), the key of its stream (turn, country, purpose), hashed once
        per distinct seed; for every game, once per month."""
        known = self.keyed.get(stream)
        if games is None:
            if known is None:
                known = _keys(self.seeded, stream)  # per distinct seed, in order of first game
                if len(self.seeded) != self.size:
                    known = known[self.seed_of]
                self.keyed[stream] = known
            return known
        if known is not None:
            out: U64 = known[games]
            return out
        distinct, back = np.unique(self.seed_of[games], return_inverse=True)
        out = _keys([self.seeded[u] for u in distinct.tolist()], stream)[back.reshape(-1)]
        return out

    # -- counting ------------------------------------------------------------------------------------------
    def _per_chunk(self, codes: Ints, games: Ints, width: int) -> Iterator[tuple[int, int, int]]:
        """For codes below ``width``, one per game of ``games``: each chunk, code and how often the code occurs
        in the chunk's games, chunk by chunk, each in code order."""
        if self.chunk_of is not None:
            codes = np.take(self.chunk_of, games) * width + codes
        counts = np.bincount(codes, minlength=width * self.chunks)
        for at in np.flatnonzero(counts).tolist():
            chunk, code = divmod(at, width)
            yield chunk, code, int(counts[at])

    def occur(self, kind: str, item: str, turn: int, games: Mask) -> None:
        key = (kind, item)
        if self.chunk_of is None:
            count = int(games.sum())
            found = [(0, count)] if count else []
        else:
            counts = np.bincount(self.chunk_of[games], minlength=self.chunks)
            found = [(chunk, int(counts[chunk])) for chunk in np.flatnonzero(counts).tolist()]
        if not found:
            return
        for chunk, n in found:
            hist = self.turns[chunk].get(key)
            if hist is None:
                hist = self.turns[chunk][key] = [0] * (self.sc.turns + 1)
            hist[turn] += n
        seen = self.seen.get(key)
        self.seen[key] = games.copy() if seen is None else seen | games

    def count(self, kind: str, names: Sequence[str], picks: Ints, active: Mask, turn: int) -> None:
        """``occur`` for each item of ``names`` picked in the games of ``active`` (in index order), at once.
        ``picks`` and ``active`` have one element per game, or one row per game for each of several cards."""
        grid = self.grids.get(kind)
        if grid is None:
            grid = self.grids[kind] = np.zeros((len(names), self.size), dtype=bool)
        flat = np.flatnonzero(active)
        games = flat % self.size
        chosen = np.take(picks, flat)
        for chunk, k, n in self._per_chunk(chosen, games, len(names)):
            key = (kind, names[k])
            hist = self.turns[chunk].get(key)
            if hist is None:
                hist = self.turns[chunk][key] = [0] * (self.sc.turns + 1)
                if key not in self.seen:
                    self.seen[key] = grid[k]  # a view: the grid's row as it fills
            hist[turn] += n
        grid[chosen, games] = True

    def pair(self, card_ids: Sequence[str], resp_ids: Sequence[str], card: Ints, response: Ints, active: Mask
             ) -> None:
        """Count the response chosen on the card in each game of ``active`` ("card/response"); as ``count``,
        for one card or several."""
        width = len(resp_ids)
        flat = np.flatnonzero(active)
        codes = np.take(card, flat) * width + np.take(response, flat)
        for chunk, code, n in self._per_chunk(codes, flat % self.size, len(card_ids) * width):
            self.pairs[chunk][f"{card_ids[code // width]}/{resp_ids[code % width]}"] += n

    # -- the machine of the month program (game.engine.program): arithmetic on arrays ----------------------
    def at(self, ci: int) -> None:
        self.env.i = ci

    def eval(self, expr: int) -> Any:
        return self.fns[expr](self.env)

    def holds(self, x: Any, within: Mask | None) -> Mask:
        x = _spread(x, self.size)
        # A comparison's answer is a mask already (one spread from a single bool is read-only: compared anew).
        truth: Mask = x if x.dtype == np.bool_ and x.flags.writeable else x != 0
        return truth if within is None else truth & within

    @staticmethod
    def any(mask: Mask | None) -> bool:
        return mask is None or bool(np.count_nonzero(mask))  # a third of mask.any()'s cost on a block's masks

    @staticmethod
    def clamp(x: Any, lo: float, hi: float) -> Any:
        return np.fmax(np.minimum(x, hi), lo)  # NaN: the floor

    @staticmethod
    def where(mask: Mask | None, a: Any, b: Any) -> Any:
        return a if mask is None else np.where(mask, a, b)

    def full(self, x: float) -> Any:
        return np.full(self.size, x)

    @staticmethod
    def both(a: Mask | None, b: Mask | None) -> Mask | None:
        return b if a is None else a if b is None else a & b

    def but(self, a: Mask | None, b: Mask) -> Mask:
        return ~b if a is None else a & ~b

    @staticmethod
    def whole(x: Any) -> Any:
        return np.asarray(x).astype(np.int64)

    @staticmethod
    def least(a: Any, b: Any) -> Any:
        return np.minimum(a, b)

    @staticmethod
    def most(x: Any) -> int:
        return int(x.max())

    def pool(self, weights: Sequence[Any]) -> Pool:
        out: Pool = np.empty((len(weights), self.size))
        for k, w in enumerate(weights):
            out[k] = w
        return out

    @staticmethod
    def positive(pool: Pool) -> Ints:
        out: Ints = np.count_nonzero(pool > 0, axis=0)
        return out

    @staticmethod
    def total(pool: Pool) -> Vec:
        out: Vec = pool[0].copy()
        for w in pool[1:]:  # row after row, as one game adds them (a reduce may add in another order)
            out += w
        return out

    @staticmethod
    def first_below(x: Vec, pool: Pool) -> Ints:
        rest = np.empty_like(pool)  # row k: x less the weights before k, subtracted one by one
        rest[0] = x
        for k in range(1, len(pool)):
            np.subtract(rest[k - 1], pool[k - 1], out=rest[k])
        hit = rest < pool
        out: Ints = np.where(hit.any(axis=0), hit.argmax(axis=0), -1)
        return out

    @staticmethod
    def last_positive(pool: Pool) -> Ints:
        up = pool[::-1] > 0
        out: Ints = np.where(up.any(axis=0), len(pool) - 1 - up.argmax(axis=0), -1)
        return out

    @staticmethod
    def drop(pool: Pool, k: Ints, within: Mask | None) -> Pool:
        games = np.arange(pool.shape[1]) if within is None else np.flatnonzero(within)
        pool = pool.copy()
        pool[k[games], games] = 0.0
        return pool

    def pick(self, table: Sequence[Any], index: Any) -> Any:
        return self.tb.arrays[id(table)].take(index)  # take: a third of indexing's cost on a block

    def put_value(self, ci: int, vi: int, after: Any, within: Mask | None, cause: None) -> None:
        row = self.env.c[ci]
        row[vi] = _spread(after, self.size) if within is None else np.where(within, after, row[vi])

    def put_global(self, gi: int, after: Any, within: Mask | None, cause: None) -> None:
        g = self.env.g
        g[gi] = _spread(after, self.size) if within is None else np.where(within, after, g[gi])

    def split(self, picked: Ints, within: Mask | None, effects: tuple[tuple[Eff, ...], ...], ci: int, scale: Any
              ) -> Iterator[tuple[int, Mask]]:
        table, adds, other = self.tb.dense[id(effects)]
        row = self.env.c[ci]
        # The constant additions of every item at once (see _dense), to each value some item picked adds to.
        used = np.zeros(table.shape[1])
        used[picked] = 1.0
        for idx in np.flatnonzero(adds @ used).tolist():
            row[idx] = self.clamp(row[idx] + table[idx].take(picked) * scale, VALUE_MIN, VALUE_MAX)
        for k in other:
            games = picked == k if within is None else (picked == k) & within
            if np.count_nonzero(games):
                yield k, games

    def unfired(self, key: str) -> Mask | None:
        before = self.fired.get(key)
        return None if before is None else ~before

    def draws(self, turn: int, where: str, purpose: str, n: int, within: Mask | None) -> Vec:
        stream = (turn, where, purpose)
        if within is None:
            return _nth(self.keys(stream), n)
        picked = np.flatnonzero(within)
        out: Vec = np.ones(self.size)
        out[picked] = _nth(self.keys(stream, picked), n)
        return out

    @staticmethod
    def cause(kind: str, item: Any, ci: int | None) -> None:
        return None

    @staticmethod
    def drawn(cause: None, eff: Eff, amount: Any) -> None:
        return None

    def note_fired(self, event: Event, key: str, ci: int | None, games: Mask | None, turn: int) -> None:
        """Remember the key, and count the games it newly fired in as the batch runner counts events."""
        games = np.ones(self.size, dtype=bool) if games is None else games
        before = self.fired.get(key)
        self.fired[key] = games.copy() if before is None else before | games
        eid = event.item.id
        self.occur("events", eid, self.tb.event_turn[eid] or turn, games if before is None else games & ~before)

    def answered(self, slot: int, ci: int, card: Ints, response: Ints) -> None:
        pass

    def launched(self, i: int, games: Mask) -> None:
        pass

    def drew(self, turn: int, ci: int, j: int, card: Ints, active: Mask) -> None:
        pass

    def calendar(self, turn: int, month: int, year: int) -> None:
        self.keyed.clear()  # a new month: its streams are others
        g = self.env.g
        g[3], g[5], g[6] = (np.full(self.size, float(x)) for x in (turn, month, year))

    def plan(self, turn: int, slots: Slots, choice: Choice | None = None) -> tuple[list[Ints], list[Mask]]:
        """The policy's (``choice``, or the block's) response on each card position ("no response" where there
        is no card) and which games launch each initiative."""
        tb, sc, size = self.tb, self.sc, self.size
        choice = self.choice if choice is None else choice
        prefer, above = tb.preferences(choice)
        acts = tb.acts
        capital, economy = self.env.g[1].copy(), self.env.g[2].copy()
        launched = [np.zeros(size, dtype=bool) for _ in sc.initiatives]

        def launch(i: int, games: Mask) -> None:
            c, e = tb.initiatives[i]
            games = games & affords(c, e, capital, economy) & ~launched[i]
            capital[:] = np.where(games, capital - c, capital)
            economy[:] = np.where(games, economy - e, economy)
            launched[i] |= games

        everyone = np.ones(size, dtype=bool)
        upper = tb.triangle(prefer.shape[1])
        if not choice.random:
            for i in choice.initiatives:
                launch(i, everyone)
        responses: list[Ints] = []
        position: dict[int, Ints] = {}  # per post, per game: the cards answered there so far
        for ci, card, active, _ in slots:
            if not acts[ci]:
                responses.append(np.where(active, tb.card_default[card], tb.nr))
                continue
            options = np.take(prefer, card, axis=0)  # take: faster than prefer[card]
            if above is not None and choice.above is not None:
                vi, threshold, _ = choice.above
                options = np.where((self.env.c[ci][vi] > threshold)[:, None], above.take(card, axis=0), options)
            ok = (options < tb.nr) & affords(tb.resp_capital.take(options), tb.resp_economy.take(options),
                                             capital[:, None], economy[:, None])
            if choice.random:
                # The n-th card a game holds at the post takes the n-th draw: a post's cards are not in the
                # same slots in every game (a decision comes after however many outreach cards were drawn).
                n = position[ci] = position.get(ci, 0) + active.astype(np.int64)
                x = _nth(self.keys((turn, tb.cids[ci], choice.purpose)), n)
                # Per game, how many responses are allowed up to each column, by one product with a triangle of
                # ones: whole numbers this small are exact in floats (a cumulative sum is slower).
                upto = ok.astype(np.float64) @ upper
                n = upto[:, -1].astype(np.int64)
                nth = np.minimum((x * n).astype(np.int64), n - 1)
                col = (ok & (upto == (nth + 1)[:, None])).argmax(axis=1)
            else:
                col = ok.argmax(axis=1)
            r = np.where(active, options.take(np.arange(size) * options.shape[1] + col), tb.nr)
            capital -= tb.resp_capital.take(r)
            economy -= tb.resp_economy.take(r)
            responses.append(r)
        if choice.random and sc.initiatives:
            # A draw can launch an initiative only in a game that can afford one (what is left only shrinks as
            # they launch): the stream is keyed for those games alone, a key being most of a draw's cost.
            can = np.zeros(size, dtype=bool)
            for c, e in tb.initiatives:
                can |= affords(c, e, capital, economy)
            picked = np.flatnonzero(can)
            if picked.size:
                keys = self.keys((turn, "*", choice.purpose), picked)
                for i in range(len(sc.initiatives)):
                    x = np.ones(size)
                    x[picked] = _nth(keys, i + 1)
                    launch(i, x < 0.5)
        return responses, launched

    def month(self, turn: int, slots: Slots, responses: list[Ints], launched: list[Mask]) -> None:
        """The month's resolution (``program.resolve_month``)."""
        resolve_month(self.tb.p, self, turn, slots, responses, launched)

    def opening(self, turn: int) -> Slots:
        """The next month (``turn``): the allowance, then its opening and draw, as ``state._resolve`` plays it."""
        allowance(self.tb.p, self, self.allowance, None)
        return open_month(self.tb.p, self, turn)

    def ending(self) -> Ints:
        out: Ints = ending(self.tb.p, self)
        return out


Slots = list[Slot]
#: A month's answers given from outside: per card position, the response; per initiative, who launches it.
Answers = tuple[list[Ints], list[Mask]]


def _to_the_end(block: _Block, slots: Slots, turn: int, first: Answers | None = None, *,
                count: bool = False) -> tuple[list[Vec], Ints, Vec]:
    """Play from the opening of ``turn`` to the end of the game (the first month with ``first`` when given,
    then as the block's policy answers): the cohesion of each month played, the ending and the mean
    cohesion over the whole game."""
    sc, tb, env = block.sc, block.tb, block.env
    card_ids = [c.id for c in sc.cards] + [""]
    resp_ids = [r.id for r in sc.responses] + [""]
    acts = tb.acts
    history: list[Vec] = []
    for t in range(turn, sc.turns + 1):
        responses, launched = first if first is not None and t == turn else block.plan(t, slots)
        if count and slots:  # every card of the month at once: one row per card
            cards, actives = np.array([s[1] for s in slots]), np.array([s[2] for s in slots])
            block.count("cards", card_ids, cards, actives, t)
            mine = [k for k, s in enumerate(slots) if acts[s[0]]]
            if mine:
                chosen, answered = np.array([responses[k] for k in mine]), actives[mine]
                block.count("responses", resp_ids, chosen, answered, t)
                block.pair(card_ids, resp_ids, cards[mine], chosen, answered)
            for i, games in enumerate(launched):
                block.occur("initiatives", sc.initiatives[i].id, t, games)
        block.month(t, slots, responses, launched)
        history.append(env.cohesion())
        if t < sc.turns:
            slots = block.opening(t + 1)
    ending = block.ending()
    total: Any = block.past  # added left to right from the first month, as fsum_left adds the history
    for c in history:
        total = total + c
    mean: Vec = total / sc.turns
    return history, ending, mean


def play(sc: Scenario, seeds: Sequence[int], choice: Choice, difficulty: str = "") -> Outcome:
    """Play one game per seed with a fixed policy, all in lockstep: what ``new_game`` and ``play_turn``
    month after month would give for each seed."""
    return play_chunks(sc, [seeds], choice, difficulty)[0]


def play_chunks(sc: Scenario, chunks: Sequence[Sequence[int]], choice: Choice, difficulty: str = ""
                ) -> list[Outcome]:
    """``play`` of each chunk of seeds, all the chunks' games as one block (more games per array operation),
    each chunk's outcome and counts as ``play`` gives them for the chunk alone."""
    tb = _tables(sc)
    seeds = [seed for chunk in chunks for seed in chunk]
    block = _Block(sc, tb, seeds, choice, difficulty, [len(chunk) for chunk in chunks])
    env = block.env
    with np.errstate(all="ignore"):
        history, ending, mean = _to_the_end(block, open_month(tb.p, block, 1), 1, count=True)
    bonus = tb.bonus[ending]
    score = (mean + bonus + 0.5).astype(np.int64)
    for e, ending_ in enumerate(sc.endings):
        block.occur("endings", ending_.id, sc.turns, ending == e)
    out: list[Outcome] = []
    a = 0
    for chunk, (turns, pairs) in enumerate(zip(block.turns, block.pairs, strict=True)):
        b = a + len(chunks[chunk])
        out.append(Outcome(values=[[v[a:b] for v in row] for row in env.c], climate=env.g[0][a:b],
                           capital=env.g[1][a:b], economy=env.g[2][a:b], cohesion=[c[a:b] for c in history],
                           ending=ending[a:b], score=score[a:b], turns=turns,
                           games_with={k: int(block.seen[k][a:b].sum()) for k in turns}, pairs=pairs))
        a = b
    return out


def _start(sc: Scenario, states: Sequence[GameState]) -> tuple[Openings, Ints]:
    """The distinct states (a block may hold one state many times: the greedy policy weighs each answer from
    the same state, the strong policy plays each candidate from the same futures), and each game's among them."""
    index: dict[int, int] = {}
    distinct: list[GameState] = []
    for s in states:
        if id(s) not in index:
            index[id(s)] = len(distinct)
            distinct.append(s)
    return Openings(sc, distinct), np.array([index[id(s)] for s in states], dtype=np.int64)


def rollouts(sc: Scenario, states: Sequence[GameState], plans: Sequence[tuple[Mapping[str, str], Sequence[str]]],
             then: Choice) -> Vec:
    """For each state (all at the opening of the same month, with the same difficulty), its month played with
    its plan (already checked) and the rest of the game with ``then``: the final mean cohesion plus the
    ending's bonus, unrounded, as policies.final_value gives it after ``play_turn`` month by month."""
    start, pick = _start(sc, states)
    tb = start.tb
    block = _Block(sc, tb, [s.seed for s in states], then, start.difficulty)
    slots = block.resume(start, pick)
    with np.errstate(all="ignore"):
        _, ending, mean = _to_the_end(block, slots, start.turn, _answers(start, pick, slots, plans))
    out: Vec = mean + tb.bonus[ending]
    return out


def plans(sc: Scenario, states: Sequence[GameState], choices: Sequence[Choice]
          ) -> list[list[tuple[dict[str, str], tuple[str, ...]]]]:
    """For each choice, for each state (all at the opening of the same month, with the same difficulty), the
    month's plan that fixed policy makes: card uid -> response id at the posts where the player acts (in card
    order), and the initiatives launched (in scenario order)."""
    start, pick = _start(sc, states)
    tb = start.tb
    block = _Block(sc, tb, [s.seed for s in states], choices[0], start.difficulty)
    slots = block.resume(start, pick)  # every position some state holds a card at: one slot per column
    held = [[(k, drawn.uid) for k, drawn in zip(start.columns[start.hand[u]].values(), start.states[u].cards,
                                                strict=True) if tb.acts[drawn.country]] for u in pick.tolist()]
    resp_ids = [r.id for r in sc.responses] + [""]
    ini_ids = [i.id for i in sc.initiatives]
    out: list[list[tuple[dict[str, str], tuple[str, ...]]]] = []
    with np.errstate(all="ignore"):
        for choice in choices:
            responses, launched = block.plan(start.turn, slots, choice)
            picks = np.stack(responses).T.tolist() if responses else [[] for _ in states]
            go = np.stack(launched).T.tolist() if launched else [[] for _ in states]
            out.append([({uid: resp_ids[row[k]] for k, uid in cards}, tuple(i for i, on in zip(ini_ids, ons,
                                                                                             strict=True) if on))
                        for cards, row, ons in zip(held, picks, go, strict=True)])
    return out


def month_cohesion(start: Openings, games: Sequence[int],
                   plans: Sequence[tuple[Mapping[str, str], Sequence[str]]]) -> Vec:
    """For each of ``games`` (states of ``start``, by index; one may come many times), its month played with
    its plan (one the engine accepts): the bloc cohesion at the month's end, as
    ``play_turn(state, *plan)[0].history[-1].cohesion`` gives it, without opening the next month. The greedy
    policy asks this of every answer it weighs."""
    pick = np.array(games, dtype=np.int64)
    return _month_cohesion(start, pick, lambda slots: _answers(start, pick, slots, plans))


def _month_cohesion(start: Openings, pick: Ints, answers: Callable[[Slots], Answers]) -> Vec:
    """``month_cohesion`` of a block whose game k is ``start``'s state ``pick[k]``, with the answers given
    for the block's card positions."""
    tb = start.tb
    block = _Block(start.sc, tb, [start.states[g].seed for g in pick.tolist()],
                   Choice(prefer=((tb.default,),) * len(start.sc.cards)), start.difficulty)
    slots = block.resume(start, pick)
    with np.errstate(all="ignore"):
        block.month(start.turn, slots, *answers(slots))
    return block.env.cohesion()


class Weighing:
    """Plans being made card by card for the states of ``start`` (the greedy policy): per state, its answer at
    each of its cards so far (``choose``), the default elsewhere; ``cohesion`` weighs answers to one more card
    without writing each plan out as a dict for ``month_cohesion``, which gives the same numbers."""

    def __init__(self, start: Openings) -> None:
        self.start = start
        #: Per state, per card position of ``start``: the response answered there so far (else the default).
        self.table = np.take(start.defaults, start.hand, axis=0)

    def _column(self, state: int, uid: str) -> int:
        return self.start.columns[self.start.hand[state]][uid]

    def choose(self, state: int, uid: str, response: str) -> None:
        """The state's plan answers its card ``uid`` with ``response``."""
        self.table[state, self._column(state, uid)] = self.start.tb.resp_index[response]

    def cohesion(self, states: Sequence[int], uids: Sequence[str], responses: Sequence[str]) -> Vec:
        """For each of ``states`` (one may come many times), ``month_cohesion`` of its plan so far with its card
        ``uids[k]`` answered ``responses[k]``, and no initiative."""
        start, resp_index = self.start, self.start.tb.resp_index
        pick = np.array(states, dtype=np.int64)
        table = np.take(self.table, pick, axis=0)
        table[np.arange(len(states)), [self._column(g, uid) for g, uid in zip(states, uids, strict=True)]] = \
            [resp_index[r] for r in responses]

        def answers(slots: Slots) -> Answers:
            return start.by_slot(table, slots), [np.zeros(len(states), dtype=bool) for _ in start.sc.initiatives]

        return _month_cohesion(start, pick, answers)


def _answers(start: Openings, pick: Ints, slots: Slots, plans: Sequence[tuple[Mapping[str, str], Sequence[str]]]
             ) -> Answers:
    """The plans of the block's games (game k's state is ``start``'s ``pick[k]``) as answers: per card
    position of ``slots``, each game's response (the default where the plan has none, "no response" where the
    game has no card there); per initiative, the games that launch it."""
    tb = start.tb
    resp_index = tb.resp_index
    # A block may hold one hand and plan many times (the strong policy plays each candidate under several
    # rollout seeds, from states that share their cards): each pair of hand and plan is read once.
    seen: dict[tuple[int, int], int] = {}  # per distinct (hand, plan): its row
    first: list[int] = []  # per row, its hand
    rows: list[int] = []
    cols: list[int] = []
    picks: list[int] = []
    row_of: list[int] = []
    hands = start.hand
    for u, plan in zip(pick.tolist(), plans, strict=True):
        hand = hands[u]
        key = (hand, id(plan[0]))
        r = seen.get(key)
        if r is None:
            r = seen[key] = len(seen)
            first.append(hand)
            choices = plan[0]
            at_cards = list(map(start.columns[hand].get, choices))
            answers = list(map(resp_index.__getitem__, choices.values()))
            if None in at_cards:  # a card the hand does not hold: no answer to give
                kept = [k for k, at_card in enumerate(at_cards) if at_card is not None]
                at_cards = [at_cards[k] for k in kept]
                answers = [answers[k] for k in kept]
            rows += [r] * len(at_cards)
            cols += at_cards
            picks += answers
        row_of.append(r)
    table = np.take(start.defaults, first, axis=0)
    table[rows, cols] = picks
    responses = start.by_slot(np.take(table, row_of, axis=0), slots)
    launched = [np.array([i.id in plan[1] for plan in plans], dtype=bool) for i in start.sc.initiatives]
    return responses, launched


# --- games with their own answers: blocks of records -------------------------------------------------------

#: One month's plan as a record holds it: card uid -> response id, and the initiatives launched.
Plan = tuple[Mapping[str, str], Sequence[str]]


class Games:
    """Games of one scenario and difficulty, one per seed, played month by month as a block, each with its own
    plan every month: a class's records (``replay``), or the batch runner's games of the policies that plan
    from each game's state (greedy, strong). ``states`` gives each game's state at the opening of the month
    to play (or at its end), as ``new_game`` and ``play_turn`` month after month give it without
    explanations (no briefing), with every month in its history; ``play`` plays the month."""

    def __init__(self, sc: Scenario, seeds: Sequence[int], difficulty: str) -> None:
        self.sc, self.seeds, self.difficulty = sc, list(seeds), difficulty
        self.tb = tb = _tables(sc)
        self.size = len(seeds)
        self.block = _Block(sc, tb, seeds, Choice(prefer=((tb.default,),) * len(sc.cards)), difficulty)
        self.turn = 1
        self.over = False
        #: Per game, whether every month so far was played with its own plan.
        self.live = [True] * self.size
        self.histories: list[list[TurnRecord]] = [[] for _ in range(self.size)]
        self.start_values = tuple(tuple(c.start) for c in sc.countries)
        self.ending: list[int] = []
        with np.errstate(all="ignore"):
            self.slots = open_month(tb.p, self.block, 1)

    def columns(self, arrays: Sequence[Any], games: Sequence[int]) -> list[list[Any]]:
        """Per game of ``games``, its element of each array."""
        size = self.size
        at = np.stack([_spread(a, size) for a in arrays]).reshape(len(arrays), size)
        return (at if len(games) == size else np.take(at, games, axis=1)).T.tolist()  # type: ignore[no-any-return]

    def values(self, games: Sequence[int]) -> list[tuple[tuple[float, ...], ...]]:
        width = len(COUNTRY_VARS)
        at = self.columns([v for row in self.block.env.c for v in row], games)
        return [tuple(zip(*[iter(game)] * width, strict=True)) for game in at]  # rows of ``width`` values

    def resources(self, games: Sequence[int]) -> list[list[float]]:
        """Per game: climate, capital, economy."""
        return self.columns(self.block.env.g[:3], games)

    def fired(self, games: Sequence[int]) -> list[frozenset[str]]:
        keys = list(self.block.fired)
        if not keys:
            return [frozenset() for _ in games]
        masks = self.columns([self.block.fired[k] for k in keys], games)
        return [frozenset(k for k, m in zip(keys, game, strict=True) if m) for game in masks]

    def states(self, games: Sequence[int]) -> list[GameState]:
        """The states of these games (each of them live)."""
        sc, tb = self.sc, self.tb
        out: list[GameState] = []
        parts = zip(games, self.values(games), self.resources(games), self.fired(games), strict=True)
        if self.over:
            for g, vals, (climate, capital, economy), keys in parts:
                end = sc.endings[self.ending[g]]
                history = tuple(self.histories[g])
                out.append(GameState(sc, self.seeds[g], self.difficulty, self.turn, vals, climate, capital, economy,
                                     (), (), (), keys, history, (), self.start_values, True, end.id,
                                     final_score(history, end.bonus)))
            return out
        for (g, vals, (climate, capital, economy), keys), held in zip(
                parts, _drawn(tb, self.turn, self.slots, games), strict=True):
            out.append(GameState(sc, self.seeds[g], self.difficulty, self.turn, vals, climate, capital, economy,
                                 held, fired=keys, history=tuple(self.histories[g]), start_values=self.start_values))
        return out

    def play(self, plans: Mapping[int, Plan]) -> None:
        """Play the month: each game of ``plans`` with its plan, checked by ``state.checked_plan`` against that
        game's cards and budget; a game whose plan is not accepted, or that has no plan, is no longer live
        (its answers are the defaults, and nothing of it is read again). Then open the next month."""
        sc, tb, block, size, turn = self.sc, self.tb, self.block, self.size, self.turn
        assert not self.over
        env = block.env
        initiatives = [i.id for i in sc.initiatives]
        slots = self.slots
        playing = [g for g in sorted(plans) if self.live[g]]
        responses = [np.where(active, tb.card_default[card], tb.nr) for _, card, active, _ in slots]
        uids = {drawn.uid: p for p, drawn in enumerate(_slot_cards(tb, turn, slots))}
        launched = [np.zeros(size, dtype=bool) for _ in initiatives]
        played: list[tuple[int, tuple[tuple[str, str], ...], tuple[str, ...], tuple[DrawnCard, ...]]] = []
        self.live = [False] * size
        for g, held, (_, capital, economy) in zip(playing, _drawn(tb, turn, slots, playing),
                                                  self.resources(playing), strict=True):
            choices, inits = plans[g]
            checked = checked_plan(sc, held, capital, economy, choices, tuple(inits))
            if checked is None:
                continue
            plan, ids = checked
            for uid, rid in plan:
                responses[uids[uid]][g] = tb.resp_index[rid]
            for iid in ids:
                launched[initiatives.index(iid)][g] = True
            played.append((g, plan, ids, held))
            self.live[g] = True
        with np.errstate(all="ignore"):
            block.month(turn, slots, responses, launched)
            games = [g for g, _, _, _ in played]
            cohesion = [c for c, in self.columns([env.cohesion()], games)]
            for (g, plan, ids, held), vals, (climate, capital, economy), coh in zip(
                    played, self.values(games), self.resources(games), cohesion, strict=True):
                self.histories[g].append(TurnRecord(turn, plan, ids, vals, climate, capital, economy, coh, held))
            if turn == sc.turns:
                self.ending = block.ending().tolist()
                self.over = True
                return
            self.turn = turn + 1
            self.slots = block.opening(self.turn)


def replay(sc: Scenario, seeds: Sequence[int], difficulty: str, plans: Sequence[Sequence[Plan]]
           ) -> list[GameState | None]:
    """Play one game per seed from the scenario's start, all with ``difficulty``, each with its own plans, one
    per month (at most the scenario's months, at least one): per game, the state after its last month (see
    ``Games``). Where a game's plan is not accepted by ``state.checked_plan`` the answer is None, and the
    caller plays that game alone, which gives the engine's own verdict (a plan the one-step check leaves to
    the action-by-action path, or the exact reason it is refused)."""
    last = max(len(p) for p in plans)
    assert len(plans) == len(seeds) and min(len(p) for p in plans) >= 1 and last <= sc.turns
    games = Games(sc, seeds, difficulty)
    out: list[GameState | None] = [None] * len(seeds)
    for t in range(1, last + 1):
        games.play({g: p[t - 1] for g, p in enumerate(plans) if len(p) >= t})
        done = [g for g, p in enumerate(plans) if len(p) == t and games.live[g]]
        for g, state in zip(done, games.states(done), strict=True):
            out[g] = state
    return out


def _slot_cards(tb: _Tables, turn: int, slots: Slots) -> list[DrawnCard]:
    """Per card position of ``draw``, a card there (any card: only its uid and post are read)."""
    return [DrawnCard(card_uid(tb.p, turn, ci, at), ci, "") for ci, _, _, at in slots]


def _drawn(tb: _Tables, turn: int, slots: Slots, games: Sequence[int]) -> list[tuple[DrawnCard, ...]]:
    """The cards of each of these games, as a state holds them (post by post, in the order drawn)."""
    if not slots or not games:
        return [() for _ in games]
    cache = tb.drawn
    nc, card_ids = tb.nc, tb.card_ids
    made: list[list[DrawnCard]] = []  # per card position, per card index: the card drawn there
    for slot in _slot_cards(tb, turn, slots):
        row = []
        for k in range(nc):
            drawn = cache.get((slot.uid, k))
            if drawn is None:
                drawn = cache[(slot.uid, k)] = DrawnCard(slot.uid, slot.country, card_ids[k])
            row.append(drawn)
        made.append(row)
    picks = np.take(np.stack([card for _, card, _, _ in slots]), games, axis=1).T.tolist()
    return [tuple(made[p][k] for p, k in enumerate(game) if k < nc) for game in picks]
