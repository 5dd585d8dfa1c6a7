"""Messages the screens post up to the app, which alone calls the engine and sets the new state."""

from __future__ import annotations

from pathlib import Path

from textual.message import Message


class OpenScenario(Message):
    """Start a new game of the scenario at ``path`` (the app checks it and opens the new-game screen)."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path


class StartGame(Message):
    def __init__(self, player: str, seed: int, difficulty: str) -> None:
        super().__init__()
        self.player = player
        self.seed = seed
        self.difficulty = difficulty


class ResumeGame(Message):
    """Continue a saved game: the autosave, or a named save at ``path``."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path


class ResponseChosen(Message):
    def __init__(self, card: str, response: str) -> None:
        super().__init__()
        self.card = card
        self.response = response


class InitiativeToggled(Message):
    def __init__(self, initiative: str) -> None:
        super().__init__()
        self.initiative = initiative


class EndMonth(Message):
    """The player asked to end the month (the app confirms when cards are open or resources unspent)."""


class ReportRead(Message):
    """The player has read the month's report and goes on (to the next month, or the debrief)."""
