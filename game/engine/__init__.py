"""The pure rules core: no I/O, no clock, no textual, no pydantic, no global randomness."""

from game.engine.data import VALUE_NAMES, Origin, Scenario
from game.engine.expr import COUNTRY_VARS, ExprError
from game.engine.state import (
    Action,
    CardDrawn,
    Cause,
    DrawnCard,
    EndTurn,
    EventFired,
    GameEvent,
    GameFinishedError,
    GameOver,
    GameState,
    IllegalActionError,
    InitiativeLaunched,
    Launch,
    MonthBegan,
    Recall,
    Respond,
    ResponseApplied,
    TurnEnded,
    TurnRecord,
    ValueChanged,
    apply,
    cohesion,
    legal_actions,
    new_game,
    play_turn,
)

ENGINE_VERSION = "1"

__all__ = [
    "COUNTRY_VARS", "ENGINE_VERSION", "VALUE_NAMES", "Action", "CardDrawn", "Cause", "DrawnCard", "EndTurn",
    "EventFired", "ExprError", "GameEvent", "GameFinishedError", "GameOver", "GameState",
    "IllegalActionError", "InitiativeLaunched",
    "Launch", "MonthBegan", "Origin", "Recall", "Respond", "ResponseApplied", "Scenario", "TurnEnded",
    "TurnRecord", "ValueChanged", "apply", "cohesion", "legal_actions", "new_game", "play_turn",
]
