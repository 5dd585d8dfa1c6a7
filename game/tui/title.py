"""The first screen: the title, with its menu of scenarios.

It is kept apart from ``game.tui.screens`` so that it appears without loading the engine, the records or the
renderers, and from ``game.tui.dialogs`` (help, the dialogs, a scenario's problems), which load when first
shown: each screen class Textual builds costs the start about 2 million machine instructions
(benchmarks/startup.py measures the start). Nothing here imports ``game.engine``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import Group
from rich.padding import Padding
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.tui.messages import OpenScenario, ResumeGame
from game.tui.widgets import KeyFooter, MarkedOptionList

if TYPE_CHECKING:
    from game.tui.app import AmbassadorApp


#: The id of the bundled tutorial, offered first on the title screen of a first run.
TUTORIAL_ID = "tutorial"


def _game_app(screen: Screen[Any]) -> AmbassadorApp:
    from game.tui.app import AmbassadorApp

    app = screen.app
    assert isinstance(app, AmbassadorApp)
    return app


class TitleScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "app.quit", "Quit"),
    ]
    _fresh = False

    def compose(self) -> ComposeResult:
        # The title lists every scenario, each with its own world and side, so the banner names none of them.
        yield Static(Text.assemble(("AMBASSADOR\n", "bold"),
                                   "An ambassador's year, month by month, played from the historical sources.\n"
                                   "Choose a scenario: each names its own crisis, its rival and its posts."),
                     id="title-banner")
        yield MarkedOptionList(*self._entries(), id="title-menu")
        yield KeyFooter()
        self._fresh = True  # the entries were just read: the resume that shows the screen first keeps them

    def _entries(self) -> Iterable[Option]:
        app = _game_app(self)
        saved = app.saved_game_summary()
        if saved:
            yield Option(Text.assemble(("Continue: ", "bold"), saved), id="continue")
        entries = app.scenarios()
        if app.first_run():  # a new student starts with the tutorial, whatever the default scenario is
            entries = sorted(entries, key=lambda e: e.id != TUTORIAL_ID)
        for entry in entries:
            yield Option(Group(Text.assemble(("New game: ", "bold"), entry.title),
                               Padding(Text(f"{entry.turns} months, {entry.posts} posts. {entry.description}"),
                                       (0, 0, 0, 2))),
                         id=f"play:{entry.path}")
        if app.OPEN_FILES:
            yield Option(Text.assemble(("Open a scenario file...", "bold")), id="open")
        yield Option(Text.assemble(("Load a saved game...", "bold")), id="load")
        yield Option(Text.assemble(("How to play", "bold")), id="help")
        yield Option(Text.assemble(("Quit", "bold")), id="quit")

    def on_screen_resume(self) -> None:
        menu = self.query_one(OptionList)
        if not self._fresh:  # back from a game or a dialog: a save or a record may have come or gone
            menu.set_options(self._entries())
        self._fresh = False
        menu.highlighted = 0
        menu.focus()

    @on(OptionList.OptionSelected, "#title-menu")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        choice = event.option.id or ""
        app = _game_app(self)
        if choice == "continue":
            from game.paths import autosave_path

            self.post_message(ResumeGame(autosave_path()))
        elif choice.startswith("play:"):
            self.post_message(OpenScenario(Path(choice[5:])))
        elif choice == "open":
            from game.tui.dialogs import OpenFileScreen

            app.push_screen(OpenFileScreen(), self._opened)
        elif choice == "load":
            app.action_load_game()
        elif choice == "help":
            app.action_help()
        elif choice == "quit":
            app.exit(0)

    def _opened(self, path: Path | None) -> None:
        if path is not None:
            self.post_message(OpenScenario(path))
