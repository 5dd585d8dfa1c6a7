"""Known-answer tests of the rules on tests/fixtures/scenarios/mini.toml, worked out by hand in the comments."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.engine import (
    EndTurn,
    EventFired,
    GameOver,
    IllegalActionError,
    Launch,
    Recall,
    Respond,
    ValueChanged,
    apply,
    legal_actions,
    new_game,
    play_turn,
)
from game.engine.data import Scenario
from game.engine.report import month_report
from game.scenario import load

MINI = Path(__file__).parents[1] / "fixtures" / "scenarios" / "mini.toml"


@pytest.fixture(scope="module")
def mini() -> Scenario:
    return load(MINI)


def test_opening(mini: Scenario) -> None:
    state = new_game(mini)
    assert [(c.uid, c.card) for c in state.cards] == [("t1-a-1", "push"), ("t1-w-1", "push")]
    assert state.cohesion == 70.0  # (80*3 + 40*1) / 4
    assert (state.capital, state.economy) == (2.0, 3.0)
    assert [c.uid for c in state.unanswered()] == ["t1-a-1"]  # the watched post's card is not the player's


def test_two_months_by_hand(mini: Scenario) -> None:
    state = new_game(mini)
    state, _ = apply(state, Respond("t1-a-1", "hard"))
    before = state
    state, events = apply(state, EndTurn())
    # a: the card is half blocked (alignment 80-5, ties 10+2), 'hard' adds 10 resentment, the rule takes 1,
    # and at 29 the 'angry' event fires once (stability 60-7). w: the default lets the card through in full.
    assert state.values[0] == (75.0, 12.0, 29.0, 53.0)
    assert state.values[1] == (30.0, 54.0, 49.0, 43.0)
    assert state.history[-1].cohesion == 63.75
    report = month_report(before, events)
    assert {(e.event, e.country) for e in report.fired} == {("angry", "a"), ("angry", "w")}
    # Capital: 2 unspent, 1 carries over, on top of the monthly 2. The dated event opens month 2.
    assert state.capital == 3.0
    assert state.climate == 55.0
    assert report.turn == 1 and report.label == "December 1980"
    assert [e.event for e in report.briefing if isinstance(e, EventFired)] == ["new_year"]
    align = next(c for c in report.changes if c.country == "a" and c.var == "alignment")
    assert (align.before, align.after) == (80.0, 75.0)
    assert [(cause.kind, cause.id, delta) for cause, delta in align.parts] == [("card", "push", -5.0)]

    state, _ = apply(state, Respond("t2-a-1", "soft"))
    state, _ = apply(state, Launch("coord"))
    assert state.remaining() == (0.0, 0.0)
    state, events = apply(state, EndTurn())
    # a: 'soft' blocks the card fully (the card's own override) and adds 1, coordination adds 1: 77.
    assert state.values[0][0] == 77.0
    assert state.values[1][0] == 20.0
    assert state.over and state.ending == "bad"
    assert state.score == 63  # mean of 63.75 and 62.75, rounded, plus bonus 0
    assert isinstance(events[-1], GameOver)
    assert legal_actions(state) == []
    with pytest.raises(IllegalActionError, match="over"):
        apply(state, EndTurn())


def test_legal_actions_are_ordered_and_affordable(mini: Scenario) -> None:
    state = new_game(mini)
    assert [str(a) for a in legal_actions(state)] == [
        "respond t1-a-1 ignore", "respond t1-a-1 hard", "respond t1-a-1 soft", "launch coord", "end"]
    state, _ = apply(state, Respond("t1-a-1", "soft"))
    # 'soft' spends all the capital: coordination is no longer affordable; changing the answer still is.
    assert [str(a) for a in legal_actions(state)] == ["respond t1-a-1 ignore", "respond t1-a-1 hard", "end"]
    with pytest.raises(IllegalActionError, match="costs 1 capital"):
        apply(state, Launch("coord"))
    state, _ = apply(state, Respond("t1-a-1", "hard"))
    assert state.plan == (("t1-a-1", "hard"),)
    state, _ = apply(state, Launch("coord"))
    assert "recall coord" in [str(a) for a in legal_actions(state)]
    state, _ = apply(state, Recall("coord"))
    assert state.launched == ()


def test_a_cards_own_answer_counts_back_when_it_changes(mini: Scenario) -> None:
    # Capital 2, economy 3; 'soft' costs (2, 3). Once the card holds it nothing is left, yet the card may still
    # spend (2, 3) on its answer: its own answer's cost comes back when it changes.
    soft = mini.response("soft")
    state, _ = apply(new_game(mini), Respond("t1-a-1", "soft"))
    assert state.remaining() == (0.0, 0.0)
    assert state.room("t1-a-1") == (2.0, 3.0)
    assert state.can_afford("t1-a-1", soft)
    # With the initiative launched first (1 capital), 1 capital is left for the card: 'soft' does not fit.
    state, _ = apply(new_game(mini), Launch("coord"))
    assert state.room("t1-a-1") == (1.0, 3.0)
    assert not state.can_afford("t1-a-1", soft)
    assert "respond t1-a-1 soft" not in [str(a) for a in legal_actions(state)]


def test_legal_actions_count_a_cards_own_answer_back() -> None:
    # The tutorial, seed 1: capital 4, economy 4, four cards to answer; 'explain', 'expose' and
    # 'economic_care' cost 1 capital, 'engage' 1 capital and 2 economy, 'ignore' and 'vigilance' nothing,
    # and the one initiative, 'coordinate', 3 capital. With 'explain' on every card, no capital is left, but
    # each card may still change to any answer costing up to 1 capital: its own 'explain' comes back.
    tutorial = load(Path(__file__).parents[2] / "scenarios" / "tutorial.toml")
    state = new_game(tutorial, 1)
    mine = [c.uid for c in state.unanswered()]
    assert mine == ["t1-gdr-1", "t1-poland-1", "t1-poland-2", "t1-mongolia-1"]
    for uid in mine:
        state, _ = apply(state, Respond(uid, "explain"))
    assert state.remaining() == (0.0, 4.0)
    offered = [str(a) for a in legal_actions(state)]
    assert offered == [f"respond {uid} {r}" for uid in mine
                       for r in ("ignore", "expose", "economic_care", "vigilance", "engage")] + ["end"]



def test_the_plan_is_kept_in_card_order_whatever_the_order_of_the_answers() -> None:
    # The tutorial, seed 1, its four cards answered last to first: the plan (and the month's record) lists
    # them in the order they were drawn, on both paths of play_turn (one step, or action by action).
    tutorial = load(Path(__file__).parents[2] / "scenarios" / "tutorial.toml")
    start = new_game(tutorial, 1)
    mine = [c.uid for c in start.unanswered()]
    state = start
    for uid in reversed(mine):
        state, _ = apply(state, Respond(uid, "explain"))
    assert [uid for uid, _ in state.plan] == mine
    by_actions, _ = apply(state, EndTurn())
    in_one_step, _ = play_turn(start, {uid: "explain" for uid in reversed(mine)})
    assert by_actions.history[0].choices == in_one_step.history[0].choices == tuple((u, "explain") for u in mine)


@pytest.mark.parametrize("explain", [True, False])
def test_a_plan_that_names_a_card_not_drawn_is_refused(mini: Scenario, explain: bool) -> None:
    # Month 1 holds t1-a-1 and t1-w-1 only: a whole plan naming another card is refused, not played without it.
    with pytest.raises(IllegalActionError, match="there is no card 't9-a-1' this month"):
        play_turn(new_game(mini), {"t1-a-1": "hard", "t9-a-1": "hard"}, explain=explain)


@pytest.mark.parametrize(("action", "message"), [
    (Respond("t1-w-1", "hard"), "watched"),
    (Respond("t9-a-1", "hard"), "no card"),
    (Respond("t1-a-1", "nonsense"), "not allowed"),
    (Launch("nonsense"), "no initiative"),
    (Recall("coord"), "not in this month's plan"),
])
def test_illegal_actions_say_why(mini: Scenario, action: Respond | Launch | Recall, message: str) -> None:
    with pytest.raises(IllegalActionError, match=message):
        apply(new_game(mini), action)


def test_every_change_has_a_cause(mini: Scenario) -> None:
    _state, events = apply(new_game(mini), EndTurn())
    changes = [e for e in events if isinstance(e, ValueChanged)]
    assert changes
    for ch in changes:
        assert ch.cause.kind in {"card", "response", "initiative", "rule", "event", "month"}
        if ch.cause.kind != "month":
            assert ch.cause.origin is not None and ch.cause.origin.file == "mini.toml"
            assert ch.cause.origin.line > 0
