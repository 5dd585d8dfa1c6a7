"""The scenario expression language: a small grammar of our own, parsed once at load into closures.

Scenario files carry conditions (``resentment > 60 and stability < 40``), numbers (``1 + china_ties / 25``)
and effects (``alignment -= 3; resentment += 2``) as text. They are data, never code: this module tokenises
and parses them itself and compiles them into plain Python closures. Nothing here calls ``eval``/``exec``,
looks up attributes or imports anything a file names; every name is resolved against a fixed table at
compile time, so an unknown name is a load-time error with its column, not a runtime surprise.

Every value is a number. Comparisons and ``and``/``or``/``not`` give 1 or 0, and a condition holds when its
value is not 0. Division by zero gives 0, so no expression can crash a game.

Numbers that are not finite are decided here once, and every backend (these closures, the arrays of
``game.engine.lockstep``) follows the same contract, pinned by tests/engine/test_numbers.py with generated values:
arithmetic is IEEE doubles, so a product can overflow to an infinity and ``inf - inf`` is NaN; ``min``, ``max``
and ``clamp`` pass over NaN (``least``, ``most``: IEEE minNum/maxNum, numpy's ``fmin``/``fmax``); a comparison
with NaN is false, and a NaN condition, not being 0, holds. Where the engine stores a number, it is clamped to
its range with NaN going to the bottom of the range (0), and a NaN number of cards is no card; so a state never
holds a number that is not finite.
The validator goes further: its interval analysis (game.engine.ranges) refuses an expression whose numbers
could grow past 1e30, to an infinity or NaN, so a scenario that validates never meets one.
"""

from __future__ import annotations

import difflib
import math
import operator
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar

from game.errors import AmbassadorError

__all__ = [
    "CLOSURES",
    "COUNTRY_VARS",
    "FUNCTIONS",
    "GLOBAL_READ",
    "GLOBAL_VARS",
    "MAX_DEPTH",
    "MAX_LENGTH",
    "MAX_NUMBER",
    "RANGE",
    "Builder",
    "Effect",
    "Env",
    "Expr",
    "ExprError",
    "Names",
    "Refused",
    "Statement",
    "compile_effects",
    "compile_expr",
    "fsum_left",
    "least",
    "most",
    "parse",
    "parse_effects",
]

#: Per-country values, in the order the engine stores them. Each runs from 0 to 100.
COUNTRY_VARS: tuple[str, ...] = ("alignment", "china_ties", "resentment", "stability")
#: Global values an effect may change: the international climate (0-100) and the player's resources.
GLOBAL_VARS: tuple[str, ...] = ("climate", "capital", "economy")
#: Global values that can be read but not set.
GLOBAL_READ: tuple[str, ...] = ("turn", "turns", "month", "year", "cohesion")
#: Function name -> (minimum, maximum) number of arguments: min and max take one value at each of a scenario's
#: posts (the main scenario's endings: nine; it was 8, and a ninth post had to be compared on its own, which the
#: debrief then explained as 'lowest of 8 posts' to a student running nine).
FUNCTIONS: dict[str, tuple[int, int]] = {"min": (2, 32), "max": (2, 32), "abs": (1, 1), "clamp": (3, 3)}

MAX_LENGTH = 2000
#: The word of a ranged amount: ``stability += between(2, 6)``.
RANGE = "between"
MAX_DEPTH = 32
MAX_NUMBER = 1_000_000.0
_TOO_DEEP = f"the expression nests deeper than {MAX_DEPTH} levels; simplify it"

# Where each global lives in Env.g.
G_CLIMATE, G_CAPITAL, G_ECONOMY, G_TURN, G_TURNS, G_MONTH, G_YEAR = range(7)
#: Each global's name in the expression language -> its place in Env.g (a builder's ``glob`` gets the place;
#: the debrief names it back).
GLOBAL_INDEX = {"climate": G_CLIMATE, "capital": G_CAPITAL, "economy": G_ECONOMY, "turn": G_TURN,
                 "turns": G_TURNS, "month": G_MONTH, "year": G_YEAR}


class ExprError(AmbassadorError, ValueError):
    """A problem in an expression, with the 1-based column where it was found."""

    def __init__(self, message: str, column: int) -> None:
        super().__init__(f"at character {column} of the expression: {message}")
        self.message = message
        self.column = column


class Refused(ValueError):
    """A builder refuses an operation (game.engine.ranges does, for one whose result can grow too large). The
    parser turns it into an ExprError at the operator. A builder with a method ``locate(column, left, right)``
    is told, before each binary operation, the operator's column and the text of its two operands."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Env:
    """The values an expression reads while the engine resolves a month: mutable lists, for speed."""

    __slots__ = ("c", "each", "g", "i", "weights", "wsum")

    def __init__(self, c: list[list[float]], g: list[float], weights: Sequence[float],
                 each: Callable[[Env], float] | None = None) -> None:
        self.c = c
        self.g = g
        self.i = 0
        self.weights = tuple(weights)
        self.wsum = fsum_left(self.weights) or 1.0
        #: The scenario's aggregate per country ([scenario] cohesion), or None for alignment itself.
        self.each = each

    def cohesion(self) -> float:
        """The aggregate: the mean of each country's part (alignment, or the scenario's expression, kept
        within 0 to 100 with NaN as 0) weighted by the countries' weights."""
        # Added left to right, as fsum_left says; the rows and the weights are in the same order.
        total = 0.0
        each = self.each
        if each is None:
            for w, row in zip(self.weights, self.c):  # noqa: B905 - one weight per row, by construction
                total += w * row[0]
            return total / self.wsum
        here = self.i
        for k, w in enumerate(self.weights):
            self.i = k
            v = each(self)
            total += w * (v if 0.0 <= v <= 100.0 else 100.0 if v > 100.0 else 0.0)
        self.i = here
        return total / self.wsum


def _fsum_loop(values: Iterable[float]) -> float:
    total = 0.0
    for v in values:
        total += v
    return total


#: The sum of the values added left to right in doubles. From Python 3.12 ``sum()`` of floats compensates
#: rounding (Neumaier), so its last digit, and then the game's draws, would depend on the Python version;
#: before 3.12 ``sum()`` is exactly this loop, run in C.
fsum_left: Callable[[Iterable[float]], float] = sum if sys.version_info < (3, 12) else _fsum_loop


Fn = Callable[[Env], float]


@dataclass(frozen=True)
class Names:
    """What an expression may name: the scenario's country ids, whether a current country exists, and whether
    an effect's amount may be a range (``between(low, high)``: only in a response's or a decision option's
    effects)."""

    countries: tuple[str, ...] = ()
    in_country: bool = True
    ranges: bool = False
    #: (name, value, word): a value's name as the scenario's screens show it, made a name ("belgrade_ties"
    #: for china_ties shown as "Belgrade ties"), so that writing it is answered with the value's own name.
    shown: tuple[tuple[str, str, str], ...] = ()

    def shown_as(self, word: str) -> str:
        """What to say of ``word`` when it is a value's name as the screens show it, else ""."""
        for name, value, shown in self.shown:
            if word == name:
                return f": [words] shows {value} as \"{shown}\", but expressions always name it {value}"
        return ""

    def known(self) -> list[str]:
        names = [*GLOBAL_VARS, *GLOBAL_READ, *FUNCTIONS, "true", "false"]
        if self.in_country:
            names += COUNTRY_VARS
        names += [f"{c}.{v}" for c in self.countries for v in COUNTRY_VARS]
        return names


@dataclass(frozen=True)
class Expr:
    """A compiled expression: its source, its closure, and its value when it does not depend on the game."""

    source: str
    fn: Fn = field(repr=False, compare=False)
    const: float | None = None
    names: frozenset[str] = frozenset()

    def __call__(self, env: Env) -> float:
        return self.fn(env)


@dataclass(frozen=True)
class Effect:
    """One statement ``[country.]var op value``: country is None for the current country or for a global.

    ``spread``: the amount is drawn from a range, ``between(low, high)`` (low < high, as written: ``-=
    between(2, 6)`` takes 2 to 6 away); ``value`` is then the range's middle, its source the range's text."""

    var: str
    op: str  # "+=", "-=" or "="
    value: Expr
    country: int | None = None
    is_global: bool = False
    spread: tuple[float, float] | None = None


_TOKEN = re.compile(
    r"""(?P<ws>[ \t\r]+)
      | (?P<nl>\n)
      | (?P<num>\d+(?:\.\d+)?|\.\d+)
      | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
      | (?P<op>\+=|-=|<=|>=|==|!=|[-+*/<>=(),.;])
    """,
    re.VERBOSE,
)


#: Operators from other languages, and the words this one uses for them.
_WORD_OPERATORS = {"&": "and", "|": "or", "!": "not"}
#: Signs a word processor or a maths text types, and how this language writes them.
_SIGNS = {"\u2265": ">=", "\u2264": "<=", "\u2260": "!=", "\u00d7": "*", "\u00f7": "/", "\u2212": "-",
          "\u2013": "-", "\u2014": "-"}
#: The language's words, which are written in lowercase only.
_WORDS = ("and", "or", "not", "true", "false")


@dataclass(frozen=True)
class _Tok:
    kind: str
    text: str
    pos: int  # 0-based offset


def _tokenise(text: str) -> list[_Tok]:
    if len(text) > MAX_LENGTH:
        raise ExprError(f"the expression is {len(text):,} characters long; the limit is {MAX_LENGTH:,}: split "
                        "it up or simplify it", 1)
    toks: list[_Tok] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            ch = text[pos]
            if ch in _WORD_OPERATORS:
                written = text[pos:pos + 2] if text[pos:pos + 2] in ("&&", "||") else ch
                raise ExprError(f"write {_WORD_OPERATORS[ch]!r} instead of {written!r}", pos + 1)
            if ch in _SIGNS:
                raise ExprError(f"write {_SIGNS[ch]!r} instead of {ch!r}", pos + 1)
            raise ExprError(f"unexpected character {ch!r}: expressions use numbers, value names, + - * /, "
                            "comparisons, and, or, not, and parentheses", pos + 1)
        kind = m.lastgroup or ""
        if kind != "ws":
            toks.append(_Tok(kind, m.group(), pos))
        pos = m.end()
    toks.append(_Tok("end", "", len(text)))
    return toks


N = TypeVar("N")


class Builder(Protocol[N]):
    """What the parser builds an expression out of. The engine's builder (``CLOSURES``) makes closures over
    one game's values; game.engine.lockstep makes closures over the values of many games at once. Both get
    the same calls in the same order, so both compute the same operations."""

    def number(self, value: float) -> N: ...
    def binary(self, op: str, left: N, right: N) -> N: ...
    def unary(self, op: str, inner: N) -> N: ...  # op is "+", "-" or "not"
    def call(self, name: str, args: list[N]) -> N: ...
    def value(self, vi: int) -> N: ...  # a value of the current country
    def country(self, ci: int, vi: int) -> N: ...  # a value of a named country
    def glob(self, gi: int) -> N: ...  # a global, by its index in Env.g
    def cohesion(self) -> N: ...


class _Parser(Generic[N]):
    def __init__(self, text: str, names: Names, build: Builder[N]) -> None:
        self.text = text
        self.names = names
        self.b = build
        self.toks = _tokenise(text)
        self.k = 0
        self.depth = 0
        self.used: set[str] = set()

    # -- token helpers -------------------------------------------------------------------------------
    @property
    def tok(self) -> _Tok:
        return self.toks[self.k]

    def take(self) -> _Tok:
        t = self.toks[self.k]
        self.k += 1
        return t

    def at(self, *texts: str) -> bool:
        t = self.tok
        return t.kind in ("op", "name") and t.text in texts

    def expect(self, text: str) -> _Tok:
        if not self.at(text):
            raise self.error(f"expected {text!r}")
        return self.take()

    def error(self, message: str, tok: _Tok | None = None) -> ExprError:
        t = tok or self.tok
        if t.kind == "name" and t.text.lower() in _WORDS and t.text != t.text.lower():
            return _lowercase(t)
        found = "the end of the expression" if t.kind == "end" else "a line break" if t.kind == "nl" \
            else repr(t.text)
        return ExprError(f"{message}, found {found}", t.pos + 1)

    def binary(self, op: _Tok, left: N, right: N, start: int) -> N:
        """Build ``left op right``; ``start`` is where the left operand's text begins."""
        locate = getattr(self.b, "locate", None)
        if locate is not None:
            last = self.toks[self.k - 1]
            locate(op.pos + 1, self.text[start:op.pos].strip(),
                   self.text[op.pos + len(op.text):last.pos + len(last.text)].strip())
        try:
            return self.b.binary(op.text, left, right)
        except Refused as exc:
            raise ExprError(exc.message, op.pos + 1) from None

    def skip_newlines(self) -> None:
        while self.tok.kind == "nl":
            self.take()

    # -- grammar -------------------------------------------------------------------------------------
    def expression(self) -> N:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExprError(_TOO_DEEP, self.tok.pos + 1)
        try:
            return self.or_()
        finally:
            self.depth -= 1

    def or_(self) -> N:
        start = self.tok.pos
        left = self.and_()
        while self.at("or"):
            op = self.take()
            right = self.and_()
            left = self.binary(op, left, right, start)
        return left

    def and_(self) -> N:
        start = self.tok.pos
        left = self.not_()
        while self.at("and"):
            op = self.take()
            right = self.not_()
            left = self.binary(op, left, right, start)
        return left

    def not_(self) -> N:
        if self.at("not"):
            self.take()
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise ExprError(_TOO_DEEP, self.tok.pos + 1)
            inner = self.not_()
            self.depth -= 1
            return self.b.unary("not", inner)
        return self.comparison()

    def comparison(self) -> N:
        start = self.tok.pos
        left = self.sum_()
        if self.at("<", "<=", ">", ">=", "==", "!="):
            op = self.take()
            right = self.sum_()
            left = self.binary(op, left, right, start)
            if self.at("<", "<=", ">", ">=", "==", "!="):
                raise ExprError("comparisons cannot be chained: join two comparisons with 'and', as in "
                                "'a < b and b < c'", self.tok.pos + 1)
        elif self.at("="):
            after = self.toks[self.k + 1]
            if after.pos == self.tok.pos + 1 and after.text in ("<", ">"):
                raise ExprError(f"write '{after.text}=' instead of '={after.text}'", self.tok.pos + 1)
            raise ExprError("'=' sets a value; to compare two values, write '=='", self.tok.pos + 1)
        return left

    def sum_(self) -> N:
        start = self.tok.pos
        left = self.term()
        while self.at("+", "-"):
            op = self.take()
            left = self.binary(op, left, self.term(), start)
        return left

    def term(self) -> N:
        start = self.tok.pos
        left = self.unary()
        while self.at("*", "/"):
            op = self.take()
            left = self.binary(op, left, self.unary(), start)
        return left

    def unary(self) -> N:
        if self.at("-", "+"):
            op = self.take().text
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise ExprError(_TOO_DEEP, self.tok.pos + 1)
            inner = self.unary()
            self.depth -= 1
            return self.b.unary(op, inner)
        return self.atom()

    def atom(self) -> N:
        t = self.tok
        if t.kind == "num":
            self.take()
            value = float(t.text)
            if value > MAX_NUMBER:
                raise ExprError(f"the number {t.text} is too large: numbers in expressions may be at most "
                                f"{MAX_NUMBER:,.0f}", t.pos + 1)
            return self.b.number(value)
        if self.at("("):
            self.take()
            inner = self.expression()
            self.expect(")")
            return inner
        if t.kind == "name":
            return self.name()
        raise self.error("expected a number, a name or '('")

    def name(self) -> N:
        t = self.take()
        word = t.text
        if word in ("true", "false"):
            return self.b.number(1.0 if word == "true" else 0.0)
        if word in ("and", "or", "not"):
            raise self.error(f"'{word}' needs a value before it", t)
        if word in FUNCTIONS:
            return self.call(t)
        if word == RANGE and self.at("("):
            raise ExprError(_range_misplaced(self.names), t.pos + 1)
        if self.at("."):
            self.take()
            attr = self.tok
            if attr.kind != "name":
                raise self.error(f"expected a value name after '{word}.'")
            self.take()
            return self.country_ref(word, attr.text, t)
        if self.at("("):
            raise self.unknown(word, t, functions=True)
        return self.plain_ref(word, t)

    def call(self, t: _Tok) -> N:
        lo, hi = FUNCTIONS[t.text]
        self.expect("(")
        args: list[N] = []
        if not self.at(")"):
            args.append(self.expression())
            while self.at(","):
                self.take()
                args.append(self.expression())
        self.expect(")")
        if not lo <= len(args) <= hi:
            want = str(lo) if lo == hi else f"{lo} to {hi}"
            raise ExprError(f"{t.text}() takes {want} argument{'' if hi == 1 else 's'}, got {len(args)}",
                            t.pos + 1)
        self.used.add(t.text)
        return self.b.call(t.text, args)

    def plain_ref(self, word: str, t: _Tok) -> N:
        if word in COUNTRY_VARS:
            if not self.names.in_country:
                raise ExprError(
                    f"'{word}' needs a country here; write it as COUNTRY.{word} (for example "
                    f"{(self.names.countries or ('poland',))[0]}.{word})", t.pos + 1)
            self.used.add(word)
            return self.b.value(COUNTRY_VARS.index(word))
        if word == "cohesion":
            self.used.add(word)
            return self.b.cohesion()
        if word in GLOBAL_INDEX:
            self.used.add(word)
            return self.b.glob(GLOBAL_INDEX[word])
        raise self.unknown(word, t)

    def country_ref(self, country: str, var: str, t: _Tok) -> N:
        if country not in self.names.countries:
            raise self.unknown(country, t, countries=True)
        if var not in COUNTRY_VARS:
            raise self.unknown(f"{country}.{var}", t)
        self.used.add(f"{country}.{var}")
        return self.b.country(self.names.countries.index(country), COUNTRY_VARS.index(var))

    def unknown(self, word: str, t: _Tok, *, functions: bool = False, countries: bool = False) -> ExprError:
        pool = list(FUNCTIONS) if functions else list(self.names.countries) if countries else self.names.known()
        what = "function" if functions else "country" if countries else "name"
        close = difflib.get_close_matches(word, pool, n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        if word.lower() in _WORDS and not functions and not countries:
            return _lowercase(t)
        renamed = "" if functions or countries else self.names.shown_as(word)
        if renamed:
            return ExprError(f"unknown {what} {word!r}{renamed}", t.pos + 1)
        if not close and functions:
            hint = f" (the functions are {', '.join(FUNCTIONS)})"
        if not close and not functions and not countries:
            sample = ", ".join([*COUNTRY_VARS, *GLOBAL_VARS, *GLOBAL_READ]) if self.names.in_country \
                else ", ".join([*GLOBAL_VARS, *GLOBAL_READ])
            hint = f" (known names: {sample}, and COUNTRY.value)"
        return ExprError(f"unknown {what} {word!r}{hint}", t.pos + 1)


def _unopened(t: _Tok) -> ExprError:
    """A ')' left over once the expression is read: it closes no '('."""
    return ExprError("this ')' closes no '(': remove it, or add the '(' it should close", t.pos + 1)


def _lowercase(t: _Tok) -> ExprError:
    """``AND``, ``Not``, ``True``: the language's words are written in lowercase only."""
    return ExprError(f"write {t.text.lower()!r} in lowercase instead of {t.text!r}", t.pos + 1)


def _range_misplaced(names: Names) -> str:
    if names.ranges:
        return (f"{RANGE}(low, high) is an effect's whole amount, drawn when the effect happens, as in "
                f"'stability += {RANGE}(2, 6)'; write any other part as an effect of its own")
    return (f"{RANGE}(low, high) is only for the effects of a response or of a decision's option (an amount "
            f"drawn when the player's choice takes effect), as in 'stability += {RANGE}(2, 6)'; here write a "
            "number or an expression")


def _range(parser: _Parser[N]) -> tuple[float, float]:
    """``between(low, high)``, the whole amount of an effect: two numbers, low below high."""
    word = parser.take()
    if not parser.names.ranges:
        raise ExprError(_range_misplaced(parser.names), word.pos + 1)
    parser.expect("(")
    ends: list[float] = []
    for k in range(2):
        if k:
            parser.expect(",")
        sign = -1.0 if parser.at("-") else 1.0
        if parser.at("-", "+"):
            parser.take()
        t = parser.tok
        if t.kind != "num":
            raise parser.error(f"{RANGE}(low, high) takes two numbers, as in {RANGE}(2, 6)")
        parser.take()
        if float(t.text) > MAX_NUMBER:
            raise ExprError(f"the number {t.text} is too large: numbers in expressions may be at most "
                            f"{MAX_NUMBER:,.0f}", t.pos + 1)
        ends.append(sign * float(t.text) + 0.0)  # -0 is 0
    parser.expect(")")
    low, high = ends
    if not low < high:
        fix = f"write {RANGE}({_num_text(high)}, {_num_text(low)})" if low > high else \
            f"for an amount that is always {_num_text(low)}, write {_num_text(low)}"
        raise ExprError(f"{RANGE}({_num_text(low)}, {_num_text(high)}): the low end comes first and must be "
                        f"below the high end; {fix}", word.pos + 1)
    if parser.tok.kind not in ("nl", "end") and not parser.at(";"):
        raise ExprError(_range_misplaced(parser.names), word.pos + 1)
    return low, high


def _num_text(x: float) -> str:
    """A number of the scenario's text as written back: 2, -2.5."""
    return f"{x:g}"


def _const(value: float) -> tuple[Fn, float | None]:
    return (lambda env: value), value


def _truth(x: float) -> float:
    return 1.0 if x != 0 else 0.0


def _div(a: float, b: float) -> float:
    return a / b if b != 0 else 0.0


_BINARY: dict[str, Callable[[float, float], float]] = {
    "+": operator.add,  # the operator module's functions: the same arithmetic, without a Python frame
    "-": operator.sub,
    "*": operator.mul,
    "/": _div,
    "<": lambda a, b: 1.0 if a < b else 0.0,
    "<=": lambda a, b: 1.0 if a <= b else 0.0,
    ">": lambda a, b: 1.0 if a > b else 0.0,
    ">=": lambda a, b: 1.0 if a >= b else 0.0,
    "==": lambda a, b: 1.0 if a == b else 0.0,
    "!=": lambda a, b: 1.0 if a != b else 0.0,
}


def _binary(op: str, left: tuple[Fn, float | None], right: tuple[Fn, float | None]) -> tuple[Fn, float | None]:
    lf, lc = left
    rf, rc = right
    if op == "and":
        if lc is not None and rc is not None:
            return _const(_truth(lc) * _truth(rc))
        return (lambda env: 1.0 if lf(env) != 0 and rf(env) != 0 else 0.0), None
    if op == "or":
        if lc is not None and rc is not None:
            return _const(1.0 if lc != 0 or rc != 0 else 0.0)
        return (lambda env: 1.0 if lf(env) != 0 or rf(env) != 0 else 0.0), None
    f = _BINARY[op]
    if lc is not None and rc is not None:
        return _const(f(lc, rc))
    if rc is not None:  # a number on one side is passed as it is, not called for
        return (lambda env: f(lf(env), rc)), None
    if lc is not None:
        return (lambda env: f(lc, rf(env))), None
    return (lambda env: f(lf(env), rf(env))), None


def _unary(op: str, inner: Fn, const: float | None) -> tuple[Fn, float | None]:
    if op == "+":
        return inner, const
    if op == "-":
        if const is not None:
            return _const(-const)
        return (lambda env: -inner(env)), None
    if const is not None:
        return _const(0.0 if const != 0 else 1.0)
    return (lambda env: 0.0 if inner(env) != 0 else 1.0), None


def least(values: Sequence[float]) -> float:
    """``min`` of the language: NaN is passed over (IEEE 754 minNum, numpy's ``fmin`` folded left to right),
    and is the answer only when every value is NaN. Python's ``min`` would answer NaN or not depending on
    where the NaN stands."""
    out = values[0]
    for x in values:
        if x < out or out != out:
            out = x
    return out


def most(values: Sequence[float]) -> float:
    """``max`` of the language: NaN is passed over, as in ``least``."""
    out = values[0]
    for x in values:
        if x > out or out != out:
            out = x
    return out


def _call(name: str, args: list[tuple[Fn, float | None]]) -> tuple[Fn, float | None]:
    fns = [a[0] for a in args]
    consts = [a[1] for a in args]
    impl: Callable[[list[float]], float]
    if name == "min":
        impl = least
    elif name == "max":
        impl = most
    elif name == "abs":
        impl = lambda v: abs(v[0])  # noqa: E731
    else:
        impl = lambda v: least((most((v[0], v[1])), v[2]))  # noqa: E731
    if all(c is not None for c in consts):
        return _const(impl([c for c in consts if c is not None]))
    return (lambda env: impl([f(env) for f in fns])), None


def _value(vi: int) -> tuple[Fn, float | None]:
    return (lambda env: env.c[env.i][vi]), None


class _Closures:
    """The engine's builder: a closure over one game's Env, and the value when it is a constant."""

    number = staticmethod(_const)
    binary = staticmethod(_binary)
    call = staticmethod(_call)
    value = staticmethod(_value)

    @staticmethod
    def unary(op: str, inner: tuple[Fn, float | None]) -> tuple[Fn, float | None]:
        return _unary(op, *inner)

    @staticmethod
    def country(ci: int, vi: int) -> tuple[Fn, float | None]:
        return (lambda env: env.c[ci][vi]), None

    @staticmethod
    def glob(gi: int) -> tuple[Fn, float | None]:
        return (lambda env: env.g[gi]), None

    @staticmethod
    def cohesion() -> tuple[Fn, float | None]:
        return (lambda env: env.cohesion()), None


CLOSURES = _Closures()


def parse(text: str, names: Names, build: Builder[N]) -> tuple[N, frozenset[str]]:
    """Parse one expression with the given builder: what it built, and the names the expression uses. Raises
    ExprError with the column of the first problem."""
    parser = _Parser(text, names, build)
    # A condition or a number is one expression, so a line break inside it (a long condition written over
    # several lines in a """...""" string) is only space; in effects it separates statements.
    parser.toks = [t for t in parser.toks if t.kind != "nl"]
    if parser.tok.kind == "end":
        raise ExprError("the expression is empty", 1)
    built = parser.expression()
    parser.skip_newlines()
    if parser.tok.kind != "end":
        if parser.at("+=", "-="):
            raise parser.error("this is a condition or a number, not an effect")
        if parser.at(")"):
            raise _unopened(parser.tok)
        if parser.at(";"):
            raise ExprError("';' separates effects, but this is a condition or a number, one expression: join "
                            "two conditions with 'and' or 'or'", parser.tok.pos + 1)
        raise parser.error("expected an operator or the end of the expression")
    return built, frozenset(parser.used)


def compile_expr(text: str, names: Names) -> Expr:
    """Parse and compile one expression, or raise ExprError with the column of the first problem."""
    (fn, const), used = parse(text, names, CLOSURES)
    if const is not None and not math.isfinite(const):
        raise ExprError("the expression's value is too large to compute; use smaller numbers", 1)
    return Expr(text, fn, const, used)


def compile_effects(text: str, names: Names) -> tuple[Effect, ...]:
    """Parse ``[country.]var (+=|-=|=) expr`` statements separated by ';' or line breaks."""
    out = []
    for s in parse_effects(text, names, CLOSURES):
        source = text[s.begin:s.end].strip()
        if s.value is None:
            assert s.spread is not None
            value = Expr(source, _const((s.spread[0] + s.spread[1]) / 2)[0], None, s.used)
        else:
            value = Expr(source, s.value[0], s.value[1], s.used)
        out.append(Effect(s.var, s.op, value, s.country, is_global=s.var in GLOBAL_VARS, spread=s.spread))
    return tuple(out)


@dataclass(frozen=True)
class Statement(Generic[N]):
    """One parsed effect statement: what the builder built for its value (None for a range: ``spread`` holds
    its low and high ends), and where the value's text is."""

    var: str
    op: str
    value: N | None
    country: int | None
    begin: int
    end: int
    used: frozenset[str]
    spread: tuple[float, float] | None = None


def parse_effects(text: str, names: Names, build: Builder[N]) -> list[Statement[N]]:
    """Parse effect statements with the given builder, or raise ExprError with the column of the first
    problem."""
    parser = _Parser(text, names, build)
    effects: list[Statement[N]] = []
    while True:
        while parser.tok.kind == "nl" or parser.at(";"):
            parser.take()
        if parser.tok.kind == "end":
            break
        effects.append(_statement(parser))
        if parser.at(")"):
            raise _unopened(parser.tok)
        if parser.tok.kind not in ("nl", "end") and not parser.at(";"):
            err = parser.error("expected ';' or a line break between effects")
            joined = parser.toks[parser.k - 2].text if parser.k >= 2 else ""
            if parser.at("+=", "-=", "=") and joined in ("and", "or"):  # 'stability -= 3 and alignment += 1'
                raise ExprError(f"{err.message}; separate two effects with ';', not '{joined}'", err.column)
            raise err
    if not effects:
        raise ExprError("no effects given (write for example 'alignment += 2')", 1)
    return effects


def _statement(parser: _Parser[N]) -> Statement[N]:
    start = parser.tok
    if start.kind != "name":
        raise parser.error("an effect starts with the name of a value, such as 'alignment'")
    parser.take()
    country: int | None = None
    var = start.text
    if parser.at("."):
        parser.take()
        attr = parser.tok
        if attr.kind != "name":
            raise parser.error(f"expected a value name after '{var}.'")
        parser.take()
        if var not in parser.names.countries:
            raise parser.unknown(var, start, countries=True)
        if attr.text not in COUNTRY_VARS:
            raise parser.unknown(f"{var}.{attr.text}", start)
        country = parser.names.countries.index(var)
        var = attr.text
    elif var in COUNTRY_VARS:
        if not parser.names.in_country:
            raise ExprError(f"'{var}' needs a country here; write COUNTRY.{var}", start.pos + 1)
    elif var in GLOBAL_READ:
        settable = [*COUNTRY_VARS, *GLOBAL_VARS] if parser.names.in_country else list(GLOBAL_VARS)
        raise ExprError(f"'{var}' can be read but not changed (values that can change: {', '.join(settable)})",
                        start.pos + 1)
    elif var not in GLOBAL_VARS:
        settable = [*COUNTRY_VARS, *GLOBAL_VARS] if parser.names.in_country else list(GLOBAL_VARS)
        close = difflib.get_close_matches(var, settable, n=1, cutoff=0.6)
        hint = parser.names.shown_as(var) or (f"; did you mean {close[0]!r}?" if close else
                                              f" (values that can change: {', '.join(settable)})")
        raise ExprError(f"unknown value {var!r}{hint}", start.pos + 1)
    if not parser.at("+=", "-=", "="):
        err = parser.error(f"expected '+=', '-=' or '=' after {var!r}")
        raise ExprError(f"{err.message}; an effect changes a value, as in '{var} += 2'", err.column)
    op = parser.take().text
    begin = parser.tok.pos
    if parser.at(RANGE) and parser.toks[parser.k + 1].text == "(":
        spread = _range(parser)
        return Statement(var, op, None, country, begin, parser.tok.pos, frozenset(parser.used), spread)
    value = parser.expression()
    end = parser.tok.pos
    return Statement(var, op, value, country, begin, end, frozenset(parser.used))
