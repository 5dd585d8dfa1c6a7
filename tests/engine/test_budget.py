"""The budget a student sees: capital for this month, economy out of the game's total, and the month in which
the economy runs out at the pace so far. Known answers worked out by hand on the tutorial (4 economy for the
game, 3 months; 'Positive engagement' costs 2 economy)."""

from __future__ import annotations

from pathlib import Path

from game.engine import EndTurn, Respond, apply, new_game
from game.engine.report import budget
from game.scenario import load

TUTORIAL = Path(__file__).resolve().parents[1] / "tui" / "fixtures" / "tutorial.toml"


def test_budget_counts_the_plan_and_the_pace() -> None:
    sc = load(TUTORIAL)
    state = new_game(sc, 1980, "standard")
    b = budget(state)
    assert (b.capital, b.capital_month, b.economy, b.economy_total, b.runs_out) == (4, 4, 4, 4, None)
    uid = next(c.uid for c in state.cards if sc.countries[c.country].acts)
    state, _ = apply(state, Respond(uid, "engage"))
    b = budget(state)
    # 2 of 4 spent in month 1: at 2 a month the other 2 pay for month 2, and month 3 cannot be paid.
    assert (b.capital, b.economy, b.economy_total, b.runs_out) == (3, 2, 4, 3)
    state, _ = apply(state, EndTurn())
    b = budget(state)
    # Month 2 opens with 2 left and nothing planned: 2 in 1 month is the pace, enough for month 2 only.
    assert (b.economy, b.economy_total, b.runs_out) == (2, 4, 3)


def test_no_warning_while_the_economy_lasts() -> None:
    sc = load(TUTORIAL)
    state = new_game(sc, 1980, "easy")  # 6 economy
    uid = next(c.uid for c in state.cards if sc.countries[c.country].acts)
    state, _ = apply(state, Respond(uid, "engage"))
    # 2 a month: 4 left pays for months 2 and 3.
    assert budget(state).runs_out is None
    assert budget(state).economy_total == 6


def test_the_words() -> None:
    from game.text import economy_text, economy_warning

    sc = load(TUTORIAL)
    state = new_game(sc, 1980, "standard")
    uid = next(c.uid for c in state.cards if sc.countries[c.country].acts)
    state, _ = apply(state, Respond(uid, "engage"))
    assert economy_text(budget(state), sc) == "Economy 2 of 4 for the game"
    assert economy_warning(budget(state), sc) == ("At the pace so far, no economy will be left for May 1980 "
                                                  "(month 3 of 3).")


def test_a_refusal_says_what_the_card_can_spend() -> None:
    """Capital 4 and economy 4: engagement in Berlin and Warsaw (2 capital, 4 economy), then 'Explain the
    danger' on Warsaw's second card and in Ulan-Bator (2 capital): nothing left. Engagement in Ulan-Bator
    instead of its explanation gets the 1 capital back and still lacks 2 economy. The refusal said 'you have 0
    capital and 0 economy left this month': the economy is for the whole game, and the capital the card's
    present answer gives back was not counted."""
    import pytest

    from game.engine import IllegalActionError

    sc = load(TUTORIAL)
    state = new_game(sc, 1980, "standard")
    acting = [c for c in state.cards if sc.countries[c.country].acts]
    assert [sc.countries[c.country].id for c in acting] == ["gdr", "poland", "poland", "mongolia"]
    gdr, poland, poland_2, mongolia = (c.uid for c in acting)
    for uid, response in ((gdr, "engage"), (poland, "engage"), (poland_2, "explain"), (mongolia, "explain")):
        state, _ = apply(state, Respond(uid, response))
    assert state.remaining() == (0, 0)
    with pytest.raises(IllegalActionError) as refused:
        apply(state, Respond(mongolia, "engage"))
    assert str(refused.value) == ("Positive engagement costs 1 capital and 2 economy; you have 0 capital left this "
                                  "month and 0 economy left, and Explain the danger, the answer it would replace, "
                                  "gives back 1 capital")
