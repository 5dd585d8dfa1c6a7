"""The expression language: precedence, folding of constants, safe arithmetic, and errors with columns."""

from __future__ import annotations

import pytest

from game.engine.expr import (
    COUNTRY_VARS,
    MAX_DEPTH,
    MAX_LENGTH,
    Env,
    ExprError,
    Names,
    compile_effects,
    compile_expr,
)

COUNTRIES = Names(("poland", "gdr"), in_country=True)
GLOBAL = Names(("poland", "gdr"), in_country=False)


def env(current: int = 0) -> Env:
    # poland: alignment 70, china_ties 10, resentment 40, stability 50; gdr: 90, 5, 10, 80
    e = Env([[70.0, 10.0, 40.0, 50.0], [90.0, 5.0, 10.0, 80.0]], [45.0, 4.0, 6.0, 2.0, 3.0, 4.0, 1980.0],
            [1.0, 3.0])
    e.i = current
    return e


def value(text: str, names: Names = COUNTRIES, current: int = 0) -> float:
    return compile_expr(text, names)(env(current))


@pytest.mark.parametrize(("text", "expected"), [
    ("1 + 2 * 3", 7.0),
    ("(1 + 2) * 3", 9.0),
    ("10 - 4 - 3", 3.0),
    ("24 / 4 / 2", 3.0),
    ("-2 * 3", -6.0),
    ("- -2", 2.0),
    ("2 - -2", 4.0),
    ("1 + 2 > 2", 1.0),
    ("1 < 2 and 3 < 2", 0.0),
    ("1 < 2 or 3 < 2", 1.0),
    ("not 1 < 2 or 1", 1.0),
    ("not (1 < 2 or 1)", 0.0),
    ("0 or 0 and 1", 0.0),
    ("1 or 0 and 0", 1.0),
    ("1 + (2 > 1)", 2.0),
    ("true + true", 2.0),
    ("min(3, 1, 2) + max(3, 1) + abs(-4) + clamp(120, 0, 100)", 108.0),
    ("2 == 2.0", 1.0),
    ("2 != 2", 0.0),
    (".5 + 0.5", 1.0),
    ("1\n+ 2", 3.0),
])
def test_constants_fold_with_the_right_precedence(text: str, expected: float) -> None:
    compiled = compile_expr(text, COUNTRIES)
    assert compiled.const == expected
    assert compiled(env()) == expected


@pytest.mark.parametrize("text", ["5 / 0", "alignment / 0", "alignment / (turn - 2)", "1 / (resentment - 40)"])
def test_division_by_zero_gives_zero(text: str) -> None:
    assert value(text) == 0.0


def test_division_by_zero_folds_to_zero() -> None:
    assert compile_expr("7 / 0", COUNTRIES).const == 0.0


@pytest.mark.parametrize(("text", "expected"), [
    ("alignment", 70.0),
    ("resentment > 30 and stability < 60", 1.0),
    ("1 + china_ties / 5", 3.0),
    ("gdr.alignment - poland.alignment", 20.0),
    ("climate + capital + economy", 55.0),
    ("turn + turns + month", 9.0),
    ("year", 1980.0),
    ("cohesion", 85.0),  # (70 * 1 + 90 * 3) / 4
    ("alignment - 5", 65.0),
    ("alignment * 2", 140.0),
    ("alignment < 80", 1.0),
])
def test_names_read_the_state(text: str, expected: float) -> None:
    compiled = compile_expr(text, COUNTRIES)
    assert compiled.const is None
    assert compiled(env()) == expected


def test_country_values_follow_the_current_country() -> None:
    compiled = compile_expr("alignment", COUNTRIES)
    assert (compiled(env(0)), compiled(env(1))) == (70.0, 90.0)


def test_names_used_are_recorded() -> None:
    compiled = compile_expr("max(alignment, poland.stability) > climate", COUNTRIES)
    assert compiled.names == frozenset({"max", "alignment", "poland.stability", "climate"})


def test_effects() -> None:
    effects = compile_effects("alignment -= 3; resentment += (stability - 40) / 5\npoland.china_ties = 2;",
                              COUNTRIES)
    assert [(e.var, e.op, e.country, e.is_global) for e in effects] == [
        ("alignment", "-=", None, False), ("resentment", "+=", None, False), ("china_ties", "=", 0, False)]
    assert [e.value(env()) for e in effects] == [3.0, 2.0, 2.0]
    assert effects[1].value.source == "(stability - 40) / 5"
    (climate,) = compile_effects("climate -= 2", GLOBAL)
    assert climate.is_global


def test_the_language_names_the_engine_values() -> None:
    assert COUNTRY_VARS == ("alignment", "china_ties", "resentment", "stability")


# Every error path, with its message and its column.
@pytest.mark.parametrize(("text", "names", "column", "message"), [
    ("", COUNTRIES, 1, "the expression is empty"),
    ("  \n ", COUNTRIES, 1, "the expression is empty"),
    ("1 +", COUNTRIES, 4, "expected a number, a name or '(', found the end of the expression"),
    ("(1 + 2", COUNTRIES, 7, "expected ')', found the end of the expression"),
    ("1 2", COUNTRIES, 3, "expected an operator or the end of the expression, found '2'"),
    ("alignment += 2", COUNTRIES, 11, "this is a condition or a number, not an effect, found '+='"),
    ("resentment > 60 && stability < 40", COUNTRIES, 17, "write 'and' instead of '&&'"),
    ("a || b", COUNTRIES, 3, "write 'or' instead of '||'"),
    ("!alignment", COUNTRIES, 1, "write 'not' instead of '!'"),
    ("alignment $ 2", COUNTRIES, 11, "unexpected character '$'"),
    ("40 < resentment < 60", COUNTRIES, 17, "comparisons cannot be chained"),
    ("turn = 2", COUNTRIES, 6, "'=' sets a value; to compare two values, write '=='"),
    ("resentmnet > 40", COUNTRIES, 1, "unknown name 'resentmnet'; did you mean 'resentment'?"),
    ("zzz", COUNTRIES, 1, "unknown name 'zzz' (known names: alignment"),
    ("polnd.alignment", COUNTRIES, 1, "unknown country 'polnd'; did you mean 'poland'?"),
    ("poland.alignmnt", COUNTRIES, 1, "unknown name 'poland.alignmnt'; did you mean 'poland.alignment'?"),
    ("poland.", COUNTRIES, 8, "expected a value name after 'poland.'"),
    ("maximum(1, 2)", COUNTRIES, 1, "unknown function 'maximum'; did you mean 'max'?"),
    ("min(1)", COUNTRIES, 1, "min() takes 2 to 32 arguments, got 1"),
    ("abs(1, 2)", COUNTRIES, 1, "abs() takes 1 argument, got 2"),
    ("round(alignment)", COUNTRIES, 1, "unknown function 'round' (the functions are min, max, abs, clamp)"),
    ("resentment => 30", COUNTRIES, 12, "write '>=' instead of '=>'"),
    ("resentment =< 30", COUNTRIES, 12, "write '<=' instead of '=<'"),
    ("resentment = > 30", COUNTRIES, 12, "'=' sets a value; to compare two values, write '=='"),
    ("resentment \u2265 30", COUNTRIES, 12, "write '>=' instead of '\u2265'"),
    ("resentment \u2260 30", COUNTRIES, 12, "write '!=' instead of '\u2260'"),
    ("60 \u2212 resentment", COUNTRIES, 4, "write '-' instead of '\u2212'"),
    ("resentment > 60 AND stability < 40", COUNTRIES, 17, "write 'and' in lowercase instead of 'AND'"),
    ("NOT resentment > 60", COUNTRIES, 1, "write 'not' in lowercase instead of 'NOT'"),
    ("1 + (stability < 55 OR resentment > 45)", COUNTRIES, 21, "write 'or' in lowercase instead of 'OR'"),
    ("resentment > 60; stability < 40", COUNTRIES, 16, "';' separates effects, but this is a condition"),
    ("(resentment > 60) and stability < 40)", COUNTRIES, 37, "this ')' closes no '('"),
    ("and 1", COUNTRIES, 1, "'and' needs a value before it"),
    ("1 + 1000001", COUNTRIES, 5, "the number 1000001 is too large"),
    ("alignment > 50", GLOBAL, 1, "'alignment' needs a country here; write it as COUNTRY.alignment"),
    ("(" * (MAX_DEPTH + 1) + "1" + ")" * (MAX_DEPTH + 1), COUNTRIES, MAX_DEPTH + 1, "nests deeper than"),
    ("-" * (MAX_DEPTH + 1) + "1", COUNTRIES, MAX_DEPTH + 1, "nests deeper than"),
    ("not " * (MAX_DEPTH + 1) + "1", COUNTRIES, 4 * MAX_DEPTH + 1, "nests deeper than"),
    ("1" + " + 1" * MAX_LENGTH, COUNTRIES, 1, "characters long; the limit is 2,000"),
    ("1000000 * 1000000 * " * 30 + "1", COUNTRIES, 1, "too large to compute"),
])
def test_expression_errors_have_a_column(text: str, names: Names, column: int, message: str) -> None:
    with pytest.raises(ExprError) as caught:
        compile_expr(text, names)
    assert caught.value.column == column
    assert message in caught.value.message
    assert str(caught.value).startswith(f"at character {column} of the expression: ")


@pytest.mark.parametrize(("text", "names", "column", "message"), [
    ("", COUNTRIES, 1, "no effects given"),
    (";\n;", COUNTRIES, 1, "no effects given"),
    ("2 += 1", COUNTRIES, 1, "an effect starts with the name of a value"),
    ("cohesion -= 2", COUNTRIES, 1, "'cohesion' can be read but not changed"),
    ("turn += 1", GLOBAL, 1, "'turn' can be read but not changed (values that can change: climate"),
    ("alignment += 2", GLOBAL, 1, "'alignment' needs a country here; write COUNTRY.alignment"),
    ("alignmnet += 2", COUNTRIES, 1, "unknown value 'alignmnet'; did you mean 'alignment'?"),
    ("zzz += 2", COUNTRIES, 1, "unknown value 'zzz' (values that can change: alignment"),
    ("alignment < 40", COUNTRIES, 11, "expected '+=', '-=' or '=' after 'alignment', found '<'; an effect"),
    ("alignment += 2 resentment += 1", COUNTRIES, 16, "expected ';' or a line break between effects"),
    ("stability -= 3 and alignment += 1", COUNTRIES, 30, "expected ';' or a line break between effects, found "
                                                         "'+='; separate two effects with ';', not 'and'"),
    ("stability -= 3 or alignment -= 1", COUNTRIES, 29, "found '-='; separate two effects with ';', not 'or'"),
    ("polnd.alignment += 1", COUNTRIES, 1, "unknown country 'polnd'; did you mean 'poland'?"),
    ("poland.alignmnt += 1", COUNTRIES, 1, "unknown name 'poland.alignmnt'"),
    ("poland. += 1", COUNTRIES, 9, "expected a value name after 'poland.'"),
    ("alignment += ", COUNTRIES, 14, "expected a number, a name or '('"),
    ("alignment -= (3 + 2))", COUNTRIES, 21, "this ')' closes no '('"),
])
def test_effect_errors_have_a_column(text: str, names: Names, column: int, message: str) -> None:
    with pytest.raises(ExprError) as caught:
        compile_effects(text, names)
    assert caught.value.column == column
    assert message in caught.value.message


@pytest.mark.parametrize("text", ["__import__('os')", "alignment.__class__", "poland.__dict__", "exec(1)",
                                  "eval('1')", "lambda: 1", "[1]", "'text'", "1 if 1 else 0", "x[0]"])
def test_python_is_not_an_expression(text: str) -> None:
    """Nothing but the grammar: no attributes, calls, strings or subscripts reach Python."""
    with pytest.raises(ExprError):
        compile_expr(text, COUNTRIES)
