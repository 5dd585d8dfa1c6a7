"""The debrief of a finished game as data, rendered by both front ends: for each post what moved it most over
the game (the causes summed from the game's own events), every ending and how close the game came to it, and
the score split into its cohesion part and the ending's bonus.

Nothing here is a new rule. The causes come from playing the record again with events on (the same
``play_turn`` that replays records); the endings are the scenario's own conditions, parsed again with a
builder that, beside each value (computed by the engine's own closures), says which comparisons failed and
by how much.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from game.engine.expr import (
    CLOSURES,
    COUNTRY_VARS,
    GLOBAL_INDEX,
    Env,
    Fn,
    Names,
    fsum_left,
    parse,
)
from game.engine.report import state_env
from game.engine.state import Cause, GameState, ValueChanged, new_game, play_turn

#: The largest causes kept per post.
CAUSES_PER_POST = 3


@dataclass(frozen=True)
class Shortfall:
    """One comparison of an ending's condition that the final numbers failed: ``subject`` (as the scenario
    writes it: 'cohesion', 'poland.resentment', 'climate + 5') was ``value``, and needed ``op target``."""

    subject: str
    value: float
    op: str
    target: float
    #: For a subject that is the lowest or highest of one value at several posts ('min(gdr.alignment,
    #: poland.alignment)'): ('min' or 'max', the value's name, how many posts, the post that gave the value).
    extreme: tuple[str, str, int, str] | None = None
    #: For a subject that counts conditions ('(gdr.alignment >= 25) + (poland.alignment >= 25) >= 2'): each
    #: condition counted, in the scenario's order; ``value`` is how many of them held.
    parts: tuple[Part, ...] = ()

    @property
    def gap(self) -> float:
        """How far the value was from passing (0 for a failed '==' or '!=' at the target itself)."""
        return abs(self.target - self.value)


@dataclass(frozen=True)
class Part:
    """One condition of a count: whether it held, and its comparisons with their values (for a condition that
    failed, the ones it failed; for one that held, the ones that made it hold). No comparisons: ``label``, the
    condition as the scenario writes it, is all there is to say."""

    held: bool
    comparisons: tuple[Shortfall, ...]
    label: str


@dataclass(frozen=True)
class EndingReach:
    """An ending, whether the game reached it, whether its condition held at the end, and what it missed."""

    ending: str
    reached: bool
    met: bool
    shortfalls: tuple[Shortfall, ...]
    fallback: bool = False  # an ending without a condition: the one when no ending before it is met


@dataclass(frozen=True)
class PostYear:
    """A post's values at the start and the end, and the causes that moved it most: (cause, value, total)."""

    country: str
    start: tuple[float, ...]
    end: tuple[float, ...]
    causes: tuple[tuple[Cause, str, float], ...]


@dataclass(frozen=True)
class Debrief:
    posts: tuple[PostYear, ...]
    endings: tuple[EndingReach, ...]
    cohesion: float  # the average of the month-end cohesion: the score before the ending's bonus
    bonus: float
    score: int


def debrief(state: GameState) -> Debrief:
    """The debrief of a finished game (``state.over``)."""
    sc = state.scenario
    assert state.over and state.ending is not None and state.score is not None
    return Debrief(posts=_posts(state), endings=_endings(state),
                   cohesion=fsum_left(h.cohesion for h in state.history) / len(state.history),
                   bonus=sc.ending(state.ending).bonus, score=state.score)


# --- what moved each post ------------------------------------------------------------------------------------

def _posts(state: GameState) -> tuple[PostYear, ...]:
    sc = state.scenario
    replay = new_game(sc, state.seed, state.difficulty)
    events = list(replay.briefing)
    for month in state.history:
        replay, more = play_turn(replay, dict(month.choices), month.initiatives)
        events += more
    totals: dict[tuple[str, str, str, str, tuple[float, float] | None], float] = {}
    first: dict[tuple[str, str, str, str, tuple[float, float] | None], Cause] = {}
    for ev in events:
        if not isinstance(ev, ValueChanged) or ev.country is None:
            continue
        # The same card, response or rule in different months is one cause: summed by what it is (what a
        # response's range drew apart from its other effects, the range shown with it).
        drawn = ev.cause.drawn
        key = (ev.country, ev.var, ev.cause.kind, ev.cause.id, None if drawn is None else (drawn.low, drawn.high))
        totals[key] = totals.get(key, 0.0) + ev.delta
        first.setdefault(key, ev.cause)
    posts = []
    for ci, c in enumerate(sc.countries):
        mine = [(first[k], k[1], total) for k, total in totals.items() if k[0] == c.id and abs(total) > 1e-9]
        mine.sort(key=lambda item: -abs(item[2]))  # stable: among equals, the first to happen first
        posts.append(PostYear(c.id, state.start_values[ci], state.values[ci], tuple(mine[:CAUSES_PER_POST])))
    return tuple(posts)


# --- how close each ending was -------------------------------------------------------------------------------

Unmet = Callable[[Env], list[Shortfall]]
_COMPARISONS = frozenset({"<", "<=", ">", ">=", "==", "!="})
_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}


@dataclass(frozen=True)
class _Node:
    closure: tuple[Fn, float | None]  # the engine's own closure and constant, so values are the engine's
    label: str
    unmet: Unmet | None = None  # for a condition: the comparisons it fails
    at: tuple[int, int] | None = None  # a post's value: (country index, value index)
    #: min or max of one value at several posts: which of them gave the result, as Shortfall.extreme
    extreme: Callable[[Env], tuple[str, str, int, str]] | None = None
    #: For a condition (a comparison, and, or, not): its value is 0 or 1, so a sum of them counts them.
    condition: bool = False
    #: For a comparison, or conditions joined by 'and': the comparisons as they stand, held or not.
    stands: Unmet | None = None
    #: For a sum of conditions: the conditions it counts.
    parts: tuple[_Node, ...] = ()

    def value(self, env: Env) -> float:
        return self.closure[0](env)

    def failures(self, env: Env) -> list[Shortfall]:
        if self.unmet is not None:
            return self.unmet(env)
        return [] if self.value(env) != 0 else [Shortfall(self.label, self.value(env), "!=", 0.0)]


class Reach:
    """A parser builder (``expr.Builder``): the engine's closures, plus labels and the failed comparisons of a
    condition, so that the debrief can say how close a game came to an ending. Public for its known-answer
    tests (tests/engine/test_year_causes.py)."""

    def __init__(self, countries: tuple[str, ...]) -> None:
        self.countries = countries

    def number(self, value: float) -> _Node:
        return _Node(CLOSURES.number(value), f"{value:g}")

    def value(self, vi: int) -> _Node:
        return _Node(CLOSURES.value(vi), COUNTRY_VARS[vi])

    def country(self, ci: int, vi: int) -> _Node:
        return _Node(CLOSURES.country(ci, vi), f"{self.countries[ci]}.{COUNTRY_VARS[vi]}", at=(ci, vi))

    def glob(self, gi: int) -> _Node:
        name = next(n for n, i in GLOBAL_INDEX.items() if i == gi)
        return _Node(CLOSURES.glob(gi), name)

    def cohesion(self) -> _Node:
        return _Node(CLOSURES.cohesion(), "cohesion")

    def call(self, name: str, args: list[_Node]) -> _Node:
        closure = CLOSURES.call(name, [a.closure for a in args])
        label = f"{name}({', '.join(a.label for a in args)})"
        posts = [a.at for a in args if a.at is not None]
        if name not in ("min", "max") or len(posts) != len(args) or len({vi for _ci, vi in posts}) != 1:
            return _Node(closure, label)
        vi = posts[0][1]

        def extreme(env: Env) -> tuple[str, str, int, str]:
            result = closure[0](env)
            # The first post whose value is the result (the engine's own number, so an exact match).
            ci = next((ci for ci, _vi in posts if env.c[ci][vi] == result), posts[0][0])
            return name, COUNTRY_VARS[vi], len(posts), self.countries[ci]

        return _Node(closure, label, extreme=extreme)

    def unary(self, op: str, inner: _Node) -> _Node:
        label = f"not ({inner.label})" if op == "not" else f"{op}{inner.label}"
        return _Node(CLOSURES.unary(op, inner.closure), label, condition=op == "not")

    def binary(self, op: str, left: _Node, right: _Node) -> _Node:
        closure = CLOSURES.binary(op, left.closure, right.closure)
        label = f"{left.label} {op} {right.label}"
        if op in _COMPARISONS:
            # The side that reads the game is the subject; the other is the target.
            subject, target, shown_op = (left, right, op) if right.closure[1] is not None or \
                left.closure[1] is None else (right, left, _FLIP[op])

            def stands(env: Env) -> list[Shortfall]:
                extreme = subject.extreme(env) if subject.extreme is not None else None
                parts = tuple(_part(p, env) for p in subject.parts) if target.closure[1] is not None else ()
                return [Shortfall(subject.label, subject.value(env), shown_op, target.value(env), extreme, parts)]

            def compared(env: Env) -> list[Shortfall]:
                return [] if closure[0](env) != 0 else stands(env)

            return _Node(closure, label, compared, condition=True, stands=stands)
        if op == "+" and (left.condition or left.parts) and (right.condition or right.parts):
            return _Node(closure, label, parts=(*(left.parts or (left,)), *(right.parts or (right,))))
        if op == "and":
            both = None if left.stands is None or right.stands is None else \
                _joined(left.stands, right.stands)
            return _Node(closure, label, lambda env: left.failures(env) + right.failures(env), condition=True,
                         stands=both)
        if op == "or":
            def either(env: Env) -> list[Shortfall]:
                if closure[0](env) != 0:
                    return []
                a, b = left.failures(env), right.failures(env)
                return min(a, b, key=lambda s: (len(s), sum(x.gap for x in s)))

            return _Node(closure, label, either, condition=True)
        return _Node(closure, label)


def _joined(a: Unmet, b: Unmet) -> Unmet:
    return lambda env: a(env) + b(env)


def _part(node: _Node, env: Env) -> Part:
    """One counted condition at the end of the game: whether it held, and the comparisons that say why."""
    held = node.value(env) != 0
    if held:
        return Part(True, tuple(node.stands(env)) if node.stands is not None else (), node.label)
    return Part(False, tuple(node.failures(env)), node.label)


def final_env(state: GameState) -> Env:
    """The numbers the endings were read from: the values and globals at the end of the last month."""
    return state_env(state, state.scenario.turns)


def _endings(state: GameState) -> tuple[EndingReach, ...]:
    sc = state.scenario
    env = final_env(state)
    names = Names(tuple(c.id for c in sc.countries), in_country=False)
    build = Reach(names.countries)
    out = []
    for ending in sc.endings:
        if ending.when is None:
            out.append(EndingReach(ending.id, ending.id == state.ending, True, (), fallback=True))
            continue
        node, _ = parse(ending.when.source, names, build)
        missed = tuple(node.failures(env))
        out.append(EndingReach(ending.id, ending.id == state.ending, not missed, missed))
    return tuple(out)
