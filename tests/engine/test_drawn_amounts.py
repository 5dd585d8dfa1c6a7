"""Amounts drawn from a range (``stability += between(2, 6)``), with answers worked out by hand on
tests/fixtures/scenarios/ranges.toml (read it beside this file).

A ranged amount is ``low + (high - low) * u``, negated for ``-=``, where ``u`` is the n-th number of the stream
(seed, month, post, "range:<the card's place>"): the place is "1", "2", ... for the outreach cards and the
event's id for a decision, and n counts the ranges in the response's effects. Each game below is played every
way the engine plays one: explained, without events, and as a block of records (game.engine.lockstep.replay);
blocks of fixed policies against games alone are tests/sim/test_lockstep.py's, which plays this fixture too."""

from __future__ import annotations

from pathlib import Path

from game.engine import GameState, lockstep, new_game, play_turn
from game.engine.debrief import debrief
from game.engine.expr import Names, compile_effects
from game.engine.report import month_report
from game.engine.rng import nth_draw, stream_key
from game.engine.state import Drawn, GameEvent, ValueChanged
from game.scenario import load
from game.text import cause_text, effects_text

FIXTURE = Path(__file__).parents[1] / "fixtures" / "scenarios" / "ranges.toml"
SEED = 7
Plan = tuple[dict[str, str], tuple[str, ...]]


def u(turn: int, place: str, n: int) -> float:
    """The n-th number of the stream a response's ranges draw from at post Alpha ("a")."""
    return nth_draw(stream_key(SEED, turn, "a", f"range:{place}"), n)


def _three_ways(plans: list[Plan]) -> tuple[GameState, list[tuple[GameEvent, ...]]]:
    """The months from the first opening, explained, without events, and as a block of records: the three must
    agree. Returns the explained state and each month's events."""
    start = new_game(load(FIXTURE), SEED)
    explained, quiet = start, start
    events: list[tuple[GameEvent, ...]] = []
    for plan in plans:
        explained, more = play_turn(explained, *plan)
        events.append(more)
        quiet, _ = play_turn(quiet, *plan, explain=False)
    assert quiet.values == explained.values
    assert (quiet.climate, quiet.capital, quiet.economy) == (explained.climate, explained.capital, explained.economy)
    (again,) = lockstep.replay(start.scenario, [SEED], "", [plans])
    assert again is not None and again.values == explained.values
    assert (again.climate, again.capital, again.economy) == (explained.climate, explained.capital, explained.economy)
    return explained, events


def test_each_answer_draws_from_the_stream_of_its_cards_place() -> None:
    """Month 1, seed 7: both cards at Alpha (push: alignment - 4; pull: China ties + 3) answered with "calm"
    (block 0.5; stability += between(2, 6); resentment -= between(1, 3)). The first answer draws from
    "range:1", the second from "range:2", each its 1st number for stability and its 2nd for resentment:
    stability 60 + (2 + 4 u) + (2 + 4 u'), resentment 30 - (1 + 2 v) - (1 + 2 v'); the cards' halves
    alignment 70 - 2 = 68, China ties 20 + 1.5 = 21.5."""
    after, _ = _three_ways([({"t1-a-1": "calm", "t1-a-2": "calm"}, ())])
    stability = 60.0 + (2.0 + 4.0 * u(1, "1", 1))
    stability = stability + (2.0 + 4.0 * u(1, "2", 1))
    resentment = 30.0 + -(1.0 + 2.0 * u(1, "1", 2))
    resentment = resentment + -(1.0 + 2.0 * u(1, "2", 2))
    assert after.history[0].values[0] == (68.0, 21.5, resentment, stability)
    # The draws are the streams' numbers, not a constant: 3.53 and 3.65 (of 2 to 6), 2.66 and 2.05 (of 1 to 3).
    assert [round(x, 2) for x in (2 + 4 * u(1, "1", 1), 2 + 4 * u(1, "2", 1), 1 + 2 * u(1, "1", 2),
                                  1 + 2 * u(1, "2", 2))] == [3.53, 3.65, 2.66, 2.05]


def test_a_range_sets_a_value_and_moves_a_global() -> None:
    """Month 1: the first card at Alpha (push, alignment - 4, not blocked by "gamble") answered with "gamble"
    (alignment = between(40, 80); climate -= between(1, 5)), the second left to the default: alignment
    70 - 4 = 66, then set to 40 + 40 u; climate 50 - (1 + 4 v)."""
    after, _ = _three_ways([({"t1-a-1": "gamble"}, ())])
    month = after.history[0]
    assert month.values[0][0] == 40.0 + 40.0 * u(1, "1", 1)
    assert month.climate == 50.0 + -(1.0 + 4.0 * u(1, "1", 2))
    assert (month.capital, month.economy) == (4.0, 3.0)


def test_a_decisions_option_draws_from_the_decisions_stream() -> None:
    """Month 2 (August 1980): the strike puts its decision at Alpha after the two outreach cards. "press"
    (stability += between(-4, 8); resentment += 4) draws from "range:strike": stability 60 + (-4 + 12 u);
    resentment 30 + 4. The outreach cards are left to the default, which changes neither."""
    after, events = _three_ways([({}, ()), ({"t2-a-strike": "strike.press"}, ())])
    month = after.history[1]
    assert month.values[0][3] == 60.0 + (-4.0 + 12.0 * u(2, "strike", 1))
    assert month.values[0][2] == 34.0
    changed = [e for e in events[1] if isinstance(e, ValueChanged) and e.var == "stability" and e.turn == 2]
    assert [e.cause.drawn for e in changed] == [Drawn(-4.0, 8.0, -4.0 + 12.0 * u(2, "strike", 1))]


def test_the_report_shows_the_range_and_the_draw() -> None:
    """The explained month names each drawn change's range beside its cause, in the report every front end
    renders: "-" ranges as the effect moves the value (resentment -= between(1, 3): -1 to -3)."""
    sc = load(FIXTURE)
    start = new_game(sc, SEED)
    _, events = play_turn(start, {"t1-a-1": "calm"}, ())
    report = month_report(start, events)
    parts = {(c.var, cause_text(sc, cause), round(amount, 6)) for c in report.changes for cause, amount in c.parts
             if cause.kind == "response" and c.country == "a"}
    assert parts == {("stability", "Calm things (your response, drawn from +2 to +6)", round(2 + 4 * u(1, "1", 1), 6)),
                     ("resentment", "Calm things (your response, drawn from -1 to -3)",
                      round(-(1 + 2 * u(1, "1", 2)), 6))}


def test_the_preview_shows_a_range_as_a_range() -> None:
    sc = load(FIXTURE)
    assert effects_text(sc, sc.response("calm").effects) == "Stability +2 to +6 (by chance); Resentment -1 to -3 " \
                                                               "(by chance)"
    assert effects_text(sc, sc.response("gamble").effects) == "Alignment set to between 40 and 80 (by chance); " \
                                                                "International climate -1 to -5 (by chance)"
    assert effects_text(sc, sc.response("strike.press").effects) == "Stability -4 to +8 (by chance); Resentment +4"


def test_a_draw_moves_no_other_number_of_the_game() -> None:
    """The ranges draw from streams of their own: answering with "calm" or not, month 2 opens with the same
    cards at every post (the outreach draws), and the watched post ends the month the same."""
    sc = load(FIXTURE)
    start = new_game(sc, SEED)
    calm, _ = play_turn(start, {"t1-a-1": "calm", "t1-a-2": "calm"}, ())
    idle, _ = play_turn(start, {}, ())
    assert calm.cards == idle.cards
    assert calm.values[1] == idle.values[1]


def test_a_range_is_parsed_as_its_two_ends() -> None:
    (eff,) = compile_effects("stability -= between(-2.5, 6)", Names(("a",), True, ranges=True))
    assert (eff.op, eff.spread, eff.value.const, eff.value.source) == ("-=", (-2.5, 6.0), None, "between(-2.5, 6)")


def test_the_debrief_sums_a_responses_draws_with_its_range() -> None:
    """Three months at Alpha: in month 1 both cards answered with "calm", then nothing. Over the game the
    debrief sums the response's drawn changes of stability as one cause, its range shown: (2 + 4 u) + (2 + 4 u'),
    third after the two cards' moves (alignment -2 a month, China ties +1.5 then +3 twice)."""
    sc = load(FIXTURE)
    state = new_game(sc, SEED)
    for plan in ({"t1-a-1": "calm", "t1-a-2": "calm"}, {}, {}):
        state, _ = play_turn(state, plan, ())
    alpha = debrief(state).posts[0]
    first = 60.0 + (2.0 + 4.0 * u(1, "1", 1))
    second = first + (2.0 + 4.0 * u(1, "2", 1))
    calm = (first - 60.0) + (second - first)  # the debrief adds up the changes
    assert [(cause_text(sc, cause), var, total) for cause, var, total in alpha.causes][2] == \
        ("Calm things (your response, drawn from +2 to +6)", "stability", calm)
