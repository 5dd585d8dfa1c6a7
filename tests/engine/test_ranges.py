"""The interval analysis of expressions (game.engine.ranges): known answers worked out by hand."""

from __future__ import annotations

import math

import pytest

from game.engine import ranges
from game.engine.expr import ExprError, Names
from game.engine.ranges import LIMIT, Calendar, check

NAMES = Names(("poland", "gdr"), True)
#: A three-turn scenario starting in March 1980: turn 1-3, year 1980.
CAL = Calendar.of("1980-03", 3)


def refused(text: str, *, effects: bool = False, calendar: Calendar = CAL) -> ExprError:
    with pytest.raises(ExprError) as caught:
        check(text, NAMES, calendar, effects=effects)
    return caught.value


@pytest.mark.parametrize("text", [
    "1 + resentment / 40",
    "1000000 * 1000000 * 1000000 * 1000000 * 1000000",  # exactly the limit
    "10 / (stability - 50) + 1",  # stability is 50 (giving 0) or at least 7e-15 away: at most 1.4e15
    "1 / (alignment - 0.5)",
    "resentment / max(stability, 1)",
    "resentment / clamp(stability, 0.5, 100)",
    "100 / (turn - 1)",  # a whole number: 0 (giving 0) or at least 1
    "alignment / (stability > 50)",
    "alignment / (turns - turn)",
    "year * year",
    "capital * economy",  # 999 * 999
    "(alignment - 50) / 0",  # by exactly 0 gives 0
    "0 / stability",
    "resentment / (stability + 1)",
    "alignment / abs(turn - 5)",
    "min(1, 1000000 * 1000000 - 1000000 * 1000000)",
])
def test_accepted(text: str) -> None:
    check(text, NAMES, CAL, effects=False)


def test_a_product_past_the_limit_is_refused_at_its_operator() -> None:
    text = "1 + 1000000 * 1000000 * 1000000 * 1000000 * 1000000 * 2"
    err = refused(text)
    assert err.column == text.rindex("*") + 1
    assert err.message == ("'1000000 * 1000000 * 1000000 * 1000000 * 1000000 * 2' can reach 2e+30, and numbers in a "
                           "scenario must stay within 1e+30: use smaller numbers")


def test_overflow_that_would_become_nan() -> None:
    """min(1, X - X) with X overflowing is NaN in floats; the analysis stops at X."""
    x = "1000000 * 1000000 * 1000000 * 1000000 * 1000000 * 1000000"
    err = refused(f"min(1, {x} - {x})")
    assert err.column == len("min(1, 1000000 * 1000000 * 1000000 * 1000000 * 1000000 ") + 1
    assert err.message.startswith(f"'{x}' can reach 1e+36")


def test_division_by_a_value_that_can_come_close_to_zero() -> None:
    err = refused("1 + resentment / stability")
    assert err.column == 16
    assert err.message == ("'stability' can come as close to 0 as it likes (it ranges from 0 to 100), and dividing "
                           "by a number close to 0 gives a number too large to use: divide by max(stability, 1) "
                           "or by a fixed number instead, or clamp the result")


@pytest.mark.parametrize("text", [
    "clamp(5 / (resentment - 50), -1, 1)",  # as large as it likes, then bounded again
    "min(10, resentment / stability)",
    "max(-3, -resentment / stability) + 1",
    "(resentment / stability > 2) * 5",
])
def test_a_division_near_zero_bounded_again_is_accepted(text: str) -> None:
    check(text, NAMES, CAL, effects=False)


@pytest.mark.parametrize(("text", "operator", "what"), [
    ("min(1, resentment / stability - china_ties / stability)", "-", "infinity less infinity"),
    ("min(1, resentment / stability + china_ties / (stability - alignment))", "+", "infinity less infinity"),
    ("clamp(alignment * (1 / stability), 0, 1)", "*", "0 times infinity"),
    ("min(1, (1 / stability) / (1 / climate))", "/", "infinity over infinity"),
])
def test_what_could_turn_infinity_into_nan_is_refused(text: str, operator: str, what: str) -> None:
    err = refused(text)
    assert f"can be {what}, which is not a number (at character" in err.message
    assert text[err.column - 1] == operator


def test_division_by_a_difference_names_the_whole_divisor() -> None:
    err = refused("10 / (alignment - china_ties)")
    assert "'(alignment - china_ties)' can come as close to 0" in err.message
    assert "it ranges from -100 to 100" in err.message


def test_a_huge_quotient_of_numbers() -> None:
    check("1000000 / 0.000000000000000000000001", NAMES, CAL, effects=False)  # 1e30: the limit
    assert refused("1000000 / 0.0000000000000000000000001").column == 9


def test_year_depends_on_the_calendar() -> None:
    eight = " * ".join(["year"] * 8)
    check(eight, NAMES, CAL, effects=False)  # 1980**8 is 2.4e26
    check(f"{eight} * year", NAMES, CAL, effects=False)  # 1980**9 is 4.7e29
    err = refused(f"{eight} * year * year")
    assert "can reach 9.26e+32" in err.message  # 1980**10
    # Without a calendar, years run to 9999: 9999**8 is 1e32.
    assert refused(eight, calendar=Calendar()).column == eight.rindex("*") + 1


def test_calendar_of_a_scenario() -> None:
    assert Calendar.of("1980-03", 3) == Calendar((3, 3), (1980, 1980))
    assert Calendar.of("1980-11", 3) == Calendar((3, 3), (1980, 1981))
    assert Calendar.of("1980-01", 60) == Calendar((60, 60), (1980, 1984))
    assert Calendar.of(1980, "3") == Calendar()  # not yet validated: what is known of any scenario


def test_effects_are_checked_statement_by_statement_at_their_column() -> None:
    text = "alignment += 2; capital = 1000000 * 1000000 * 1000000 * 1000000 * 1000000 * 10"
    err = refused(text, effects=True)
    assert err.column == text.rindex("*") + 1
    assert err.message.startswith("'1000000 * 1000000 * 1000000 * 1000000 * 1000000 * 10' can reach 1e+31")


def test_limit_is_far_below_overflow() -> None:
    # Any two accepted parts multiplied stay finite, so the analysis itself never overflows.
    assert LIMIT * LIMIT < 1.7e308


@pytest.mark.parametrize(("text", "never", "always"), [
    # cohesion and every value run from 0 to 100; the calendar below is March 1980 to February 1981, 12 turns.
    ("cohesion > 100", True, False),
    ("cohesion >= 100", False, False),
    ("cohesion >= 0", False, True),
    ("cohesion < 0 or a.alignment > 100", True, False),
    ("cohesion < 0 or cohesion > 50", False, False),
    ("cohesion >= 0 and climate <= 100", False, True),
    ("not (cohesion <= 100)", True, False),
    ("turn > 12", True, False),
    ("year == 1979", True, False),
    ("year == 1981 and month == 2", False, False),
    ("climate - 200", False, True),  # a number read as a condition: never 0
    ("min(cohesion, 0)", True, False),
])
def test_what_a_condition_can_be(text: str, never: bool, always: bool) -> None:
    result = ranges.span(text, Names(("a",), False), ranges.Calendar((12, 12), (1980, 1981)))
    assert (result.never_true, result.always_true) == (never, always)


# --- what a condition says of the values (ranges.given), for an ending hidden by an earlier one ----------------

GLOBAL = Names(("poland", "gdr"), False)
#: Twelve turns from March 1980: turn 1 to 12, years 1980 to 1981.
YEAR = Calendar.of("1980-03", 12)


def hidden(earlier: str, later: str) -> bool | None:
    """Whether ``earlier`` holds wherever ``later`` does, as the analysis can tell; None: ``later`` never holds."""
    within = ranges.given(later, GLOBAL, YEAR)
    if within is None:
        return None
    return ranges.span(earlier, GLOBAL, YEAR, within).always_true


@pytest.mark.parametrize(("earlier", "later"), [
    ("cohesion >= 60", "cohesion >= 70 and poland.stability > 50"),  # 70-100 is within 60-100
    ("cohesion > 70", "cohesion > 70"),  # the same condition twice
    ("cohesion >= 60", "70 <= cohesion"),  # the value on the right
    ("not (cohesion < 60)", "cohesion >= 70"),
    ("cohesion >= 60", "not (cohesion < 60)"),
    ("cohesion >= 60 or climate > 50", "climate >= 60"),
    ("cohesion + 5 > 60", "cohesion >= 70"),  # arithmetic on the narrowed value: 75 to 105 > 60
    ("turn >= 4", "turn > 3"),  # turn is a whole number: above 3 is at least 4
    ("poland.alignment > gdr.alignment", "poland.alignment >= 60 and gdr.alignment < 50"),
    ("cohesion >= 60", "cohesion >= 58 + 2 * turn"),  # turn at least 1: cohesion at least 60
])
def test_hidden_by_an_earlier_condition(earlier: str, later: str) -> None:
    assert hidden(earlier, later) is True


@pytest.mark.parametrize(("earlier", "later"), [
    ("cohesion > 70", "cohesion >= 70"),  # cohesion exactly 70 meets only the later one
    ("cohesion >= 60", "cohesion >= 50"),
    ("cohesion >= 60 and climate > 50", "cohesion > 60"),  # climate is not narrowed
    ("cohesion >= 60", "cohesion >= 70 or poland.alignment > 90"),  # either part may hold alone
    ("cohesion >= 60", "(cohesion >= 70) + (gdr.alignment > 3) >= 2"),  # a count: the analysis cannot tell
    ("cohesion >= 60", "cohesion >= 50 + 2 * turn"),  # turn 1 to 12: cohesion 52 or more is all it says
    ("cohesion >= 60", "cohesion != 50"),
    ("turn >= 5", "turn >= 3.5 and month > 2"),  # whole turns: 4 or more; month says nothing of turn
])
def test_not_hidden_or_cannot_tell(earlier: str, later: str) -> None:
    assert hidden(earlier, later) is False


def test_a_whole_number_compared_with_a_fraction() -> None:
    assert hidden("turn >= 4", "turn >= 3.5") is True  # a whole turn of at least 3.5 is at least 4


@pytest.mark.parametrize("later", [
    "cohesion > 70 and cohesion < 60",
    "climate < 50 and (cohesion > 70 and cohesion < 60)",
    "not (cohesion >= 0)",
    "turn > 3 and turn < 4",  # no whole number between
    "(cohesion > 70 or cohesion == 65) and cohesion < 60",
])
def test_a_condition_that_contradicts_itself_never_holds(later: str) -> None:
    assert ranges.given(later, GLOBAL, YEAR) is None


def test_what_a_condition_says_of_each_value() -> None:
    """Known answers: the narrowed span of each value compared, and nothing for a value not compared."""
    within = ranges.given("cohesion >= 70 and poland.stability < 40 or cohesion > 80", GLOBAL, YEAR)
    assert within is not None
    assert dict(within) == {("cohesion",): ranges.Span(70.0, 100.0)}  # stability is free when cohesion > 80
    within = ranges.given("climate > 40 and turn < 6", GLOBAL, YEAR)
    assert within is not None
    assert within[("glob", 0)] == ranges.Span(math.nextafter(40.0, math.inf), 100.0)
    assert within[("glob", 3)] == ranges.Span(1.0, 5.0, True)
