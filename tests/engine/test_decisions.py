"""Decisions that events put to the player ([[events.options]]), with answers worked out by hand on
tests/fixtures/scenarios/decisions.toml (read it beside this file). Each game is played every way the engine
plays one: explained, without events, and again as a block of records (game.engine.lockstep.replay); the blocks
of fixed policies against games alone are tests/sim/test_lockstep.py's, which plays this fixture too."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.engine import GameState, lockstep, new_game, play_turn
from game.engine.state import IllegalActionError, Respond, apply, legal_actions
from game.scenario import load

FIXTURE = Path(__file__).parents[1] / "fixtures" / "scenarios" / "decisions.toml"


def _month_two(seed: int = 7) -> GameState:
    sc = load(FIXTURE)
    state, _ = play_turn(new_game(sc, seed), {}, ())
    return state


def test_a_decision_sits_at_its_posts_after_the_outreach_card() -> None:
    state = _month_two()
    assert [(c.uid, c.card) for c in state.cards] == [
        ("t2-a-1", "push"), ("t2-a-strike", "event.strike"),
        ("t2-b-1", "push"), ("t2-b-strike", "event.strike"), ("t2-w-1", "push")]
    assert [r.id for r in state.allowed_responses("t2-a-strike")] == ["strike.press", "strike.talk", "strike.wait"]
    # The event's own effect came with it at the opening: stability 60 - 8 at Alpha, 50 - 8 at Beta.
    assert state.values[0][3] == 52 and state.values[1][3] == 42


def test_only_the_decisions_options_answer_it() -> None:
    state = _month_two()
    with pytest.raises(IllegalActionError, match="not allowed"):
        apply(state, Respond("t2-a-strike", "hard"))
    offered = {(a.card, a.response) for a in legal_actions(state) if isinstance(a, Respond)}
    assert ("t2-a-strike", "strike.press") in offered and ("t2-a-strike", "hard") not in offered


def _three_ways(state: GameState, plans: list[tuple[dict[str, str], tuple[str, ...]]]) -> GameState:
    """The month(s) from the first month's opening, explained, without events, and as a block of records:
    the three must agree."""
    explained, quiet = state, state
    for plan in plans:
        explained, _ = play_turn(explained, *plan)
        quiet, _ = play_turn(quiet, *plan, explain=False)
    assert quiet.values == explained.values and quiet.capital == explained.capital
    (again,) = lockstep.replay(state.scenario, [state.seed], "", [plans])
    assert again is not None and again.values == explained.values
    assert (again.capital, again.economy) == (explained.capital, explained.economy)
    return explained


def test_the_chosen_options_apply_at_their_posts() -> None:
    """Month 2, seed 7: capital 3 + the 1 carried over = 4, economy 4. Alpha presses (2 capital), Beta urges
    talks (1 capital, 1 economy). At each post the outreach card first (alignment - 6, China ties + 3), then
    the option: Alpha stability 52 + 6 = 58, resentment 30 + 8 = 38; Beta stability 42 + 3 = 45, alignment
    54 - 6 - 2 = 46."""
    start = new_game(load(FIXTURE), 7)
    after = _three_ways(start, [({}, ()), ({"t2-a-strike": "strike.press", "t2-b-strike": "strike.talk"}, ())])
    month_two = after.history[1]
    assert month_two.values[0] == (58.0, 26.0, 38.0, 58.0)
    assert month_two.values[1] == (46.0, 36.0, 40.0, 45.0)
    assert (month_two.capital, month_two.economy) == (1.0, 3.0)


def test_an_unanswered_decision_takes_its_default_option() -> None:
    """Left unanswered, the strike takes "wait" (marked default, though listed last): stability - 4 more at both
    posts, and it costs nothing."""
    start = new_game(load(FIXTURE), 7)
    after = _three_ways(start, [({}, ()), ({}, ())])
    month_two = after.history[1]
    assert month_two.values[0][3] == 48.0 and month_two.values[1][3] == 38.0
    assert (month_two.capital, month_two.economy) == (4.0, 4.0)


def test_a_decision_by_chance_is_put_only_where_its_event_fires() -> None:
    """The visit (chance one half, month 3, Beta) fires for seed 8 and not for seed 7; where it fires its
    default, "snub", adds 3 resentment at Beta when left unanswered."""
    sc = load(FIXTURE)
    cards: dict[int, list[str | float]] = {}
    for seed in (7, 8):
        state = new_game(sc, seed)
        for _ in range(2):
            state, _ = play_turn(state, {}, ())
        cards[seed] = [*(c.uid for c in state.cards)]
        final, _ = play_turn(state, {}, ())
        cards[seed].append(final.values[1][2])
    assert cards[7] == ["t3-a-1", "t3-b-1", "t3-w-1", 40.0]
    assert cards[8] == ["t3-a-1", "t3-b-1", "t3-b-visit", "t3-w-1", 43.0]
