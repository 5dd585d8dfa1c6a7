"""The game as one browser session of `ambassador serve` runs it (the `ambassador _session` command).

It is the ordinary app with two differences, kept here so that the rest of the TUI knows nothing of the
classroom: every record the app writes (the start, each month's autosave, a named save, the final record) is
also handed to ``sink`` (the classroom store), and only the teacher's scenario and the bundled ones open, so a
student cannot make the game read a file of the teacher's machine ("Open a scenario file..." refuses). Each
session runs with a data folder of its own (set by the caller), so "Continue" and "Load" only ever see that
session's own games.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from game.tui.app import AmbassadorApp

if TYPE_CHECKING:
    from game.records import Record


class ServedApp(AmbassadorApp):
    """The app of one browser session. It overrides the app's own record writing (``_save`` for the autosave
    and named saves, ``_write_final_record``) and scenario opening (``_open_scenario``): tests/classroom pin
    that all three still take effect, so a rename in the app fails there rather than silently."""

    OPEN_FILES = False

    def __init__(self, scenario: Path, *, seed: int | None, sink: Callable[[Record], None]) -> None:
        super().__init__(scenario, seed=seed)
        self.sink = sink
        self.allowed = scenario.resolve()

    def _open_scenario(self, path: Path) -> None:
        from game.scenario import bundled_entries

        # The same list the title screen offers (read without validating every file again).
        allowed = {self.allowed, *(entry.path.resolve() for entry in bundled_entries())}
        if path.resolve() not in allowed:
            self.notify("In a served game only the class's scenario and the bundled ones can be opened.",
                        severity="warning", timeout=8)
            return
        super()._open_scenario(path)

    def _save(self, record_path: Path) -> None:
        super()._save(record_path)
        self._store()

    def _write_final_record(self) -> None:
        super()._write_final_record()
        self._store()

    def _record_location(self) -> str:
        # The session's own folder is thrown away when the browser tab closes: the store is what lasts.
        return "your teacher's class results (sent automatically; nothing for you to hand in)"

    def _store(self) -> None:
        from game.records import from_state

        if self.state is None:
            return
        try:
            self.sink(from_state(self.state, self.player))
        except Exception as exc:  # the game goes on; the student is told
            self.notify(f"Could not send this game to the teacher's store: {exc}", severity="error", timeout=10)


def run(scenario: Path, *, seed: int | None, sink: Callable[[Record], None]) -> int:
    return int(ServedApp(scenario, seed=seed, sink=sink).run() or 0)
