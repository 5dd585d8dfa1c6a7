"""The Textual app: it owns the game state, calls the engine, saves, and hands the state down to the screens."""

from __future__ import annotations

import asyncio
import collections
import contextlib
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events, on, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.screen import Screen

from game.paths import autosave_path, data_home
from game.scenario.catalog import ScenarioEntry, bundled_entries
from game.tui.messages import (
    EndMonth,
    InitiativeToggled,
    OpenScenario,
    ReportRead,
    ResponseChosen,
    ResumeGame,
    StartGame,
)
from game.tui.title import TitleScreen

if TYPE_CHECKING:
    from game.engine import GameState, Launch, Recall, Respond, Scenario
    from game.engine.report import MonthReport
    from game.session import RecordSink, Session

# The engine, the records, the session and the game's screens load when a game opens, not before the title
# screen (the first screen should cost little more than a bare Textual app: benchmarks/startup.py). Methods
# import what they use. Saving, resuming, the warnings before a month ends, the reflections and the finished
# record are game.session's, the same as the plain game's.


THEMES = ("textual-dark", "textual-light")


def settings_path() -> Path:
    """The player's settings (today only the theme), beside the saves."""
    return data_home() / "settings.json"


def load_theme() -> str:
    """The theme last chosen with F2 on this machine, or the dark one."""
    try:
        text = settings_path().read_text(encoding="utf-8")
    except OSError:  # none chosen yet: json is not even loaded before the title screen
        return THEMES[0]
    import json

    try:
        theme = json.loads(text).get("theme")
    except (ValueError, AttributeError):
        return THEMES[0]
    return theme if theme in THEMES else THEMES[0]


def save_theme(theme: str) -> None:
    import json

    from game.records import write_atomic

    write_atomic(settings_path(), json.dumps({"theme": theme}) + "\n")


#: How much of a player's name the title screen's 'Continue' entry shows.
NAME_SHOWN = 40
#: What a save mid-month keeps (``game.session``: the month's answers and initiatives), as the app says it.
ANSWERS_KEPT = "with this month's answers so far"


class AmbassadorApp(App[int]):
    """Owns the GameState. Screens get it through ``show`` and post messages; only this class calls the engine."""

    CSS_PATH = "ambassador.tcss"
    TITLE = "Ambassador"
    #: Whether the title screen offers to open any scenario file (not in a game served to a class).
    OPEN_FILES = True
    #: Whether the seed and difficulty are fixed (shown on the new-game form, not editable): a served game.
    FIXED_SETTINGS = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark,f1", "help", "Help"),
        Binding("g", "glossary", "Glossary"),
        Binding("r", "reader", "Reader", show=False),
        Binding("ctrl+s", "save_game", "Save", show=False),
        Binding("ctrl+o", "load_game", "Load", show=False),
        Binding("f2", "toggle_theme", "Theme", show=False),
        Binding("ctrl+c", "save_and_quit", "Save and quit", show=False, priority=True),
    ]

    def __init__(self, scenario: str | Path | None = None, *, seed: int | None = None, player: str = "",
                 difficulty: str = "", record: Path | None = None, resume: bool = False, watch: bool = False,
                 stamp: Callable[[], str] | None = None, blink: bool = True, reflect: bool = False,
                 sink: RecordSink | None = None) -> None:
        super().__init__()
        self.reflect = reflect  # ask for a one-line reflection before each month ends
        #: Handed every record the game's session produces (a served game: the classroom store).
        self.sink = sink
        self.scenario_arg = scenario
        self.seed_arg = seed
        self.player = player
        self.difficulty_arg = difficulty
        self.record_arg = record
        self.resume = resume
        self.watch_file = watch
        self.stamp = stamp  # names a finished game's record file (None: the local time)
        self.blink = blink
        self.scenario: Scenario | None = None
        self.scenario_path: Path | None = None
        #: The game in progress (None before one starts).
        self.session: Session | None = None
        self.last_report: tuple[GameState, MonthReport] | None = None
        self.record_error = ""  # why the final record could not be written (the debrief says so, not a path)
        self.theme = load_theme()
        #: What ``game.tui.run`` prints once the app has closed (the game is saved, how to continue).
        self.farewell = ""
        self._typed: collections.deque[events.Key] = collections.deque()
        self._replaying: events.Key | None = None
        self._typist: asyncio.Task[None] | None = None
        self._handing: DOMNode | None = None

    @property
    def state(self) -> GameState | None:
        """The game as it stands (the session's), None before a game starts."""
        return self.session.state if self.session is not None else None

    # -- keys typed ahead ------------------------------------------------------------------------------------
    # A key typed while a screen changes (Enter then n, e then y: under a class's lag they arrive together)
    # would reach the screen that is leaving, or a screen not yet mounted, and be lost. So the keys go out one
    # at a time, each once the key before it has been handled and the app is quiet again (nothing queued in
    # the app or on the current screen); a key that arrives before then waits. A key that arrives when the
    # app is idle goes through at once, as in any Textual app.
    # "Handled": the app hands a key to the focused widget (or the screen), from which it goes up through the
    # parents to the screen and back to the app, whose bindings it reaches last (Enter reads the report
    # there). Until then the key sits in some widget's queue, where ``_quiet`` does not look, so the next key
    # would be decided on the same screen: "e" sent to the report with the Enter that leaves it was lost.
    # ``_follow`` trails the key up that path (every queue is first in, first out); ``_handing`` is the node
    # it is awaited at, None once it has passed the app.
    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            if event is self._replaying:
                self._replaying = None
            elif self._typed or self._handing is not None or not self._quiet():
                self._typed.append(event)
                if self._typist is None or self._typist.done():
                    self._typist = asyncio.create_task(self._type_ahead())
                return
            target = self.focused or self.screen  # where Textual hands the key
            await super().on_event(event)
            self._follow(target)
            return
        await super().on_event(event)

    def _follow(self, node: DOMNode) -> None:
        """The key handed out last is at ``node`` or above it: it has passed ``node`` once what ``node`` has
        queued now has been handled (``_passed``)."""
        self._handing = node
        if not node.call_later(self._passed, node):  # a node closing takes no more messages, nor the key
            self._passed(node)

    def _passed(self, node: DOMNode) -> None:
        if node is not self._handing:  # a trail given up (``_type_ahead``)
            return
        if node is self:
            self._handing = None
        else:
            self._follow(node.parent or self)

    def _quiet(self) -> bool:
        if not self._message_queue.empty():
            return False
        screen = self.screen
        if not screen.is_mounted:
            return False
        # The screen's own queue, not its widgets': a scroll animating must not hold keys back.
        return screen._message_queue.empty() and all(node.is_mounted for node in screen.children)

    async def _type_ahead(self) -> None:
        calm = 0
        while self._typed or self._replaying is not None:
            await asyncio.sleep(1 / 60)
            handing = self._handing
            if handing is not None and handing is not self and not handing.is_attached:
                self._follow(self)  # its widget was removed with the key in its queue: the key ended there
            # The last key handled, and what it started (a screen change) finished: quiet twice, a frame apart.
            handled = self._replaying is None and self._handing is None
            calm = calm + 1 if handled and self._quiet() else 0
            if calm >= 2 and self._typed:
                key = self._typed.popleft()
                self._replaying = events.Key(key.key, key.character)
                self.post_message(self._replaying)
                calm = 0

    # -- start -----------------------------------------------------------------------------------------------
    def get_default_screen(self) -> Screen[None]:
        return TitleScreen()

    def on_mount(self) -> None:
        self._save_on_hang_up()
        if self.resume:
            self._resume(autosave_path())
        elif self.scenario_arg is not None:
            from game.scenario import ScenarioError, resolve
            from game.tui.dialogs import ProblemsScreen

            try:
                path = resolve(str(self.scenario_arg))
            except ScenarioError as exc:
                self.push_screen(ProblemsScreen(Path(str(self.scenario_arg)),
                                                [str(p) for p in exc.problems], False))
                return
            self._open_scenario(path)
            if self.watch_file:
                self._watch(path)

    def _save_on_hang_up(self) -> None:
        """A closed terminal (SIGHUP) saves the game as Ctrl+C does; without this, closing the window lost the
        month's answers. asyncio runs the handler in the app's loop, between its events."""
        import signal

        if hasattr(signal, "SIGHUP"):
            with contextlib.suppress(RuntimeError, ValueError):  # only the main thread may handle signals
                asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, self._hung_up)

    def _hung_up(self) -> None:
        self._save_for_later()
        self.exit(0)

    def on_unmount(self) -> None:
        import signal

        if hasattr(signal, "SIGHUP"):
            with contextlib.suppress(RuntimeError, ValueError):
                asyncio.get_running_loop().remove_signal_handler(signal.SIGHUP)

    def scenarios(self) -> list[ScenarioEntry]:
        return bundled_entries()

    def first_run(self) -> bool:
        """No game was ever saved or finished here: the title screen puts the tutorial first."""
        records = data_home() / "records"
        return not autosave_path().exists() and not (records.is_dir() and any(records.glob("*.json")))

    def saved_game_summary(self) -> str | None:
        """What the title screen offers to continue: the autosave of an unfinished game, if there is one."""
        path = autosave_path()
        if not path.is_file():
            return None
        from game.records import RecordError, read

        try:
            record = read(path)
        except RecordError:
            return None
        if record.finished:
            return None
        from game.files import shown

        # the name as typed: control characters escaped, a long one cut, so the menu entry stays one line or two
        who = f", {shown(record.player, NAME_SHOWN)}" if record.player else ""
        return f"{record.scenario_title}, month {len(record.turns) + 1} (seed {record.seed}{who})"

    def _open_scenario(self, path: Path) -> None:
        from game.scenario import ScenarioError, check, resolve
        from game.tui.dialogs import ProblemsScreen
        from game.tui.screens import NewGameScreen

        try:  # a name as `ambassador play NAME` reads it: a bundled scenario's, or a file's without .toml
            path = resolve(str(path))
        except ScenarioError as exc:
            self.push_screen(ProblemsScreen(path, [str(p) for p in exc.problems], self.watch_file))
            return
        scenario, problems = check(path)
        self.scenario_path = path
        if scenario is None:
            self.push_screen(ProblemsScreen(path, [str(p) for p in problems], self.watch_file))
            return
        self.scenario = scenario
        seed = scenario.seed if self.seed_arg is None else self.seed_arg
        self.push_screen(NewGameScreen(scenario, self.player, seed, self.difficulty_arg,
                                        fixed=self.FIXED_SETTINGS))

    @on(OpenScenario)
    def _on_open(self, message: OpenScenario) -> None:
        self._open_scenario(message.path)

    @on(StartGame)
    def _on_start(self, message: StartGame) -> None:
        self._start_game(message.player, message.seed, message.difficulty)

    def _start_game(self, player: str, seed: int, difficulty: str) -> None:
        from game.session import Session

        assert self.scenario is not None and self.scenario_path is not None
        self.player = player
        self.session = Session.start(self.scenario, self.scenario_path, seed=seed, difficulty=difficulty,
                                     player=player, record_path=self.record_arg, reflect=self.reflect,
                                     sink=self.sink, stamp=self.stamp)
        self.last_report = None
        self.record_error = ""
        self._show_month()

    def _show_month(self) -> None:
        from game.tui.screens import MonthScreen

        assert self.state is not None
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(MonthScreen(self.state, self.session.previous if self.session else None))

    # -- resume, save, load ------------------------------------------------------------------------------
    @on(ResumeGame)
    def _on_resume(self, message: ResumeGame) -> None:
        self._resume(message.path)

    def _resume(self, path: Path) -> None:
        from game.session import Session, SessionError

        try:
            session = Session.resume(path, fallback=self.scenario_path, reflect=self.reflect, sink=self.sink,
                                     stamp=self.stamp)
        except SessionError as exc:
            self.notify(f"Cannot continue that game: {exc}", severity="error", timeout=10)
            return
        if self.record_arg is not None:
            session.record_path = self.record_arg
        self.session, self.scenario, self.scenario_path = session, session.scenario, session.scenario_path
        self.player = session.player
        self.last_report = None
        self.record_error = ""
        if session.state.over:
            self._finish()
        else:
            self._show_month()

    def _autosave(self) -> bool:
        """Save the game in progress if there is anything to lose; whether the autosave now holds it."""
        if self.session is None:
            return False
        try:
            return self.session.autosave() is not None
        except OSError as exc:
            self.notify(f"Could not autosave to {autosave_path()}: {exc.strerror or exc}", severity="error")
            return False

    def saves_dir(self) -> Path:
        return data_home() / "saves"

    def action_save_game(self) -> None:
        from game.records import safe_name

        if self.state is None or self.state.over:
            self.notify("There is no game in progress to save.")
            return
        default = safe_name(self.player or "game")

        def save(name: str | None) -> None:
            if not name or self.session is None:
                return
            path = self.saves_dir() / f"{safe_name(name)}.json"
            try:
                self.session.save(path)
            except OSError as exc:
                self.notify(f"Could not save: {exc}", severity="error")
                return
            self.notify(f"Saved to {path}" + (f", {ANSWERS_KEPT}." if self.session.month_begun() else "."))

        from game.tui.dialogs import AskScreen

        self.push_screen(AskScreen("Save the game as (Enter to save, Esc to cancel)", default), save)

    def action_load_game(self) -> None:
        from game.records import RecordError, read
        from game.tui.dialogs import LoadScreen

        saves: list[tuple[Path, str]] = []
        folder = self.saves_dir()
        for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
            try:
                rec = read(path)
            except RecordError:
                continue
            state = "finished" if rec.finished else f"month {len(rec.turns) + 1}"
            saves.append((path, f"{path.stem}: {rec.scenario_title}, {state}, seed {rec.seed}"))

        def load_it(path: Path | None) -> None:
            if path is not None:
                self._resume(path)

        self.push_screen(LoadScreen(saves), load_it)

    def action_save_and_quit(self) -> None:
        self._save_for_later()
        self.exit(0)

    async def action_quit(self) -> None:
        self._save_for_later()
        self.exit(0)

    def _save_for_later(self) -> None:
        """Before leaving: the game in progress to the autosave (``Session.autosave``: only once there is
        something to lose), and what ``game.tui.run`` then says."""
        session = self.session
        if session is None or session.state.over:
            return
        if not session.has_progress():
            from game.text import nothing_saved

            self.farewell = nothing_saved(self.saved_game_summary() is not None)
        elif self._autosave():
            month = session.scenario.month_label(session.state.turn)
            where = f"{month}, {ANSWERS_KEPT}" if session.month_begun() else f"from the start of {month}"
            self.farewell = f"Saved — continue with `ambassador play --resume` ({where})."

    # -- the month ----------------------------------------------------------------------------------------
    def _show_state(self) -> None:
        from game.tui.screens import GameView

        state = self.state
        assert state is not None
        # The arrows are measured from the previous month's opening, which moves on as each month ends.
        previous = self.session.previous if self.session is not None else None
        for screen in self.screen_stack:
            if isinstance(screen, GameView):
                screen.previous = previous
                screen.show(state)

    def _act(self, action: Respond | Launch | Recall) -> None:
        from game.engine import IllegalActionError

        if self.session is None:
            return
        try:
            self.session.act(action)
        except IllegalActionError as exc:
            self.notify(str(exc), severity="warning")
            return
        self._show_state()

    @on(ResponseChosen)
    def _on_response(self, message: ResponseChosen) -> None:
        from game.engine import Respond

        self._act(Respond(message.card, message.response))

    @on(InitiativeToggled)
    def _on_initiative(self, message: InitiativeToggled) -> None:
        from game.engine import Launch, Recall

        if self.state is None:
            return
        planned = message.initiative in self.state.launched
        self._act(Recall(message.initiative) if planned else Launch(message.initiative))

    @on(EndMonth)
    def _on_end_month(self, message: EndMonth) -> None:
        if self.session is None or self.session.state.over:
            return
        worries = self.session.worries()
        if not worries:
            self._end_month()
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self._end_month()

        from game.tui.dialogs import ConfirmScreen

        self.push_screen(ConfirmScreen("\n".join([*worries, "", "End the month anyway?"])), answer)

    def _end_month(self) -> None:
        """End the month; with reflections on, first ask the student's one line on why they chose as they did
        (Enter with nothing skips it; Esc goes back to the month)."""
        from game.tui.dialogs import ReflectScreen

        session = self.session
        if session is None or not session.reflect:
            self._resolve_month()
            return
        label = session.scenario.month_label(session.state.turn)

        def answer(text: str | None) -> None:
            if text is None:
                return
            session.reflect_on(text)
            self._resolve_month()

        self.push_screen(ReflectScreen(f"Your reflection on {label}, in one line: why did you choose as you "
                                       "did? Enter to end the month (an empty line skips it); Esc to go back."),
                         answer)

    def _resolve_month(self) -> None:
        from game.tui.screens import ReportScreen

        assert self.session is not None
        report = self.session.end_month()
        state = self.session.state
        self.last_report = (state, report)
        # The screens over the month's (a post's, made for last month's cards) go before the new month is shown.
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self._show_state()
        # The month's toasts would cover the report's right side; what keeping the month says (a classroom
        # store that cannot be written: "Tell your teacher") is for the report, so it is cleared before, never
        # by the report as it opens, which could come after the notice.
        self.clear_notifications()
        self._keep()
        self.push_screen(ReportScreen(state, report))

    @on(ReportRead)
    def _on_report_read(self, message: ReportRead) -> None:
        if self.state is not None and self.state.over:
            self._finish()
        else:
            self.pop_screen()

    def _keep(self) -> None:
        """After a month: the autosave, or the finished game's record (``Session.keep``)."""
        assert self.session is not None
        try:
            self.session.keep()
            if self.session.record_note:
                self.notify(self.session.record_note, severity="warning", timeout=10)
        except OSError as exc:
            if self.session.state.over:
                self.notify(f"Could not write the record: {exc.strerror or exc}", severity="error")
                self.record_error = f"nowhere: it could not be written ({exc.strerror or exc}; is the disk full?)"
            else:
                self.notify(f"Could not autosave to {autosave_path()}: {exc.strerror or exc}", severity="error")

    def _finish(self) -> None:
        from game.tui.screens import EndScreen

        assert self.state is not None
        while len(self.screen_stack) > 1:
            self.pop_screen()
        reflections = sorted(self.session.reflections.items()) if self.session is not None else []
        self.push_screen(EndScreen(self.state, self.record_location(), reflections))

    def record_location(self) -> str:
        """Where the debrief says the game record went (a served game names the teacher's store)."""
        if self.record_error:
            return self.record_error
        written = self.session.written if self.session is not None else None
        return str(written) if written else "(a resumed game: see your data folder)"

    def action_last_report(self) -> None:
        from game.tui.screens import ReportScreen

        if self.last_report is None:
            self.notify("No report yet: end a month first.")
            return
        state, report = self.last_report
        self.push_screen(ReportScreen(state, report, review=True))

    def action_to_title(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()

    # -- reference screens --------------------------------------------------------------------------------
    def _reference_scenario(self) -> Scenario | None:
        if self.scenario is not None:
            return self.scenario
        from game.scenario import ScenarioError, load

        for entry in bundled_entries():
            try:
                return load(entry.path)
            except ScenarioError:
                continue
        return None

    def action_help(self) -> None:
        from game.engine.data import DEFAULT_WORDS
        from game.tui.dialogs import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            # The words of the game being played; the format's defaults on the title screen.
            w = self.state.scenario.words if self.state is not None else DEFAULT_WORDS
            self.push_screen(HelpScreen({"rival": w.rival, "countries": w.countries, "capital": w.capital,
                                         "economy": w.economy, "values": ", ".join(w.values)}))

    def action_glossary(self) -> None:
        from game.tui.screens import GlossaryScreen

        sc = self._reference_scenario()
        if sc is not None and not isinstance(self.screen, GlossaryScreen):
            self.push_screen(GlossaryScreen(sc))

    def action_reader(self) -> None:
        from game.tui.screens import ReaderScreen

        sc = self._reference_scenario()
        if sc is not None and not isinstance(self.screen, ReaderScreen):
            self.push_screen(ReaderScreen(sc))

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"
        try:
            save_theme(self.theme)
        except OSError as exc:
            self.notify(f"Could not remember the theme in {settings_path()}: {exc}", severity="warning")

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Help: keys and how to play", "Every key binding and the rules in brief",
                            self.action_help)
        yield SystemCommand("Glossary", "Every abbreviation and term, searchable", self.action_glossary)
        yield SystemCommand("Source reader", "The source document in the game's words, with citations",
                            self.action_reader)
        yield SystemCommand("Light or dark theme", "Switch between the light and the dark theme",
                            self.action_toggle_theme)
        yield SystemCommand("Load a saved game", "Continue a game saved under a name", self.action_load_game)
        yield SystemCommand("Title screen", "Back to the title screen (the game stays autosaved)",
                            self.action_to_title)
        if self.state is not None and not self.state.over:
            yield SystemCommand("Save the game", "Save under a name, to load later", self.action_save_game)
            yield SystemCommand("End the month", "Resolve this month's plan", lambda: self.post_message(EndMonth()))
        if self.last_report is not None:
            yield SystemCommand("Last report", "The report of the last finished month", self.action_last_report)

    # -- --watch: the author's preview --------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="watch")
    def _watch(self, path: Path) -> None:
        from textual.worker import get_current_worker

        worker = get_current_worker()

        def stamp() -> tuple[int, int] | None:
            try:
                st = path.stat()
            except OSError:
                return None
            return st.st_mtime_ns, st.st_size

        last = stamp()
        while not worker.is_cancelled:
            time.sleep(0.3)
            now = stamp()
            if now != last and now is not None:
                last = now
                self.call_from_thread(self.action_reload_scenario)

    def action_reload_scenario(self) -> None:
        """Check the scenario file again; keep the game where the change allows, or list the problems."""
        path = self.scenario_path
        if path is None:
            return
        from game.scenario import check
        from game.tui.dialogs import ProblemsScreen
        from game.tui.screens import NewGameScreen

        scenario, problems = check(path)
        top = self.screen
        if scenario is None:
            lines = [str(p) for p in problems]
            if isinstance(top, ProblemsScreen):
                top.show(lines)
            else:
                self.push_screen(ProblemsScreen(path, lines, self.watch_file))
            return
        if isinstance(top, ProblemsScreen):
            self.pop_screen()
        self.scenario = scenario
        if self.state is None:
            # The new-game screen shows the scenario's title, introduction and difficulties: show the new ones,
            # keeping what the author typed in its fields.
            if isinstance(self.screen, NewGameScreen):
                self.screen.show_scenario(scenario)
            else:
                seed = scenario.seed if self.seed_arg is None else self.seed_arg
                self.push_screen(NewGameScreen(scenario, self.player, seed, self.difficulty_arg,
                                               fixed=self.FIXED_SETTINGS))
            self.notify(f"{path.name} reloaded.")
            return
        assert self.session is not None
        dropped = self.session.reload(scenario)
        if dropped:
            shown = "; ".join(dropped[:3]) + (f"; and {len(dropped) - 3} more" if len(dropped) > 3 else "")
            self.notify(f"No longer allowed by the edited scenario, so left to the default: {shown}.",
                        severity="warning", timeout=10)
        kept = len(self.session.state.history)
        self.last_report = None
        if self.session.state.over:
            self._keep()
            self._finish()
        else:
            self._show_month()
        self.notify(f"{path.name} reloaded; your game was replayed on it ({kept} month{'s' if kept != 1 else ''} "
                    "played).")
