"""The expression closures (expr.CLOSURES) compute exactly what the plain rules say, on random expressions."""

from __future__ import annotations

import random
from typing import Any

from game.engine.expr import COUNTRY_VARS, Env, Names, compile_expr

_OPS = ["+", "-", "*", "/", "<", "<=", ">", ">=", "==", "!=", "and", "or"]
_NAMES = Names(countries=("a", "b"))


def _tree(rng: random.Random, depth: int) -> Any:
    if depth == 0 or rng.random() < 0.3:
        kind = rng.random()
        if kind < 0.4:
            return ("num", rng.choice([0, 1, 2, 2.5, 10, 40, 60]))
        if kind < 0.8:
            return ("var", rng.choice(COUNTRY_VARS))
        return ("ref", rng.choice(["a", "b"]), rng.choice(COUNTRY_VARS))
    return ("op", rng.choice(_OPS), _tree(rng, depth - 1), _tree(rng, depth - 1))


def _text(t: Any) -> str:
    if t[0] == "num":
        return str(t[1])
    if t[0] == "var":
        return str(t[1])
    if t[0] == "ref":
        return f"{t[1]}.{t[2]}"
    return f"({_text(t[2])} {t[1]} {_text(t[3])})"


def _value(t: Any, c: list[list[float]], i: int) -> float:
    if t[0] == "num":
        return float(t[1])
    if t[0] == "var":
        return c[i][COUNTRY_VARS.index(t[1])]
    if t[0] == "ref":
        return c[("a", "b").index(t[1])][COUNTRY_VARS.index(t[2])]
    a, b = _value(t[2], c, i), _value(t[3], c, i)
    op = t[1]
    if op == "and":
        return 1.0 if a != 0 and b != 0 else 0.0
    if op == "or":
        return 1.0 if a != 0 or b != 0 else 0.0
    if op == "/":
        return a / b if b != 0 else 0.0
    if op in ("+", "-", "*"):
        return a + b if op == "+" else a - b if op == "-" else a * b
    return 1.0 if {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b, "==": a == b, "!=": a != b}[op] else 0.0


def test_closures_match_the_rules() -> None:
    rng = random.Random(4)
    for _ in range(3000):
        tree = _tree(rng, 3)
        expr = compile_expr(_text(tree), _NAMES)
        for _ in range(3):
            c = [[rng.choice([0.0, 10.0, 40.0, 60.0, 33.3, 100.0]) for _ in COUNTRY_VARS] for _ in range(2)]
            env = Env(c, [50.0, 3.0, 2.0, 1.0, 12.0, 3.0, 1980.0], [1.0, 1.0])
            env.i = rng.randrange(2)
            expected = _value(tree, c, env.i)
            assert expr.fn(env) == expected, _text(tree)
