"""Help, the dialogs and the list of a scenario's problems: the screens that need no game, loaded when one is
first shown (the title screen, ``game.tui.title``, does not wait for them). Nothing here imports
``game.engine``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from game.tui.widgets import KeyFooter, MarkedOptionList


def set_blink(screen: Screen[Any]) -> None:
    """Inputs blink unless the app says not to (snapshots need a still cursor)."""
    blink = bool(getattr(screen.app, "blink", True))
    for widget in screen.query(Input):
        widget.cursor_blink = blink


# --- help ---------------------------------------------------------------------------------------------------

#: How to play, in the words of the scenario being played (game.engine.data.Words; this module does not load
#: the engine, so the app passes them in).
HELP_INTRO = ("Each month {rival} reaches out to {countries}: one or more cards at each post. "
              "Open a post, read each card and choose a response within your {capital} (monthly) "
              "and your {economy} (for the whole game). Then end the month and read the report: every "
              "change names its cause and the scenario line behind it. Watched posts show what {rival} "
              "achieves where you cannot act.")

HELP_KEYS: list[tuple[str, list[tuple[str, str]]]] = [
    ("Everywhere", [("? or F1", "this help"), ("g", "glossary (type to search)"), ("r", "the source reader"),
                    ("ctrl+p", "command palette"), ("ctrl+s", "save the game under a name"),
                    ("ctrl+o", "load a saved game"), ("f2", "light or dark theme"),
                    ("ctrl+q", "quit (the game is saved, this month's answers too)"),
                    ("ctrl+c", "save and quit")]),
    ("The month", [("up, down", "move"), ("enter", "open a post, or plan or cancel an initiative"),
                   ("n", "next post with open cards"), ("e", "end the month"), ("l", "last month's report"),
                   ("h", "the whole hint, when the screen cut it")]),
    ("A post", [("1 to 9", "choose that response for the selected card (or enter, or a click)"),
                ("up, down", "move in the responses"), ("tab, shift+tab", "the next card, the previous one"),
                ("n", "next post with open cards"),
                ("escape", "back to the month"), ("e", "end the month")]),
    ("The report", [("enter", "continue"), ("1 to 4", "chart: {values}"),
                    ("up, down", "scroll")]),
    ("The end", [("l", "the last report"), ("t", "title screen"), ("q", "quit")]),
]

HELP_MARKS = [
    ("█░", "a bar: the value out of 100, with the number beside it"),
    ("▲+2 ▼-3 =0", "the change since last month's screen, this month's events included"),
    ("○2", "two cards at this post still to answer; ✓ every card answered"),
    ("watch", "a copy post: watched, not run"),
    ("● ○", "the chosen response, the others"),
    ("▶", "the selected line"),
    ("[x] [ ]", "an initiative planned this month, or not"),
]


def help_text(words: dict[str, str]) -> RenderableType:
    """The help, with the scenario's words (rival, countries, capital, economy, values) put in."""
    parts: list[RenderableType] = [Text("How to play", style="bold underline"), Text(HELP_INTRO.format(**words))]
    for title, rows in [*HELP_KEYS, ("Marks", HELP_MARKS)]:
        grid = Table.grid(padding=(0, 2))
        grid.add_column(no_wrap=True, min_width=10)
        grid.add_column(ratio=1)
        for key, what in rows:
            grid.add_row(Text(key, style="bold"), what.format(**words))
        parts += [Text(f"\n{title}", style="bold underline"), grid]
    return Group(*parts)


class TextScreen(ModalScreen[None]):
    """A text to read in a scrolling dialog (the help, the reader, a hint whole); Esc closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", "Close")]

    def __init__(self, text: RenderableType, ident: str) -> None:
        super().__init__()
        self.text = text
        self.ident = ident  # the text's widget id: the stylesheet and the tests find it by it

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"), VerticalScroll():
            yield Static(self.text, id=self.ident)
        yield KeyFooter()


class HelpScreen(TextScreen):
    def __init__(self, words: dict[str, str]) -> None:
        super().__init__(help_text(words), "help-text")


# --- dialogs -------------------------------------------------------------------------------------------------

class ConfirmScreen(ModalScreen[bool]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n", "answer(False)", "No"),
        Binding("escape", "answer(False)", "No", show=False),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog small"):
            yield Static(self.question, id="question")
            with Horizontal(classes="buttons"):
                yield Button("Yes (y)", id="yes", variant="primary")
                yield Button("No (n)", id="no")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class AskScreen(ModalScreen["str | None"]):
    """Ask for one line of text (a save name, a file path)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, question: str, value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self.question = question
        self.value = value
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog small"):
            yield Static(self.question)
            yield Input(self.value, placeholder=self.placeholder)

    def on_mount(self) -> None:
        set_blink(self)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ReflectScreen(ModalScreen["str | None"]):
    """The optional line a month: Enter gives the text, even empty (skipped); Esc gives None (go back)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Back to the month")]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog small"):
            yield Static(self.question)
            yield Input(placeholder="one line, optional")

    def on_mount(self) -> None:
        set_blink(self)

    @on(Input.Submitted)
    def _reflected(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class OpenFileScreen(ModalScreen["Path | None"]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog small"):
            yield Static("Open a scenario: the path to a .toml file, or a bundled one's name (tutorial). "
                         "Enter to open, Esc to cancel.")
            yield Input(placeholder="scenarios/my-class.toml")

    def on_mount(self) -> None:
        set_blink(self)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        self.dismiss(Path(value).expanduser() if value else None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class LoadScreen(ModalScreen["Path | None"]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, saves: list[tuple[Path, str]]) -> None:
        super().__init__()
        self.saves = saves

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text("Load a saved game (Enter to load, Esc to cancel)", style="bold"))
            if self.saves:
                yield MarkedOptionList(*[Option(label, id=str(k)) for k, (_, label) in enumerate(self.saves)])
            else:
                yield Static("No saved games yet. Save one with ctrl+s during a game.")

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.saves[int(event.option.id or "0")][0])

    def action_cancel(self) -> None:
        self.dismiss(None)


class ProblemsScreen(Screen[None]):
    """A scenario that does not load: every problem, as `ambassador validate` prints it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.to_title", "Title screen"),
        Binding("r", "app.reload_scenario", "Check again"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, path: Path, problems: list[str], watching: bool) -> None:
        super().__init__()
        self.path = path
        self.problems = problems
        self.watching = watching

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="problems"):
            yield Static(id="problems-text")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._draw()

    def show(self, problems: list[str]) -> None:
        self.problems = problems
        if self.query("#problems-text"):  # a reload (--watch) before this screen is up: on_mount draws these
            self._draw()

    def _draw(self) -> None:
        """The problems, as the screen shows them. (on_mount draws them itself: while it runs the screen is
        not yet ``is_mounted``, and the check that stood here left the screen blank.)"""
        problems = self.problems
        n = len(problems)
        out = Text()
        out.append(f"{self.path} cannot be played: {n} problem{'s' if n != 1 else ''}\n\n", style="bold")
        for p in problems:
            out.append(f"{p}\n")
        if not self.watching and not self.path.is_file():  # a name mistyped: nothing there to fix
            out.append("\nCheck the name: Esc goes back to the title screen to type it again, and r checks again "
                       "once the file is there.")
        else:
            out.append("\nFix the file" + (": this screen updates when you save it." if self.watching else
                                             ", then press r to check again."))
        self.query_one("#problems-text", Static).update(out)
