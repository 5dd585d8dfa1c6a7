"""Non-finite numbers, decided once: both builders of the expression language (closures for one game, arrays for
a block) give the same answer for every operation and function on any doubles, infinities and NaN included; and
the engine's contract for what NaN does (see game/engine/expr.py's module docstring) holds by known answers.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cache
from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from game.engine.expr import Env, Expr, Names, compile_expr, least, most
from game.engine.lockstep import VecEnv, _compile

_NAMES = Names(countries=("a", "b"))
_TEXTS = [
    "alignment + china_ties", "alignment - china_ties", "alignment * china_ties", "alignment / china_ties",
    "alignment < china_ties", "alignment <= china_ties", "alignment > china_ties", "alignment >= china_ties",
    "alignment == china_ties", "alignment != china_ties", "alignment and china_ties", "alignment or china_ties",
    "not alignment", "-alignment", "abs(alignment)", "min(alignment, china_ties)", "max(alignment, china_ties)",
    "min(alignment, china_ties, resentment)", "max(alignment, 1, china_ties)",
    "clamp(alignment, china_ties, resentment)", "clamp(alignment, 0, 10)", "min(1, alignment - alignment)",
    "max(alignment * 1000000 * 1000000, china_ties)",
]
_SPECIAL = st.sampled_from([0.0, -0.0, 1.0, -1.0, 50.0, 1e300, -1e300, math.inf, -math.inf, math.nan])
_NUMBER = st.one_of(_SPECIAL, st.floats(allow_nan=True, allow_infinity=True))


def _same(x: float, y: float) -> bool:
    return (math.isnan(x) and math.isnan(y)) or x == y


@cache
def _built() -> list[tuple[str, Expr, Callable[[VecEnv], Any]]]:
    """Each text built both ways, once: the builders do not depend on the numbers they are given."""
    return [(text, expr, _compile(expr, _NAMES)) for text in _TEXTS for expr in [compile_expr(text, _NAMES)]]


@settings(max_examples=300, deadline=None)
@given(_NUMBER, _NUMBER, _NUMBER)
def test_both_builders_agree_on_any_doubles(a: float, b: float, c: float) -> None:
    env = Env([[a, b, c, 0.0], [0.0, 0.0, 0.0, 0.0]], [50.0, 2.0, 3.0, 1.0, 12.0, 1.0, 1981.0], [1.0, 1.0])
    block = VecEnv([[np.array([v]) for v in (a, b, c, 0.0)], [np.zeros(1) for _ in range(4)]],
                   [np.array([v]) for v in (50.0, 2.0, 3.0, 1.0, 12.0, 1.0, 1981.0)], [1.0, 1.0], 1)
    with np.errstate(all="ignore"):
        for text, expr, on_arrays in _built():
            one = expr.fn(env)
            many: Any = np.broadcast_to(on_arrays(block), (1,))[0]
            assert _same(one, float(many)), (text, a, b, c, one, many)


def test_min_and_max_pass_over_nan_wherever_it_stands() -> None:
    nan = math.nan
    assert least([1.0, nan]) == least([nan, 1.0]) == 1.0
    assert most([nan, 2.0, nan]) == 2.0
    assert most([1.0, nan, 3.0]) == 3.0
    assert math.isnan(least([nan, nan]))
    assert least([2.0, -math.inf]) == -math.inf
    env = Env([[nan, 5.0, 0.0, 0.0]], [50.0, 2.0, 3.0, 1.0, 12.0, 1.0, 1981.0], [1.0])
    # clamp(x, lo, hi) is min(max(x, lo), hi): a NaN x is passed over, leaving lo.
    assert compile_expr("clamp(alignment, 2, 10)", Names(("a",))).fn(env) == 2.0
    assert compile_expr("min(alignment, china_ties)", Names(("a",))).fn(env) == 5.0
