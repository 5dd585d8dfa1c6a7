"""The game as one browser session of `ambassador serve` runs it (a game forked by `ambassador _zygote`).

It is the ordinary app with these differences, kept here so that the rest of the TUI knows nothing of the
classroom: every record the game's session produces (the start, each month's autosave, a named save, the final
record) is also handed to ``sink`` (the classroom store), as the session's record sink; only the teacher's
scenario opens, with the teacher's seed and difficulty (shown on the new-game form, not editable), so every game
of the class can be compared; and a student cannot make the game read a file of the teacher's machine ("Open a
scenario file..." is not offered).
Each session runs with a data folder of its own (set by the caller), so "Continue" and "Load" only ever see
that session's own games; a returning student's unfinished game is put there as the autosave (``resume``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from game.tui.app import AmbassadorApp

if TYPE_CHECKING:
    from game.records import Record
    from game.scenario.catalog import ScenarioEntry


class ServedApp(AmbassadorApp):
    """The app of one browser session. Records reach the store through the session's record sink (the app hands
    its sink to every session it starts or resumes); scenario opening (``_open_scenario``), game start
    (``_start_game``) and where the debrief says the record went (``record_location``) are overridden:
    tests/classroom pin that they still take effect, so a rename in the app fails there rather than silently."""

    OPEN_FILES = False
    FIXED_SETTINGS = True

    def __init__(self, scenario: Path, *, seed: int, sink: Callable[[Record], None], difficulty: str = "",
                 resume: bool = False, reflect: bool = True) -> None:
        # a class reflects by default
        super().__init__(scenario, seed=seed, difficulty=difficulty, resume=resume, reflect=reflect,
                         sink=self._send)
        self.store = sink
        self.allowed = scenario.resolve()
        self.fixed_seed = seed

    def scenarios(self) -> list[ScenarioEntry]:
        """Only the class's scenario is offered."""
        from game.scenario.catalog import peek

        entry = peek(self.allowed)
        return [entry] if entry is not None else []

    def _open_scenario(self, path: Path) -> None:
        if path.resolve() != self.allowed:
            self.notify("In a served game only the class's scenario can be opened.", severity="warning", timeout=8)
            return
        super()._open_scenario(path)

    def _start_game(self, player: str, seed: int, difficulty: str) -> None:
        # A class's game is known to the teacher by its name alone (a game started without one was stored as
        # 'anonymous'), so it starts only with one: a letter or a digit at least.
        if not any(ch.isalnum() for ch in player):
            self.notify("Type your name first: your teacher sees your game under it.", severity="warning",
                        timeout=8)
            return
        # The form shows the teacher's settings read-only; the game starts with them whatever it is sent.
        super()._start_game(player, self.fixed_seed, self.difficulty_arg or self._default_difficulty())

    def _default_difficulty(self) -> str:
        return self.scenario.difficulties[0].id if self.scenario is not None and self.scenario.difficulties else ""

    def record_location(self) -> str:
        # The session's own folder is thrown away when the browser tab closes: the store is what lasts.
        return "your teacher's class results (sent automatically; nothing for you to hand in)"

    def _send(self, record: Record) -> None:
        try:
            self.store(record)
        except Exception as exc:  # the game goes on; the student is told
            self.notify(f"Could not send this game to your teacher: {exc}. Tell your teacher; keep playing: "
                        "the next month is sent again.", severity="error", timeout=15)


def run(scenario: Path, *, seed: int, sink: Callable[[Record], None], difficulty: str = "",
        resume: bool = False) -> int:
    return int(ServedApp(scenario, seed=seed, sink=sink, difficulty=difficulty, resume=resume).run() or 0)
