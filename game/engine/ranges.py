"""What numbers a scenario expression can produce: an interval analysis, run by the validator.

The engine clamps every value it stores (a country's values and the climate to 0-100, capital and economy to
0-RESOURCE_MAX), but inside an expression nothing is clamped: ``1000000 * 1000000 * ...`` overflows to
infinity, ``min(1, X - X)`` of an infinite X is NaN, and ``1 / (alignment - 50)`` is as large as it likes
when alignment comes close to 50. So every value an expression can read has a known range, and this module
follows each operation with the interval of its possible results (and whether they are all whole numbers).
It refuses, at the operator and with the operands' text:

- an operation on bounded numbers whose result can be larger in size than ``LIMIT`` (far beyond any number
  a scenario needs, far below the largest float);
- a division by something that can come close to 0 without being 0 (division by exactly 0 gives 0, by
  1e-300 a number past any limit), unless what it gives is bounded again before the expression ends, as in
  ``clamp(5 / (resentment - 50), -1, 1)``, and nothing on the way can turn infinity into NaN (infinity less
  infinity, 0 times infinity, infinity over infinity). A whole-number divisor is safe: it is 0 or at least
  1 in size.

What it accepts is finite at the end of every expression and never NaN on the way, in the engine and in
game.engine.lockstep (both compute the same operations, see ``expr.Builder``).

It also reads a condition as what it says of the values (``given``): ``cohesion >= 70 and poland.stability < 40``
holds only where cohesion is 70 to 100 and Poland's stability 0 to just below 40. Another condition's span,
worked out on those narrower values (``span(..., within=...)``), says whether it holds whenever the first one
does: the validator's check of an ending hidden by an earlier one. Only comparisons of a value with something
whose span is known narrow it, joined by ``and``, ``or`` and ``not``; anything else says nothing, so an answer
is always sound (never a false alarm) and often "cannot tell".
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from game.engine.data import RESOURCE_MAX, VALUE_MAX, VALUE_MIN
from game.engine.expr import (
    G_CAPITAL,
    G_CLIMATE,
    G_ECONOMY,
    G_MONTH,
    G_TURN,
    G_TURNS,
    G_YEAR,
    ExprError,
    Names,
    Refused,
    parse,
    parse_effects,
)

__all__ = ["LIMIT", "Calendar", "Span", "Within", "check", "given", "span"]

#: The largest size any number inside an expression may reach: far beyond any number a scenario needs, and so
#: far below the largest float (about 1.8e308) that the product of two such numbers is still finite.
LIMIT = 1e30
#: The smallest positive float: how close to 0 a value that could be any float can come.
TINY = math.ulp(0.0)


@dataclass(frozen=True)
class Span:
    """The values something can take: from ``low`` to ``high``, all whole numbers when ``whole``."""

    low: float
    high: float
    whole: bool = False
    #: For a span without bounds: the column of the division that made it so, and what to say about it.
    why: tuple[int, str] | None = None
    #: How close to 0 a value can come without being 0 (what a division by it can give depends on it).
    gap: float = TINY

    def __post_init__(self) -> None:
        if self.whole and self.gap < 1.0:
            object.__setattr__(self, "gap", 1.0)  # a whole number is 0 or at least 1 in size
        elif self.gap < TINY:
            object.__setattr__(self, "gap", TINY)

    @property
    def size(self) -> float:
        return max(abs(self.low), abs(self.high))

    @property
    def never_true(self) -> bool:
        """Read as a condition: always 0, so never true."""
        return self.low == self.high == 0

    @property
    def always_true(self) -> bool:
        """Read as a condition: never 0, so always true."""
        return not self.low <= 0 <= self.high

    @property
    def bounded(self) -> bool:
        return math.isfinite(self.low) and math.isfinite(self.high)

    def __str__(self) -> str:
        return f"{_number(self.low)} to {_number(self.high)}"


@dataclass(frozen=True)
class Calendar:
    """What the analysis knows of the scenario: how many turns it can have, and the years of its months."""

    turns: tuple[int, int] = (1, 60)
    years: tuple[int, int] = (1, 9999)

    @staticmethod
    def of(start: object, turns: object) -> Calendar:
        """The calendar of a scenario table as read from the file (anything not yet validated is ignored)."""
        calendar = Calendar()
        if isinstance(turns, int) and not isinstance(turns, bool) and 1 <= turns <= 60:
            calendar = Calendar((turns, turns), calendar.years)
        if isinstance(start, str) and len(start) == 7 and start[:4].isdigit() and start[5:].isdigit():
            year, month = int(start[:4]), int(start[5:])
            last = year + (month - 1 + calendar.turns[1] - 1) // 12
            calendar = Calendar(calendar.turns, (year, last))
        return calendar


_VALUE = Span(VALUE_MIN, VALUE_MAX)
_FLAG = Span(0.0, 1.0, True)
_TRUE = Span(1.0, 1.0, True)
_FALSE = Span(0.0, 0.0, True)
_ZERO = Span(0.0, 0.0, True, gap=math.inf)


def _number(x: float) -> str:
    return f"{x:,.6g}" if abs(x) < 1e9 else f"{x:.3g}"


class _Spans:
    """The analysis as an expression builder (see ``expr.Builder``): what each part can be."""

    def __init__(self, calendar: Calendar) -> None:
        self.column, self.left, self.right = 1, "", ""
        turns = Span(float(calendar.turns[0]), float(calendar.turns[1]), True)
        self.globals = {
            G_CLIMATE: _VALUE, G_CAPITAL: Span(0.0, RESOURCE_MAX), G_ECONOMY: Span(0.0, RESOURCE_MAX),
            G_TURN: Span(1.0, turns.high, True), G_TURNS: turns, G_MONTH: Span(1.0, 12.0, True),
            G_YEAR: Span(float(calendar.years[0]), float(calendar.years[1]), True),
        }

    @staticmethod
    def number(value: float) -> Span:
        return Span(value, value, value.is_integer(), gap=abs(value) or math.inf)

    def value(self, vi: int) -> Span:
        return _VALUE

    def country(self, ci: int, vi: int) -> Span:
        return _VALUE

    def glob(self, gi: int) -> Span:
        return self.globals[gi]

    def cohesion(self) -> Span:
        return _VALUE

    @staticmethod
    def unary(op: str, inner: Span) -> Span:
        if op == "+":
            return inner
        if op == "-":
            return Span(-inner.high, -inner.low, inner.whole, inner.why, inner.gap)
        return _truth(inner, negate=True)

    def locate(self, column: int, left: str, right: str) -> None:
        """Where the next binary operation is (see ``expr.Refused``)."""
        self.column, self.left, self.right = column, left, right

    @staticmethod
    def call(name: str, args: list[Span]) -> Span:
        whole = all(a.whole for a in args)
        why = next((a.why for a in args if a.why is not None), None)
        if name == "min":
            result = Span(min(a.low for a in args), min(a.high for a in args), whole)
        elif name == "max":
            result = Span(max(a.low for a in args), max(a.high for a in args), whole)
        elif name == "abs":
            (x,) = args
            flipped = Span(-x.high, -x.low, x.whole) if x.high <= 0 else Span(0.0, x.size, x.whole)
            result = x if x.low >= 0 else flipped
        else:
            x, low, high = args  # clamp(x, low, high) is min(max(x, low), high)
            raised = Span(max(x.low, low.low), max(x.high, low.high), whole)
            result = Span(min(raised.low, high.low), min(raised.high, high.high), whole)
        gap = min(a.gap for a in args)
        return Span(result.low, result.high, result.whole, None if result.bounded else why, gap)

    def binary(self, op: str, a: Span, b: Span) -> Span:
        if op not in ("+", "-", "*", "/"):
            return _decided(op, a, b)  # comparisons, and, or: 1 or 0 (never NaN, see below), or known to be one
        shown = f"'{self.left} {op} {self.right}'"
        why = a.why or b.why
        if op == "+" and ((a.high == math.inf and b.low == -math.inf) or
                          (a.low == -math.inf and b.high == math.inf)):
            raise Refused(_no_value(shown, "infinity less infinity", why))
        if op == "-" and ((a.high == b.high == math.inf) or (a.low == b.low == -math.inf)):
            raise Refused(_no_value(shown, "infinity less infinity", why))
        if op == "*" and ((not a.bounded and b.low <= 0 <= b.high) or (not b.bounded and a.low <= 0 <= a.high)):
            raise Refused(_no_value(shown, "0 times infinity", why))
        if op == "/" and not a.bounded and not b.bounded:
            raise Refused(_no_value(shown, "infinity over infinity", why))
        whole = a.whole and b.whole
        if op in ("+", "-"):
            result = Span(a.low + b.low, a.high + b.high, whole) if op == "+" else \
                Span(a.low - b.high, a.high - b.low, whole)
            result = Span(result.low, result.high, whole, gap=_sum_gap(a, b))
        elif op == "*":
            ends = [x * y for x in (a.low, a.high) for y in (b.low, b.high) if x != 0 and y != 0] or [0.0]
            if a.low <= 0 <= a.high or b.low <= 0 <= b.high:
                ends.append(0.0)
            result = Span(min(ends), max(ends), whole, gap=a.gap * b.gap)
        else:
            result, near_zero = _divide(a, b)
            if near_zero and not result.bounded:
                why = why or (self.column, f"'{self.right}' can come as close to 0 as it likes (it ranges from "
                                           f"{b}), and dividing by a number close to 0 gives a number too "
                                           f"large to use: divide by max({self.right}, 1) or by a fixed "
                                           "number instead, or clamp the result")
        if not result.bounded:
            return Span(result.low, result.high, result.whole, why, result.gap)
        if result.size > LIMIT and a.bounded and b.bounded:
            raise Refused(f"{shown} can reach {_number(result.size)}, and numbers in a scenario must stay "
                          f"within {_number(LIMIT)}: use smaller numbers")
        return result


def _truth(x: Span, *, negate: bool = False) -> Span:
    """A number read as a condition (0 is false, anything else true), or its negation: known or 0-or-1."""
    if not x.low <= 0 <= x.high:
        return _FALSE if negate else _TRUE
    if x.low == x.high == 0:
        return _TRUE if negate else _FALSE
    return _FLAG


def _decided(op: str, a: Span, b: Span) -> Span:
    """A comparison, and, or: always true or always false where the operands' spans decide it, else 0 or 1.
    (Used to find what can never happen: an ending, a card, an event whose condition is never true.)"""
    if op in ("and", "or"):
        x, y = _truth(a), _truth(b)
        if op == "and":
            return _FALSE if _FALSE in (x, y) else _TRUE if x == y == _TRUE else _FLAG
        return _TRUE if _TRUE in (x, y) else _FALSE if x == y == _FALSE else _FLAG
    if not (a.bounded and b.bounded):
        return _FLAG
    always = {"<": a.high < b.low, "<=": a.high <= b.low, ">": a.low > b.high, ">=": a.low >= b.high,
              "==": a.low == a.high == b.low == b.high, "!=": a.high < b.low or a.low > b.high}
    never = {"<": a.low >= b.high, "<=": a.low > b.high, ">": a.high <= b.low, ">=": a.high < b.low,
             "==": a.high < b.low or a.low > b.high, "!=": a.low == a.high == b.low == b.high}
    if op not in always:
        return _FLAG
    return _TRUE if always[op] else _FALSE if never[op] else _FLAG


def span(text: str, names: Names, calendar: Calendar, within: Within | None = None) -> Span:
    """What one expression (a condition, a weight, a number) can be, for the checks of what can never happen;
    ``within``: only where another condition holds (``given``). The text must already compile and pass
    ``check``."""
    if within is None:
        return parse(text, names, _Spans(calendar))[0]
    try:
        return parse(text, names, _Within(calendar, within))[0]
    except ExprError:
        return _FLAG  # nothing known (narrower values never make a checked expression fail, but say nothing)


# --- what a condition says of the values -----------------------------------------------------------------------

#: A value an expression reads: ("value", vi) of the current country, ("country", ci, vi), ("glob", gi), or
#: ("cohesion",).
Read = tuple[str | int, ...]
#: The values where a condition holds, as far as it says: each value it narrows, within its span; a value not
#: named is anywhere in its own span.
Within = Mapping[Read, Span]


@dataclass(frozen=True)
class _Fact:
    """An expression's span, the value it reads when it is a plain value, and what the values are when it
    holds (``true``) and when it does not (``false``): None where that never happens."""

    span: Span
    read: Read | None = None
    true: Within | None = None
    false: Within | None = None


_NOTHING: Within = {}


def _both(a: Within | None, b: Within | None) -> Within | None:
    """Where both hold: each value within both spans (None if that is nowhere)."""
    if a is None or b is None:
        return None
    out = dict(a)
    for key, s in b.items():
        if key in out:
            low, high = max(out[key].low, s.low), min(out[key].high, s.high)
            if low > high:
                return None
            s = Span(low, high, s.whole)
        out[key] = s
    return out


def _either(a: Within | None, b: Within | None) -> Within | None:
    """Where one or the other holds: each value named by both, within the hull of its two spans."""
    if a is None or b is None:
        return b if a is None else a
    return {key: Span(min(s.low, b[key].low), max(s.high, b[key].high), s.whole)
            for key, s in a.items() if key in b}


#: What ``x op y`` says of x when it is false: the opposite comparison (no value read is ever NaN).
_OPPOSITE = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "=="}
#: ``x op y`` read as ``y op' x``.
_MIRROR = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}


def _narrow(x: Span, op: str, y: Span) -> Span | None:
    """Where x can be when ``x op y`` holds, y being anywhere in its span; None if nowhere, x if it says
    nothing."""
    if not y.bounded or op == "!=":
        return x
    low, high = x.low, x.high
    if op in (">=", "=="):
        low = max(low, y.low)
    if op in ("<=", "=="):
        high = min(high, y.high)
    if op == ">":
        low = max(low, math.nextafter(y.low, math.inf))
    if op == "<":
        high = min(high, math.nextafter(y.high, -math.inf))
    if x.whole:
        low, high = math.ceil(low), math.floor(high)
    return Span(low, high, x.whole) if low <= high else None


def _compared(op: str, a: _Fact, b: _Fact) -> Within | None:
    """What ``a op b`` holding says of the values it compares."""
    out: Within | None = _NOTHING
    for x, shown, y in ((a, op, b), (b, _MIRROR[op], a)):
        if x.read is not None:
            narrowed = _narrow(x.span, shown, y.span)
            out = _both(out, None if narrowed is None else {x.read: narrowed})
    return out


class _Given:
    """The analysis of a condition (``expr.Builder``), with what it says of the values where it holds and where
    it does not."""

    def __init__(self, calendar: Calendar) -> None:
        self.spans = _Spans(calendar)

    def locate(self, column: int, left: str, right: str) -> None:
        self.spans.locate(column, left, right)

    def number(self, value: float) -> _Fact:
        return _settled(self.spans.number(value))

    def value(self, vi: int) -> _Fact:
        return _Fact(self.spans.value(vi), ("value", vi), _NOTHING, _NOTHING)

    def country(self, ci: int, vi: int) -> _Fact:
        return _Fact(self.spans.country(ci, vi), ("country", ci, vi), _NOTHING, _NOTHING)

    def glob(self, gi: int) -> _Fact:
        return _Fact(self.spans.glob(gi), ("glob", gi), _NOTHING, _NOTHING)

    def cohesion(self) -> _Fact:
        return _Fact(self.spans.cohesion(), ("cohesion",), _NOTHING, _NOTHING)

    def unary(self, op: str, inner: _Fact) -> _Fact:
        result = self.spans.unary(op, inner.span)
        return _settled(result, inner.false, inner.true) if op == "not" else _settled(result)

    def call(self, name: str, args: list[_Fact]) -> _Fact:
        return _settled(self.spans.call(name, [a.span for a in args]))

    def binary(self, op: str, a: _Fact, b: _Fact) -> _Fact:
        result = self.spans.binary(op, a.span, b.span)
        if op == "and":
            return _settled(result, _both(a.true, b.true), _either(a.false, b.false))
        if op == "or":
            return _settled(result, _either(a.true, b.true), _both(a.false, b.false))
        if op in _OPPOSITE:
            return _settled(result, _compared(op, a, b), _compared(_OPPOSITE[op], a, b))
        return _settled(result)


def _settled(s: Span, true: Within | None = _NOTHING, false: Within | None = _NOTHING) -> _Fact:
    """A fact that reads no plain value; a condition always or never true holds nowhere else."""
    return _Fact(s, None, None if s.never_true else true, None if s.always_true else false)


class _Within(_Spans):
    """The analysis with some values narrowed to where a condition holds."""

    def __init__(self, calendar: Calendar, within: Within) -> None:
        super().__init__(calendar)
        self.within = within

    def value(self, vi: int) -> Span:
        return self.within.get(("value", vi), _VALUE)

    def country(self, ci: int, vi: int) -> Span:
        return self.within.get(("country", ci, vi), _VALUE)

    def glob(self, gi: int) -> Span:
        return self.within.get(("glob", gi), self.globals[gi])

    def cohesion(self) -> Span:
        return self.within.get(("cohesion",), _VALUE)


def given(text: str, names: Names, calendar: Calendar) -> Within | None:
    """The values where a condition holds, as far as its comparisons say (see the module's note); None when it
    can never hold. The text must already compile and pass ``check``."""
    return parse(text, names, _Given(calendar))[0].true


def _no_value(shown: str, what: str, why: tuple[int, str] | None) -> str:
    cause = f" (at character {why[0]}: {why[1]})" if why is not None else ""
    return f"{shown} can be {what}, which is not a number{cause}"


def _sum_gap(a: Span, b: Span) -> float:
    """How close to 0 ``a + b`` or ``a - b`` can come without being 0. With a constant c (not 0) on one side,
    the other is a float other than -c or c: the floats nearest c are at least half of c's last digit
    (``ulp``) away, and the difference of two floats that close is exact."""
    for x, other in ((a, b), (b, a)):
        if x.low == x.high and math.isfinite(x.low):
            return other.gap if x.low == 0 else math.ulp(x.low) / 2
    return TINY


def _divide(a: Span, b: Span) -> tuple[Span, bool]:
    """a / b, and whether b can come close to 0 without being 0 (then the result is as large as a's largest
    size over b's gap, or has no bound when that is past LIMIT)."""
    if b.low == b.high == 0 or a.low == a.high == 0:
        return _ZERO, False  # division by 0 gives 0
    gap = a.gap / b.size if math.isfinite(b.size) else TINY
    if b.low > 0 or b.high < 0:
        pieces = [b]
    elif b.whole:
        pieces = []
        if b.low <= -1:
            pieces.append(Span(math.ceil(b.low), -1.0))
        if b.high >= 1:
            pieces.append(Span(1.0, math.floor(b.high)))
    else:
        # Each sign of the result that can occur can be as large as a's size over b's gap; 0 is a bound
        # otherwise.
        most = a.size / b.gap
        most = most if most <= LIMIT else math.inf
        low = -most if (a.high > 0 and b.low < 0) or (a.low < 0 and b.high > 0) else 0.0
        high = most if (a.high > 0 and b.high > 0) or (a.low < 0 and b.low < 0) else 0.0
        return Span(low, high, gap=gap), True
    ends = [0.0] if b.low <= 0 <= b.high else []
    for p in pieces:
        ends += [_quotient(x, y) for x in (a.low, a.high) for y in (p.low, p.high)]
    return Span(min(ends), max(ends), gap=gap), False


def _quotient(x: float, y: float) -> float:
    """x / y for interval ends, where an infinite end of the divisor gives 0 and an infinite dividend stays."""
    if math.isinf(y):
        return 0.0 if math.isfinite(x) else math.copysign(math.inf, x) * math.copysign(1.0, y)
    return x / y


def check(text: str, names: Names, calendar: Calendar, *, effects: bool) -> None:
    """Raise ExprError (at the operator) when the expression, or one of the effects' values, can produce a
    number too large to use. The text must already compile."""
    spans = _Spans(calendar)
    values = [s.value for s in parse_effects(text, names, spans)] if effects else [parse(text, names, spans)[0]]
    for value in values:
        if value is None:
            continue  # a range: two numbers, each at most MAX_NUMBER in size
        if not value.bounded:
            column, message = value.why or (1, "the expression can be infinite")
            raise ExprError(message, column)
