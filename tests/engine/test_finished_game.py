"""A finished game plays no further month: every way of ending a month refuses, with one error type."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.engine import EndTurn, GameFinishedError, IllegalActionError, apply, new_game, play_turn
from game.scenario import load

ROOT = Path(__file__).resolve().parents[2]


def test_a_finished_game_plays_no_further_month() -> None:
    state = new_game(load(ROOT / "scenarios" / "tutorial.toml"), seed=3)
    while not state.over:
        state, _ = play_turn(state, {}, ())
    assert state.turn == state.scenario.turns
    for explain in (True, False):
        with pytest.raises(GameFinishedError, match="the game is over"):
            play_turn(state, {}, (), explain=explain)
    with pytest.raises(GameFinishedError, match="the game is over"):
        apply(state, EndTurn())
    assert issubclass(GameFinishedError, IllegalActionError)  # callers that catch illegal actions still do
